package org.relaywarden.process;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableImpl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy table {@code bpmn/remediation-policy.dmn}, row by row, and the order of its rows (hit policy FIRST). */
class RemediationPolicyDecisionTest {

    static DmnEngine dmn;
    static DmnDecision policy;

    @BeforeAll
    static void parse() throws Exception {
        dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        try (InputStream in = RemediationPolicyDecisionTest.class.getClassLoader()
                .getResourceAsStream("bpmn/remediation-policy.dmn")) {
            policy = dmn.parseDecision(RelayRemediation.DECISION_ID, in);
        }
    }

    @ParameterizedTest(name = "originator={0} failed={1} earlier={2} volume={3} -> {4} ({5})")
    @CsvSource({
            // Rule_Originator: whoever originated spam goes to termination review
            "true,  0, 0, 10,     termination-review, Rule_Originator",
            "true,  1, 3, 90000,  termination-review, Rule_Originator",
            // Rule_RepeatedFailedReenable: two failed re-enables in this case
            "false, 2, 0, 10,     termination-review, Rule_RepeatedFailedReenable",
            "false, 3, 0, 10,     termination-review, Rule_RepeatedFailedReenable",
            // Rule_RepeatOffender: two earlier incidents within 365 days
            "false, 0, 2, 10,     termination-review, Rule_RepeatOffender",
            // Rule_MassVolume
            "false, 0, 0, 50000,  termination-review, Rule_MassVolume",
            // Rule_SecondChance: relayed only, first or second time, one failed re-enable at most
            "false, 0, 0, 10,     questionnaire,      Rule_SecondChance",
            "false, 1, 1, 49999,  questionnaire,      Rule_SecondChance",
            "false, 0, 1, 0,      questionnaire,      Rule_SecondChance",
    })
    void route(boolean originator, int failedAttempts, int earlierIncidents, long volume, String route, String rule) {
        var result = dmn.evaluateDecisionTable(policy, Map.of("originator", originator, "failedAttempts", failedAttempts,
                "earlierIncidents", earlierIncidents, "volume", volume));
        assertThat(result.getSingleResult().<String>getSingleEntry()).isEqualTo(route);
        assertThat(policy.getDecisionLogic()).isNotNull();
        // the first matching rule decides; check it is the one named
        var matched = matchedRuleIds(originator, failedAttempts, earlierIncidents, volume);
        assertThat(matched).startsWith(rule);
    }

    private static List<String> matchedRuleIds(boolean originator, int failed, int earlier, long volume) {
        var table = (DmnDecisionTableImpl) policy.getDecisionLogic();
        List<String> ids = new ArrayList<>();
        for (var rule : table.getRules()) {
            var single = dmn.evaluateDecisionTable(singleRuleDecision(rule.getId()), Map.of("originator", originator,
                    "failedAttempts", failed, "earlierIncidents", earlier, "volume", volume));
            if (!single.isEmpty()) {
                ids.add(rule.getId());
            }
        }
        return ids;
    }

    private static DmnDecision singleRuleDecision(String ruleId) {
        try (InputStream in = RemediationPolicyDecisionTest.class.getClassLoader()
                .getResourceAsStream("bpmn/remediation-policy.dmn")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // keep only the one rule, so that its own match can be observed
            String kept = xml.replaceAll("(?s)<rule id=\"(?!" + ruleId + "\")[^\"]*\">.*?</rule>", "");
            return dmn.parseDecision(RelayRemediation.DECISION_ID,
                    new ByteArrayInputStream(kept.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
