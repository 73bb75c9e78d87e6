package org.relaywarden.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The import directions of the feature packages and their adapters. */
@AnalyzeClasses(packages = "org.relaywarden", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featurePackagesHaveNoCycles = slices().matching("org.relaywarden.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule mailServerAdaptersAreOnlyUsedByTheirOwnWiring = noClasses()
            .that().resideOutsideOfPackages("org.relaywarden.enforcement.sandbox..", "org.relaywarden.enforcement.postfix..")
            .should().dependOnClassesThat().resideInAnyPackage("org.relaywarden.enforcement.sandbox..",
                    "org.relaywarden.enforcement.postfix..");

    @ArchTest
    static final ArchRule onlyTheProcessPackageKnowsTheEngine = noClasses()
            .that().resideOutsideOfPackages("org.relaywarden.process..", "org.relaywarden.security..")
            .should().dependOnClassesThat().resideInAnyPackage("org.camunda.bpm.engine..");

    @ArchTest
    static final ArchRule featuresDoNotReachIntoTheProcessAdapter = noClasses()
            .that().resideOutsideOfPackage("org.relaywarden.process..")
            .should().dependOnClassesThat().resideInAPackage("org.relaywarden.process..");
}
