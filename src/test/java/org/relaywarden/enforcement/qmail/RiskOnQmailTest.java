package org.relaywarden.enforcement.qmail;

import org.relaywarden.testsupport.Await;
import org.relaywarden.quarantine.QuarantineService;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.RelayControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.testsupport.relay.Flood;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.relaywarden.enforcement.qmail.support.QmailLab;
import org.relaywarden.enforcement.risk.RiskCore;
import org.relaywarden.enforcement.risk.RiskFloods;
import org.relaywarden.enforcement.risk.RiskLevel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy core's risk with the default settings on the real qmail + vpopmail relay with the queue front of
 * docs/qmail.md (one request per message, its recipients' domains named): a flood from the account's own address
 * (FORCEAUTHMAILFROM makes every sender the login) to two new recipient domains a message is held after a handful
 * (the hold folder keeps the rest); the neighbour's 120 messages at full speed to its two partners are untouched.
 * Run under {@code flock /tmp/rw-qmail.lock}: the lab is one shared instance.
 */
@SpringBootTest(properties = {
        "camunda.bpm.process-engine-name=riskonqmail",
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "relaywarden.mail-server=qmail",
        "relaywarden.risk.enabled=true",
        "relaywarden.detection.deferred.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:qmail-risk;DB_CLOSE_DELAY=-1"})
@DirtiesContext
class RiskOnQmailTest {

    static final Account KUNDE = Account.parse(QmailLab.KUNDE);
    static final Account NACHBAR = Account.parse(QmailLab.NACHBAR);
    static final String SPAM = "X-Spam-Marker: risk-qmail";
    static final String LEGIT = "X-Legit: risk-qmail-neighbour";
    static final String FLOOD = "X-Spam-Marker: risk-qmail-flood-beside-firm";
    static final String FIRM = "X-Legit: risk-qmail-firm";
    static final String FLOODER = "rqflood@example.test", FIRM_LOGIN = "rqfirm@example.test", PW = "RiskQmail-123";
    static QmailLab lab;
    static Path quarantineDir;

    @DynamicPropertySource
    static void qmail(DynamicPropertyRegistry registry) throws Exception {
        lab = QmailLab.get();
        lab.remoteConcurrency(20);
        quarantineDir = Files.createTempDirectory("rw-qmail-risk-");
        registry.add("relaywarden.qmail.relays.relay-1.send-service", () -> lab.sendService().toString());
        registry.add("relaywarden.qmail.relays.relay-1.smtpd-log", () -> lab.smtpdLog().toString());
        registry.add("relaywarden.policy.port", () -> QmailLab.POLICY_PORT);
        registry.add("relaywarden.quarantine.dir", () -> quarantineDir.toString());
    }

    @AfterAll
    static void stop() {
        if (quarantineDir != null) {
            TestPostfix.deleteTree(quarantineDir);
        }
    }

    @Autowired
    RiskCore risk;
    @Autowired
    RelayControl relays;


    static long held() {
        try (Stream<Path> files = Files.list(QmailLab.HOLD.resolve("msg"))) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Postfix delivery line shortened to its time, recipient, delays and status. */
    static String delivery(String line) {
        Matcher m = DELIVERY.matcher(line);
        return m.find() ? m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4) : line;
    }

    static final Pattern DELIVERY = Pattern.compile("^(\\S+ +\\S+ +\\S+) .*(to=<[^>]*>).*(delays=[0-9./]+).*(status=\\w+)");

    @Autowired
    CaseRecords cases;
    @Autowired
    QuarantineService quarantine;

    long quarantined(Account... accounts) {
        return RiskFloods.quarantined(cases, quarantine, accounts);
    }

    @Test
    void aFloodToNewDomainsIsHeldAfterAHandfulWhileTheNeighbourSendsOnUntouched() throws Exception {
        long heldBefore = held();
        assertThat(Flood.submit(QmailLab.SMTP_PORT, QmailLab.NACHBAR, QmailLab.NACHBAR_PW, QmailLab.NACHBAR, 120, 2,
                i -> RiskFloods.message(LEGIT, i))).hasSize(120);
        int accepted = Flood.submit(QmailLab.SMTP_PORT, QmailLab.KUNDE, QmailLab.KUNDE_PW, i -> QmailLab.KUNDE, 200, 4,
                i -> RiskFloods.message(SPAM, i), RiskFloods.newDomains("q", 2)).size();
        // the lab's sink keeps one file per recipient: two a message
        assertThat(Await.within(Duration.ofSeconds(120), () -> lab.sinkCount(LEGIT) >= 240)).as("the neighbour's 120 delivered")
                .isTrue();
        assertThat(QmailLab.awaitQueueEmpty(lab, Duration.ofSeconds(120))).as("qmail's queue delivered").isTrue();
        long out = lab.sinkCount(SPAM) / 2;
        Await.within(Duration.ofSeconds(60), () -> held() - heldBefore + quarantined(KUNDE) > 0);
        long held = held() - heldBefore + quarantined(KUNDE);
        System.out.printf("risk on qmail: flood %d of 200 out (%d accepted), %d files in the hold folder; neighbour %d of 120%n",
                out, accepted, held, lab.sinkCount(LEGIT) / 2);
        assertThat(out).as("flood messages that reached the internet").isLessThanOrEqualTo(10);
        assertThat(held).as("held in the hold folder or quarantined by its case: nothing lost").isPositive();
        // the core holds or refuses it, or the case its verdict opened has already taken the account off ACTIVE
        // (a relay-state change lifts the core's own hold: the relay state answers from then on)
        assertThat(risk.levelOf(KUNDE) != RiskLevel.NONE || relays.stateOf(KUNDE) != RelayState.ACTIVE)
                .as("kunde held or refused by the core, or its relay state changed by its case").isTrue();
        assertThat(risk.levelOf(NACHBAR)).isEqualTo(RiskLevel.NONE);
        assertThat(lab.sinkCount(LEGIT)).isEqualTo(240);
    }

    /**
     * A small firm's own Postfix relaying for its users at a human pace (a message every 6 s, each to another of its
     * 40 partner domains) while another account's customer Postfix pushes a flood into the relay (held by the core,
     * so accepted into the hold folder at full speed): the firm is neither held nor suspended and all its mail arrives.
     */
    @Test
    void aSmallFirmsOwnPostfixIsNotHeldWhileAFloodRunsThroughTheSameRelay() throws Exception {
        for (String login : List.of(FLOODER, FIRM_LOGIN)) {
            try {
                lab.vdeluser(login); // left by an interrupted run
            } catch (RuntimeException absent) {
                // not there: as it should be
            }
            lab.vadduser(login, PW);
        }
        Account firm = Account.parse(FIRM_LOGIN);
        int firmMessages = 20;
        try (TestPostfix flooder = TestPostfix.customerOf("rqflood", QmailLab.SMTP_PORT, FLOODER, PW);
             TestPostfix firmPostfix = TestPostfix.customerOf("rqfirm", QmailLab.SMTP_PORT, FIRM_LOGIN, PW)) {
            CompletableFuture<Integer> flood = CompletableFuture.supplyAsync(() -> Flood.submit(flooder.smtpPort(), null, null,
                    i -> FLOODER, 1000, 4, i -> RiskFloods.message(FLOOD, i), RiskFloods.newDomains("qfb", 2)).size());
            for (int i = 0; i < firmMessages; i++) {
                long next = System.nanoTime() + 6_000_000_000L;
                int n = i;
                assertThat(Flood.submit(firmPostfix.smtpPort(), null, null, j -> FIRM_LOGIN, 1, 1, j -> RiskFloods.message(FIRM, n),
                        j -> new String[]{"contact" + n + "@partner" + (n * 7 % 40) + "-qfirm.test"})).hasSize(1);
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
            }
            assertThat(flood.get()).as("flood accepted by the flooder's Postfix").isEqualTo(1000);
            boolean arrived = Await.within(Duration.ofSeconds(240), () -> lab.sinkCount(FIRM) >= firmMessages);
            // the firm's Postfix says how long each message waited on its side (delays=before queue manager/in it/
            // connection setup/transmission): at a relay without a free session, the connection part grows
            System.out.printf("risk on qmail: the firm %d of %d at the sink, core level %s, relay state %s, flood %d out, "
                    + "the firm's Postfix still queues %d; its deliveries:%n%s%n", lab.sinkCount(FIRM), firmMessages,
                    risk.levelOf(firm), relays.stateOf(firm), lab.sinkCount(FLOOD) / 2, firmPostfix.queued(),
                    firmPostfix.maillog().lines().filter(l -> l.contains(" status=")).map(RiskOnQmailTest::delivery)
                            .collect(Collectors.joining("\n")));
            assertThat(risk.levelOf(firm)).as("the firm held or refused by the core").isEqualTo(RiskLevel.NONE);
            assertThat(relays.stateOf(firm)).isEqualTo(RelayState.ACTIVE);
            assertThat(arrived).as("all the firm's messages at the sink").isTrue();
        }
    }
}
