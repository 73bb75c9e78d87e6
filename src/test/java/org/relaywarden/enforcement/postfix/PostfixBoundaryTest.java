package org.relaywarden.enforcement.postfix;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Nothing outside the Postfix adapter uses it: the rest of Relaywarden sees only the enforcement ports. */
class PostfixBoundaryTest {

    @Test
    void onlyThePostfixAdapterUsesThePostfixAdapter() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.relaywarden");
        noClasses().that().resideOutsideOfPackage("org.relaywarden.enforcement.postfix..")
                .should().dependOnClassesThat().resideInAPackage("org.relaywarden.enforcement.postfix..")
                .check(classes);
    }
}
