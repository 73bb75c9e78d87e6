package org.relaywarden.complaints;

import org.junit.jupiter.api.AfterAll;
import org.relaywarden.account.Account;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.relaywarden.enforcement.qmail.support.QmailLab;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;


/**
 * The feedback loop on the real qmail + vpopmail lab (run under {@code flock /tmp/rw-qmail.lock}): qmail-queue's
 * Received: line ({@code (qmail PID invoked by uid N)}, above qmail-smtpd's {@code ... by mx.relay.test with ESMTPA})
 * leads to qmail-smtpd's own log line of the same message ({@code qlogreceived: result=accepted ... authuser=LOGIN ...
 * qp=PID}): the queue front execs qmail-queue in the process qmail-smtpd started, so the pid is the same.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "relaywarden.mail-server=qmail",
        "camunda.bpm.process-engine-name=fblonqmail",
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "camunda.bpm.job-execution.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:fbl-on-qmail;DB_CLOSE_DELAY=-1",
        "relaywarden.detection.deferred.interval=PT1H",
        "relaywarden.detection.rate.interval=PT1H"})
@DirtiesContext
class FeedbackLoopOnQmailTest extends FeedbackLoopScenario {

    static final Account KUNDE = Account.parse(QmailLab.KUNDE);
    static final Account NACHBAR = Account.parse(QmailLab.NACHBAR);
    static QmailLab lab;
    static Path quarantineDir;

    @DynamicPropertySource
    static void relay(DynamicPropertyRegistry registry) throws Exception {
        lab = QmailLab.get();
        lab.remoteConcurrency(20);
        lab.vmoduser("-x", QmailLab.KUNDE);
        quarantineDir = Files.createTempDirectory("rw-fbl-qmail-");
        // with the smtpd log (relaywarden.qmail.relays.NAME.smtpd-log); docs/complaints.md: the name qmail-smtpd writes
        // into its Received: lines (tcpserver -l, else control/localiphost)
        lab.relaywardenProperties("relay-1").forEach((k, v) -> registry.add(k, () -> v));
        registry.add("relaywarden.complaints.relay-hosts", () -> "mx.relay.test");
        registry.add("relaywarden.quarantine.dir", quarantineDir::toString);
        feedbackLoopMailbox(registry);
    }

    @AfterAll
    static void stop() {
        stopMailbox();
        lab.vmoduser("-x", QmailLab.KUNDE);
        TestPostfix.closeAll(quarantineDir);
    }

    FeedbackLoopOnQmailTest() {
        super(KUNDE, QmailLab.KUNDE_PW, NACHBAR, QmailLab.NACHBAR_PW);
    }

    @Override
    int smtpPort() {
        return QmailLab.SMTP_PORT;
    }

    @Override
    List<String> deliveredMessages() {
        return lab.sinkMessages("").stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
    }
}
