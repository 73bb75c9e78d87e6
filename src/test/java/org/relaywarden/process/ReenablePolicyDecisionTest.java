package org.relaywarden.process;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableRuleImpl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.relaywarden.credentials.CredentialCheck;

import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision {@code reenable-policy} of {@code bpmn/remediation-policy.dmn}, row by row: by default a re-enable
 * with the password of the suspension is refused, an unreadable store warns, a changed (or unchecked) one passes.
 * The inputs are what {@link CredentialCheck.Status#policyInput()} hands the table.
 */
class ReenablePolicyDecisionTest {

    static DmnDecision policy;
    static DmnEngine dmn;

    @BeforeAll
    static void parse() throws Exception {
        dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        try (InputStream in = ReenablePolicyDecisionTest.class.getClassLoader().getResourceAsStream("bpmn/remediation-policy.dmn")) {
            policy = dmn.parseDecision(ReenablePolicy.DECISION_ID, in);
        }
    }

    @ParameterizedTest(name = "{0} -> {1} ({2})")
    @CsvSource({
            "UNCHANGED,   refuse, Rule_PasswordUnchanged",
            "UNKNOWN,     warn,   Rule_PasswordUnknown",
            "CHANGED,     allow,  Rule_PasswordChangedOrNotChecked",
            "NOT_CHECKED, allow,  Rule_PasswordChangedOrNotChecked",
    })
    void reenable(CredentialCheck.Status status, String verdict, String rule) {
        var result = dmn.evaluateDecisionTable(policy, Map.of("credentialChanged", status.policyInput()));
        assertThat(result.getSingleResult().<String>getSingleEntry()).isEqualTo(verdict);
        assertThat(ReenablePolicy.Verdict.valueOf(verdict.toUpperCase(Locale.ROOT))).isNotNull();
        // the rule named in the row gives that output
        DmnDecisionTableImpl table = (DmnDecisionTableImpl) policy.getDecisionLogic();
        assertThat(table.getRules()).extracting(DmnDecisionTableRuleImpl::getId).contains(rule);
        assertThat(table.getRules().stream().filter(r -> r.getId().equals(rule)).findFirst().orElseThrow()
                .getConclusions().get(0).getExpression()).isEqualTo("\"" + verdict + "\"");
    }
}
