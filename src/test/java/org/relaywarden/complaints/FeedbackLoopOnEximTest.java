package org.relaywarden.complaints;

import org.relaywarden.testsupport.Ports;
import org.junit.jupiter.api.AfterAll;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.exim.support.TestExim;
import org.relaywarden.testsupport.relay.SmtpSink;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;


/**
 * The feedback loop on a real Exim: its Received: line ({@code by NAME.test with esmtpa (Exim 4.x) ... id MESSAGEID})
 * leads to the reception line of its main log ({@code MESSAGEID <= sender H=... P=esmtpa A=plain:LOGIN ...}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "relaywarden.mail-server=exim",
        "camunda.bpm.process-engine-name=fblonexim",
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "camunda.bpm.job-execution.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:fbl-on-exim;DB_CLOSE_DELAY=-1",
        "relaywarden.detection.deferred.interval=PT1H",
        "relaywarden.detection.rate.interval=PT1H"})
@DirtiesContext
class FeedbackLoopOnEximTest extends FeedbackLoopScenario {

    static final Account ALICE = Account.parse("alice@fbl.test");
    static final Account BOB = Account.parse("bob@fbl.test");
    static final String PW = "pw-fbl";
    static final int POLICY_PORT = Ports.freePort();
    static SmtpSink sink;
    static TestExim exim;
    static Path quarantineDir;

    @DynamicPropertySource
    static void relay(DynamicPropertyRegistry registry) throws Exception {
        quarantineDir = Files.createTempDirectory("rw-fbl-");
        sink = SmtpSink.start();
        exim = TestExim.named("fblexim").relayTo(sink.port()).policyService(POLICY_PORT)
                .user(ALICE.login(), PW).user(BOB.login(), PW).build().start();
        // with the main log (relaywarden.exim.relays.NAME.mainlog); docs/complaints.md: the name Exim writes into its
        // Received: lines (primary_hostname)
        exim.registerAsRelay(registry, "relay-1", POLICY_PORT);
        registry.add("relaywarden.complaints.relay-hosts", () -> exim.name() + ".test");
        registry.add("relaywarden.quarantine.dir", () -> quarantineDir.toString());
        feedbackLoopMailbox(registry);
    }

    @AfterAll
    static void stop() {
        stopMailbox();
        TestPostfix.closeAll(quarantineDir, exim, sink);
    }

    FeedbackLoopOnEximTest() {
        super(ALICE, PW, BOB, PW);
    }

    @Override
    int smtpPort() {
        return exim.smtpPort();
    }

    @Override
    List<String> deliveredMessages() {
        return sink.messages();
    }
}
