package org.relaywarden.complaints;

import org.relaywarden.testsupport.Ports;
import org.junit.jupiter.api.AfterAll;
import org.relaywarden.account.Account;
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
 * The feedback loop on a real Postfix: its Received: line ({@code by NAME.test (Postfix) with ESMTPSA id QUEUEID})
 * leads to the submission line of its mail log ({@code QUEUEID: client=..., sasl_method=PLAIN, sasl_username=LOGIN}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "relaywarden.mail-server=postfix",
        "camunda.bpm.process-engine-name=fblonpostfix",
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "camunda.bpm.job-execution.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:fbl-on-postfix;DB_CLOSE_DELAY=-1",
        "relaywarden.detection.deferred.interval=PT1H",
        "relaywarden.detection.rate.interval=PT1H"})
@DirtiesContext
class FeedbackLoopOnPostfixTest extends FeedbackLoopScenario {

    static final Account ALICE = Account.parse("alice@fbl.test");
    static final Account BOB = Account.parse("bob@fbl.test");
    static final String PW = "pw-fbl";
    static final int POLICY_PORT = Ports.freePort();
    static SmtpSink sink;
    static TestPostfix postfix;
    static Path quarantineDir;

    @DynamicPropertySource
    static void relay(DynamicPropertyRegistry registry) throws Exception {
        quarantineDir = Files.createTempDirectory("rw-fbl-");
        sink = SmtpSink.start();
        postfix = TestPostfix.named("fblrelay").relayhost(sink.relayhost()).policyService(POLICY_PORT)
                .user(ALICE.login(), PW).user(BOB.login(), PW).build().start();
        postfix.registerAsRelay(registry, "relay-1", POLICY_PORT);
        // docs/complaints.md: the relay's mail log, and the name the relay writes into its Received: lines (myhostname)
        registry.add("relaywarden.postfix.relays.relay-1.maillog", () -> postfix.root().resolve("maillog").toString());
        registry.add("relaywarden.complaints.relay-hosts", () -> postfix.name() + ".test");
        registry.add("relaywarden.quarantine.dir", () -> quarantineDir.toString());
        feedbackLoopMailbox(registry);
    }

    @AfterAll
    static void stop() {
        stopMailbox();
        TestPostfix.closeAll(quarantineDir, postfix, sink);
    }

    FeedbackLoopOnPostfixTest() {
        super(ALICE, PW, BOB, PW);
    }

    @Override
    int smtpPort() {
        return postfix.smtpPort();
    }

    @Override
    List<String> deliveredMessages() {
        return sink.messages();
    }
}
