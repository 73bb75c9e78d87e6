package org.relaywarden.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.Set;

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

    /** The policy core: the decision, its states and counters, the sending limits and the risk. */
    static final String[] CORE = {"org.relaywarden.enforcement.policy..", "org.relaywarden.enforcement.limits..",
            "org.relaywarden.enforcement.risk.."};
    /** The mail-server adapters, the simulated sandbox relay among them. */
    static final String[] ADAPTERS = {"org.relaywarden.enforcement.postfix..", "org.relaywarden.enforcement.exim..",
            "org.relaywarden.enforcement.qmail..", "org.relaywarden.enforcement.sandbox.."};
    /**
     * What an adapter may see of the core: the question it asks (the policy protocol's request and answer), the
     * durable layer it implements with the answers it formats, the health check its indicator gives a probe to, and
     * the receiving servers' answers it reads from its relays' logs for the risk.
     */
    static final Set<String> PORTS = Set.of(
            "org.relaywarden.enforcement.policy.PolicyService",
            "org.relaywarden.enforcement.policy.PolicyRequest",
            "org.relaywarden.enforcement.policy.DurableRefusals",
            "org.relaywarden.enforcement.policy.DurableAnswer",
            "org.relaywarden.enforcement.policy.RelayHealth",
            "org.relaywarden.enforcement.risk.ReceiverAnswers");

    /** One policy core for every mail server: no class of it is named after one (nor depends on one: see above). */
    @ArchTest
    static final ArchRule theCoreNamesNoMailServer = noClasses().that().resideInAnyPackage(CORE)
            .should().haveNameMatching(".*\\.[^.]*(?i:postfix|exim|qmail|vpopmail|sandbox)[^.]*");

    /** Adapters translate, the core decides: an adapter reaches the core only through its ports. */
    @ArchTest
    static final ArchRule adaptersSeeTheCoreOnlyThroughItsPorts = noClasses().that().resideInAnyPackage(ADAPTERS)
            .should().dependOnClassesThat(new DescribedPredicate<JavaClass>("are classes of the policy core other than its ports "
                    + PORTS) {
                @Override
                public boolean test(JavaClass c) {
                    String top = c.getName().replaceFirst("\\$.*", "");
                    boolean core = top.startsWith("org.relaywarden.enforcement.policy.")
                            || top.startsWith("org.relaywarden.enforcement.limits.")
                            || top.startsWith("org.relaywarden.enforcement.risk.");
                    return core && !PORTS.contains(top);
                }
            });
}
