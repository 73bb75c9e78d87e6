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

    /**
     * Every mail-server adapter is used by nothing but itself (its wiring lives inside it): not by
     * the policy core, not by the features, not by another adapter.
     */
    static ArchRule onlyItselfUses(String adapter) {
        String pkg = "org.relaywarden.enforcement." + adapter + "..";
        return noClasses().that().resideOutsideOfPackage(pkg).should().dependOnClassesThat().resideInAPackage(pkg)
                .allowEmptyShould(true);
    }

    @ArchTest
    static final ArchRule theSandboxIsOnlyUsedByItself = onlyItselfUses("sandbox");
    @ArchTest
    static final ArchRule thePostfixAdapterIsOnlyUsedByItself = onlyItselfUses("postfix");
    @ArchTest
    static final ArchRule theQmailAdapterIsOnlyUsedByItself = onlyItselfUses("qmail");
    @ArchTest
    static final ArchRule theEximAdapterIsOnlyUsedByItself = onlyItselfUses("exim");

    @ArchTest
    static final ArchRule onlyTheProcessPackageKnowsTheEngine = noClasses()
            .that().resideOutsideOfPackages("org.relaywarden.process..", "org.relaywarden.security..")
            .should().dependOnClassesThat().resideInAnyPackage("org.camunda.bpm.engine..");

    @ArchTest
    static final ArchRule featuresDoNotReachIntoTheProcessAdapter = noClasses()
            .that().resideOutsideOfPackage("org.relaywarden.process..")
            .should().dependOnClassesThat().resideInAPackage("org.relaywarden.process..");
}
