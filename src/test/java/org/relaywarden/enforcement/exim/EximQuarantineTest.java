package org.relaywarden.enforcement.exim;

import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.QuarantineScenario;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.exim.support.EximLab;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The quarantine ({@link QuarantineScenario}) on a real Exim (the ACL of docs/exim.md); and the application's relay
 * control writes the relay's suspended-logins file, the health indicator reads Exim's version.
 */
class EximQuarantineTest extends QuarantineScenario {

    static final EximLab LAB = new EximLab();

    @DynamicPropertySource
    static void relay(DynamicPropertyRegistry registry) throws Exception {
        startOn(LAB, registry);
    }

    @Autowired
    RelayControl relays;

    @Test
    void theApplicationsRelayControlWritesTheSuspendedLoginsFileAndHealthReadsExim() throws Exception {
        Account carol = Account.parse("carol@example.test");
        relays.suspend(carol, "relaying suspended, case RW-99");
        assertThat(Files.readString(LAB.exim().suspendedFile())).contains("carol@example.test: 451 4.7.1 relaying suspended, case RW-99\n");
        relays.restore(carol);
        assertThat(Files.readString(LAB.exim().suspendedFile())).doesNotContain("carol@");
        String health = mvc.perform(get("/actuator/health").with(httpBasic("operator", "operator")))
                .andReturn().getResponse().getContentAsString();
        assertThat(health).contains("Exim version 4.96");
    }
}
