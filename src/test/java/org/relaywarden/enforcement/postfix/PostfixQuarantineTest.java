package org.relaywarden.enforcement.postfix;

import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.NewCase;
import org.relaywarden.enforcement.QuarantineScenario;
import org.relaywarden.testsupport.relay.Flood;
import org.relaywarden.testsupport.relay.PostfixLab;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.relaywarden.quarantine.QuarantinedMessage;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The quarantine ({@link QuarantineScenario}) on a real Postfix; and releasing one quarantined message back to Postfix
 * through the API, once, and purging after the retention.
 */
class PostfixQuarantineTest extends QuarantineScenario {

    static final PostfixLab LAB = new PostfixLab();

    @DynamicPropertySource
    static void relay(DynamicPropertyRegistry registry) throws Exception {
        startOn(LAB, registry);
    }

    @Test
    void releasesOneQuarantinedMessageBackToPostfixOnceAndPurgesAfterTheRetention() throws Exception {
        TestPostfix postfix = LAB.postfix();
        // defer_transports keeps the released message in the queue, where it is looked at
        postfix.tool("postconf", "-e", "defer_transports=smtp, relay").orThrow();
        postfix.tool("postfix", "reload").orThrow();
        try {
            Account carol = Account.parse("carol@example.test");
            String pw = "pw-carol";
            postfix.addUser(carol.login(), pw);
            List<String> ids = Flood.submit(postfix.smtpPort(), carol.login(), pw, carol.login(), 3, 1,
                    i -> "Subject: carol " + i + "\n\nlegit " + i + "\n");
            assertThat(ids).hasSize(3);
            CaseReference ref = cases.open(new NewCase(carol, "test", "false alarm", false, null, carol.login(), "en"), "test");
            assertThat(quarantine.quarantine(ref, carol)).isEqualTo(3);
            QuarantinedMessage first = quarantine.ofCase(ref).get(0);

            String base = "/api/v1/cases/" + ref + "/quarantine";
            mvc.perform(get(base).with(httpBasic("operator", "operator"))).andExpect(status().isOk())
                    .andExpect(jsonPath("$.length()").value(3));
            mvc.perform(get(base + "/" + first.id()).with(httpBasic("operator", "operator"))).andExpect(status().isOk())
                    .andExpect(content().contentType("message/rfc822"))
                    .andExpect(content().bytes(quarantine.content(ref, first.id())));
            mvc.perform(post(base + "/" + first.id() + "/release").with(httpBasic("agent", "agent")))
                    .andExpect(status().isForbidden());
            mvc.perform(post(base + "/" + first.id() + "/release").with(httpBasic("operator", "operator")))
                    .andExpect(status().isNoContent());
            mvc.perform(post(base + "/" + first.id() + "/release").with(httpBasic("operator", "operator")))
                    .andExpect(status().isConflict());
            String queueLine = postfix.tool("postqueue", "-j").orThrow().stdoutText().lines()
                    .filter(l -> l.contains("\"sender\": \"carol@example.test\"")).findFirst().orElseThrow();
            assertThat(queueLine).contains(first.recipients().get(0)).contains(first.recipients().get(1));
            assertThat(quarantine.ofCase(ref).get(0).state()).isEqualTo("RELEASED");
            assertThatThrownBy(() -> quarantine.release(ref, first.id(), "operator")).as("never twice")
                    .isInstanceOf(IllegalStateException.class);

            assertThat(quarantine.purge(Duration.ofDays(30))).as("nothing is that old yet").isZero();
            assertThat(quarantine.purge(Duration.ZERO)).isGreaterThanOrEqualTo(3);
            assertThat(quarantine.ofCase(ref)).extracting(QuarantinedMessage::state).containsOnly("PURGED");
            assertThatThrownBy(() -> quarantine.content(ref, first.id())).hasMessageContaining("purged");

            String releasedId = queueLine.replaceAll(".*\"queue_id\": \"([0-9A-Za-z]+)\".*", "$1");
            postfix.tool("postsuper", "-d", releasedId).orThrow();
        } finally {
            postfix.tool("postconf", "-e", "defer_transports=").orThrow();
            postfix.tool("postfix", "reload").orThrow();
        }
    }
}
