package org.relaywarden.cluster;

import org.relaywarden.testsupport.Await;
import org.relaywarden.testsupport.Ports;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.relaywarden.testsupport.relay.Flood;
import org.relaywarden.testsupport.relay.SmtpSink;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.relaywarden.testsupport.PostgresServer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Two Relaywarden nodes, each a process of its own, on one real PostgreSQL (Debian package, a
 * private cluster per run), driving one real Postfix relay; letters go to GreenMail. The nodes
 * are killed with SIGKILL, the database restarted and the relay and the letter server taken away
 * while cases run. Lock expiry, lease and retry timings are shortened by configuration.
 * <p>
 * The relay asks node A's policy service; node B's is asked directly over the policy protocol.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterOnPostgresTest {

    static final String DOMAIN = "cluster.test";
    static final String PW = "cluster-pw";
    static final List<String> QUEUED = IntStream.range(0, 6).mapToObj(i -> "queued" + i + "@" + DOMAIN).toList();
    static final int QUEUED_EACH = 120;
    static final Duration JOB_LOCK = Duration.ofSeconds(30);

    static Path work;
    static PostgresServer pg;
    static JdbcTemplate db;
    static GreenMail mail;
    static int mailPort;
    static SmtpSink deferring;
    static TestPostfix relay;
    static RelaywardenNode a;
    static RelaywardenNode b;
    static int policyA;
    static int policyB;

    @BeforeAll
    static void startCluster() throws IOException {
        work = Files.createTempDirectory("rw-cluster-");
        pg = PostgresServer.start();
        pg.createDatabase("cluster");
        DriverManagerDataSource ds = new DriverManagerDataSource(pg.jdbcUrl("cluster"), PostgresServer.USER, PostgresServer.PASSWORD);
        db = new JdbcTemplate(ds);
        mailPort = Ports.freePort();
        startMail();
        deferring = SmtpSink.start("451 4.7.1 try again later");
        policyA = Ports.freePort();
        policyB = Ports.freePort();
        TestPostfix.Builder builder = TestPostfix.named("clusterrelay").relayhost(deferring.relayhost()).policyService(policyA);
        QUEUED.forEach(login -> builder.user(login, PW));
        relay = builder.build().start();
        a = RelaywardenNode.start("nodea", work, Ports.freePort(), policyA, nodeArgs());
        b = RelaywardenNode.start("nodeb", work, Ports.freePort(), policyB, nodeArgs());
    }

    static void startMail() {
        mail = new GreenMail(new ServerSetup(mailPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    /** What every node is started with: the production profile on PostgreSQL, the shared relay, short timings. */
    static List<String> nodeArgs() {
        return List.of(
                "--spring.profiles.active=demo,postgres",
                "--spring.datasource.url=" + pg.jdbcUrl("cluster"),
                "--spring.datasource.username=" + PostgresServer.USER,
                "--spring.datasource.password=" + PostgresServer.PASSWORD,
                "--spring.datasource.hikari.maximum-pool-size=25",
                "--spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
                "--relaywarden.mail-server=postfix",
                "--relaywarden.postfix.relays.relay1.config-dir=" + relay.configDir(),
                "--relaywarden.postfix.relays.relay1.access-map=" + relay.accessMap(),
                // a quarantine shared by the nodes (in production: a shared volume)
                "--relaywarden.quarantine.dir=" + work.resolve("quarantine"),
                "--relaywarden.questionnaire.claim.grace=PT1S",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + mailPort,
                "--spring.mail.properties.mail.smtp.connectiontimeout=2000",
                "--spring.mail.properties.mail.smtp.timeout=3000",
                "--camunda.bpm.job-execution.lock-time-in-millis=" + JOB_LOCK.toMillis(),
                "--camunda.bpm.job-execution.wait-time-in-millis=100",
                "--camunda.bpm.job-execution.max-wait=500",
                "--relaywarden.cluster.lease-duration=PT3S",
                // a letter job whose claim outlived its attempt (the database went away after the claim) must still
                // have retries left when the claim runs out: 4 x 8 s > 20 s (R3/PT2S gave up after 6 s: an incident)
                "--relaywarden.process.retry-cycle=R4/PT8S",
                "--relaywarden.letters.sending-claim=PT20S",
                "--relaywarden.detection.deferred.enabled=false",
                "--relaywarden.detection.rate.interval=PT1S",
                "--relaywarden.limits.floor-messages=100000",
                "--relaywarden.limits.ceiling-messages=100000",
                "--relaywarden.limits.floor-recipients=1000000",
                "--relaywarden.limits.ceiling-recipients=1000000",
                "--relaywarden.detection.rate.distinct-clients=10000",
                "--relaywarden.detection.accounts.[split@" + DOMAIN + "].messages=40",
                "--relaywarden.detection.burst.staged-threshold=20",
                "--logging.level.org.camunda.bpm.engine.jobexecutor=WARN");
    }

    @AfterAll
    static void stopCluster() {
        for (AutoCloseable c : new AutoCloseable[]{a, b, relay, deferring}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (mail != null) {
            mail.stop();
        }
        if (pg != null) {
            pg.close();
        }
        if (work != null) {
            TestPostfix.deleteTree(work);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    static String alertJson(String account) {
        return "{\"account\":\"" + account + "\",\"source\":\"queue-monitor\",\"reason\":\"cluster test\",\"language\":\"en\"}";
    }

    /** Raises an alert on a node as a monitoring system does: retried until the node answers 2xx. */
    static String alert(RelaywardenNode node, String account, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        RelaywardenNode.Response last = null;
        while (Instant.now().isBefore(deadline)) {
            last = node.post("monitoring", "/api/v1/alerts", alertJson(account));
            if (last.status() == 202 || last.status() == 200) {
                return last.body().path("caseId").asText();
            }
            RelaywardenNode.sleep(200);
        }
        return fail("alert for " + account + " not taken by " + node.name() + ": " + last);
    }

    /** {@link Await#until} (the database or a node may be away for a moment) with both nodes' state when it gives up. */
    static void await(String what, Duration max, BooleanSupplier condition) {
        Await.until(what, max, condition, () -> {
            a.threadDump();
            b.threadDump();
            return "--- jobs:\n" + engineState() + "\n--- node A:\n" + a.logTail() + "\n--- node B:\n" + b.logTail();
        });
    }

    /** Camunda's jobs, open executions and incidents, for the message of a test that gave up waiting. */
    static String engineState() {
        try {
            return "jobs " + db.queryForList("SELECT ID_, TYPE_, DUEDATE_, LOCK_OWNER_, LOCK_EXP_TIME_, RETRIES_, EXCEPTION_MSG_, "
                    + "SUSPENSION_STATE_, JOB_DEF_ID_, PROCESS_INSTANCE_ID_ FROM ACT_RU_JOB")
                    + "\nexecutions " + db.queryForList("SELECT PROC_INST_ID_, BUSINESS_KEY_, ACT_ID_, IS_ACTIVE_ FROM ACT_RU_EXECUTION")
                    + "\nincidents " + db.queryForList("SELECT INCIDENT_TYPE_, PROC_INST_ID_, ACTIVITY_ID_, INCIDENT_MSG_ FROM ACT_RU_INCIDENT")
                    + "\ncases " + db.queryForList("SELECT id, account, stage FROM remediation_case ORDER BY id DESC LIMIT 5");
        } catch (RuntimeException e) {
            return "(engine state not readable: " + e + ")";
        }
    }

    static String stageOf(String account) {
        List<String> stages = db.queryForList("SELECT stage FROM remediation_case WHERE account = ? ORDER BY id DESC", String.class, account);
        return stages.isEmpty() ? "" : stages.get(0);
    }

    static int count(String sql, Object... args) {
        Integer n = db.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    /** Letters GreenMail received per recipient, and per recipient the Message-IDs. */
    static Map<String, List<String>> lettersByRecipient() {
        Map<String, List<String>> out = new HashMap<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            try {
                for (var r : m.getAllRecipients()) {
                    out.computeIfAbsent(r.toString(), k -> new ArrayList<>()).add(m.getMessageID());
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** Both policy services refuse the account (451 or 554 with the suspension's text; HOLD is not a refusal). */
    static boolean refusedByBoth(String account) {
        return refusal(PolicyClient.peek(policyA, account)) && refusal(PolicyClient.peek(policyB, account));
    }

    static boolean refusal(String action) {
        return action.matches("action=[45]\\d\\d .*");
    }

    static String leaseOwner() {
        return db.queryForObject("SELECT owner FROM cluster_lease WHERE name = 'scheduled-work' AND expires_at > CURRENT_TIMESTAMP",
                String.class);
    }

    // ---- the cluster behaves as one system ---------------------------------------------------

    @Test
    @Order(1)
    void aRelayStateChangeOnOneNodeIsAnsweredTheSameByTheOtherWithinOneSecond() {
        List<Long> lags = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String account = "follow" + i + "@" + DOMAIN;
            alert(i % 2 == 0 ? a : b, account, Duration.ofSeconds(10));
            // the suspension job runs on either node: that node answers at once, the other once it has followed
            Instant deadline = Instant.now().plusSeconds(30);
            long atA = 0;
            long atB = 0;
            try (PolicyClient toA = new PolicyClient(policyA); PolicyClient toB = new PolicyClient(policyB)) {
                while ((atA == 0 || atB == 0) && Instant.now().isBefore(deadline)) {
                    long now = System.nanoTime();
                    if (atA == 0 && !toA.peek(account).equals("action=DUNNO")) {
                        atA = now;
                    }
                    if (atB == 0 && !toB.peek(account).equals("action=DUNNO")) {
                        atB = now;
                    }
                    RelaywardenNode.sleep(5);
                }
            }
            assertThat(atA).as("node A refuses %s", account).isPositive();
            assertThat(atB).as("node B refuses %s", account).isPositive();
            lags.add(TimeUnit.NANOSECONDS.toMillis(Math.abs(atB - atA)));
        }
        Collections.sort(lags);
        System.out.printf("relay state followed by the other node: lag p50 %d ms, max %d ms over %d changes (poll interval 250 ms)%n",
                lags.get(lags.size() / 2), lags.get(lags.size() - 1), lags.size());
        assertThat(lags.get(lags.size() - 1)).as("the other node answers the same within 1 s").isLessThan(1000);
        assertThat(leaseOwner()).isIn("nodea", "nodeb");
    }

    @Test
    @Order(2)
    void aFloodSplitOverBothNodesIsCountedAsOne() {
        String account = "split@" + DOMAIN;
        // 30 messages through each node: each alone stays under the account's limit of 40, together they are over it
        try (PolicyClient toA = new PolicyClient(policyA); PolicyClient toB = new PolicyClient(policyB)) {
            for (int i = 0; i < 30; i++) {
                assertThat(toA.rcpt(account)).isEqualTo("action=DUNNO");
                assertThat(toB.rcpt(account)).isEqualTo("action=DUNNO");
            }
        }
        await("the rate detector opened a case for the split flood", Duration.ofSeconds(20),
                () -> count("SELECT COUNT(*) FROM remediation_case WHERE account = ? AND source = 'rate-detector'", account) == 1);
        assertThat(db.queryForObject("SELECT SUM(messages) FROM relay_traffic WHERE account = ?", Long.class, account)).isEqualTo(60L);
        assertThat(db.queryForList("SELECT DISTINCT node FROM relay_traffic WHERE account = ?", String.class, account))
                .containsExactlyInAnyOrder("nodea", "nodeb");
        await("suspended on both nodes", Duration.ofSeconds(20), () -> refusedByBoth(account));
    }

    @Test
    @Order(3)
    void aBurstDuringTheStagedReenableIsSeenWhenItsMessagesGoToTwoNodes() {
        String account = "burst@" + DOMAIN;
        String caseId = alert(b, account, Duration.ofSeconds(10));
        await("waiting for answers", Duration.ofSeconds(60), () -> stageOf(account).equals("AWAITING_ANSWERS"));
        assertThat(a.post("agent", "/api/v1/cases/" + caseId + "/answers", "{\"cause\":\"a guessed password\","
                + "\"prevention\":\"password changed, fail2ban\",\"queueEmptied\":true,\"queueOutput\":\"Mail queue is empty\"}")
                .status()).isBetween(200, 299);
        await("in review", Duration.ofSeconds(30), () -> stageOf(account).equals("IN_REVIEW"));
        JsonNode tasks = b.get("agent", "/engine-rest/task?processInstanceBusinessKey=" + caseId).body();
        assertThat(tasks).hasSize(1);
        assertThat(b.post("agent", "/engine-rest/task/" + tasks.get(0).path("id").asText() + "/complete",
                "{\"variables\":{\"reviewDecision\":{\"value\":\"approve\"},\"reviewComment\":{\"value\":\"second chance\"}}}")
                .status()).isEqualTo(204);
        await("held on both nodes (staged re-enable)", Duration.ofSeconds(30),
                () -> PolicyClient.peek(policyA, account).startsWith("action=HOLD") && PolicyClient.peek(policyB, account).startsWith("action=HOLD"));
        // the customer's queue floods out: 12 messages to each node, the staged threshold is 20
        long start = System.nanoTime();
        try (PolicyClient toA = new PolicyClient(policyA); PolicyClient toB = new PolicyClient(policyB)) {
            for (int i = 0; i < 12; i++) {
                assertThat(toA.rcpt(account)).startsWith("action=HOLD");
                assertThat(toB.rcpt(account)).startsWith("action=HOLD");
            }
        }
        await("suspended again on both nodes", Duration.ofSeconds(20), () -> refusedByBoth(account));
        System.out.printf("burst split over two nodes -> suspended on both: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        assertThat(count("SELECT COUNT(*) FROM case_audit a JOIN remediation_case c ON a.case_id = c.id "
                + "WHERE c.account = ? AND a.action = 'QUARANTINE'", account)).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(4)
    void fiveHundredAlertsOverBothNodesMakeFiveHundredCasesEachSuspendedOnce() throws Exception {
        int accounts = 500;
        int duplicates = 200;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<String>> sent = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < accounts; i++) {
            String account = "bulk" + i + "@" + DOMAIN;
            RelaywardenNode node = i % 2 == 0 ? a : b;
            sent.add(pool.submit(() -> alert(node, account, Duration.ofSeconds(60))));
            if (i % 5 == 0 && i / 5 * 2 < duplicates) {
                // the same alert again at the same time, at the other node
                RelaywardenNode other = node == a ? b : a;
                sent.add(pool.submit(() -> alert(other, account, Duration.ofSeconds(60))));
                sent.add(pool.submit(() -> alert(node, account, Duration.ofSeconds(60))));
            }
        }
        Set<String> caseIds = new HashSet<>();
        for (Future<String> f : sent) {
            caseIds.add(f.get());
        }
        pool.shutdown();
        assertThat(sent).hasSize(accounts + duplicates);
        assertThat(caseIds).as("700 alerts, 500 accounts: 500 cases").hasSize(accounts);
        await("every case suspended, quarantined, written to and waiting for answers", Duration.ofMinutes(8),
                () -> count("SELECT COUNT(*) FROM remediation_case WHERE account LIKE 'bulk%' AND stage = 'AWAITING_ANSWERS'") == accounts);
        System.out.printf("500 alerts (+200 duplicates) over two nodes -> 500 cases awaiting answers: %d s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        assertThat(count("SELECT COUNT(*) FROM remediation_case WHERE account LIKE 'bulk%'")).isEqualTo(accounts);
        assertThat(db.queryForList("SELECT account FROM relay_state_change WHERE account LIKE 'bulk%' AND state = 'SUSPENDED' "
                + "GROUP BY account HAVING COUNT(*) <> 1", String.class)).as("accounts not suspended exactly once").isEmpty();
        assertThat(count("SELECT COUNT(DISTINCT account) FROM relay_state_change WHERE account LIKE 'bulk%' AND state = 'SUSPENDED'"))
                .isEqualTo(accounts);
        String map = Files.readString(relay.accessMap());
        assertThat(IntStream.range(0, accounts).filter(i -> !map.contains("bulk" + i + "@" + DOMAIN + " "))).isEmpty();
        Map<String, List<String>> letters = lettersByRecipient();
        List<String> wrong = IntStream.range(0, accounts).mapToObj(i -> "bulk" + i + "@" + DOMAIN)
                .filter(r -> letters.getOrDefault(r, List.of()).size() != 1).toList();
        assertThat(wrong).as("accounts that did not get exactly one letter").isEmpty();
        assertThat(refusedByBoth("bulk499@" + DOMAIN)).isTrue();
    }

    // ---- faults --------------------------------------------------------------------------------

    @Test
    @Order(6)
    void aNodeKilledWhileQuarantiningLeavesTheRestToTheOther() {
        for (String login : QUEUED) {
            Flood.submit(relay.smtpPort(), login, PW, login, QUEUED_EACH, 2,
                    i -> "From: <" + login + ">\nTo: <victim" + i + "@remote.test>\nSubject: offer " + i + "\n\nbuy now\n");
        }
        await("every flood deferred in the relay's queue", Duration.ofSeconds(120),
                () -> relay.queueCounts().getOrDefault("deferred", 0) >= QUEUED.size() * QUEUED_EACH);
        for (int i = 0; i < QUEUED.size(); i++) {
            alert(i % 2 == 0 ? a : b, QUEUED.get(i), Duration.ofSeconds(10));
        }
        int total = QUEUED.size() * QUEUED_EACH;
        // kill the node that holds quarantine or letter jobs while some are done and some are not
        String victim = null;
        Instant deadline = Instant.now().plusSeconds(60);
        while (victim == null && Instant.now().isBefore(deadline)) {
            int stored = count("SELECT COUNT(*) FROM quarantine_item WHERE account LIKE 'queued%'");
            List<String> owners = db.queryForList("SELECT DISTINCT LOCK_OWNER_ FROM ACT_RU_JOB WHERE LOCK_OWNER_ IS NOT NULL "
                    + "AND LOCK_EXP_TIME_ > CURRENT_TIMESTAMP", String.class);
            if (stored > 0 && stored < total && !owners.isEmpty()) {
                victim = owners.get(0);
            } else {
                RelaywardenNode.sleep(20);
            }
        }
        assertThat(victim).as("a node caught in the middle of quarantining").isIn("nodea", "nodeb");
        RelaywardenNode killed = victim.equals("nodea") ? a : b;
        int storedAtKill = count("SELECT COUNT(*) FROM quarantine_item WHERE account LIKE 'queued%'");
        long lettersAtKill = lettersByRecipient().entrySet().stream().filter(e -> QUEUED.contains(e.getKey()))
                .mapToLong(e -> e.getValue().size()).sum();
        long lettersInFlight = lockedLetterJobs(victim);
        killed.kill();
        try {
            System.out.printf("killed %s with SIGKILL after %d of %d messages quarantined and %d letters sent (%d letter jobs "
                    + "locked)%n", victim, storedAtKill, total, lettersAtKill, lettersInFlight);

            await("the surviving node finished every case after the lock ran out", Duration.ofMinutes(3),
                    () -> QUEUED.stream().allMatch(l -> stageOf(l).equals("AWAITING_ANSWERS")));
            for (String login : QUEUED) {
                assertThat(count("SELECT COUNT(*) FROM quarantine_item WHERE account = ?", login)).as("quarantined of %s", login)
                        .isEqualTo(QUEUED_EACH);
            }
            assertThat(db.queryForList("SELECT queue_id FROM quarantine_item WHERE account LIKE 'queued%' GROUP BY queue_id "
                    + "HAVING COUNT(*) > 1", String.class)).as("messages quarantined twice").isEmpty();
            assertThat(relay.queued()).as("nothing left in the relay's queue").isZero();
            assertLettersOnceExceptInFlight(QUEUED, lettersInFlight);
        } finally {
            killed.launch();
            await("the killed node is back", Duration.ofSeconds(60), killed::ready);
        }
    }

    @Test
    @Order(5)
    void aNodeKilledWhileSendingLettersLeavesTheRestToTheOther() {
        List<String> accounts = IntStream.range(0, 40).mapToObj(i -> "letterkill" + i + "@" + DOMAIN).toList();
        for (int i = 0; i < accounts.size(); i++) {
            alert(i % 2 == 0 ? a : b, accounts.get(i), Duration.ofSeconds(10));
        }
        String victim = null;
        Instant deadline = Instant.now().plusSeconds(120);
        while (victim == null && Instant.now().isBefore(deadline)) {
            long sent = lettersTo(accounts);
            List<String> owners = db.queryForList("SELECT DISTINCT j.LOCK_OWNER_ FROM ACT_RU_JOB j JOIN ACT_RU_JOBDEF d ON j.JOB_DEF_ID_ = d.ID_ "
                    + "WHERE j.LOCK_OWNER_ IS NOT NULL AND j.LOCK_EXP_TIME_ > CURRENT_TIMESTAMP AND d.ACT_ID_ = 'Task_SendFirstNotice'", String.class);
            if (sent > 0 && sent < accounts.size() && !owners.isEmpty()) {
                victim = owners.get(0);
            } else {
                RelaywardenNode.sleep(10);
            }
        }
        assertThat(victim).as("a node caught sending letters").isIn("nodea", "nodeb");
        RelaywardenNode killed = victim.equals("nodea") ? a : b;
        long sentAtKill = lettersTo(accounts);
        // the letters the victim may be sending right now: its locked letter jobs (acquired, running or queued)
        long inFlight = lockedLetterJobs(victim);
        killed.kill();
        try {
            System.out.printf("killed %s with SIGKILL while sending letters, after %d of %d, with %d letter jobs locked%n", victim,
                    sentAtKill, accounts.size(), inFlight);
            await("the surviving node sent the rest after the lock ran out", Duration.ofMinutes(3),
                    () -> accounts.stream().allMatch(l -> stageOf(l).equals("AWAITING_ANSWERS")));
            Map<String, List<String>> letters = lettersByRecipient();
            long twice = accounts.stream().filter(l -> letters.getOrDefault(l, List.of()).size() > 1).count();
            System.out.printf("letters delivered twice after the kill: %d of %d (a copy keeps its Message-ID)%n", twice, accounts.size());
            for (String login : accounts) {
                List<String> ids = letters.getOrDefault(login, List.of());
                assertThat(ids).as("letters to %s", login).isNotEmpty().hasSizeLessThanOrEqualTo(2);
                assertThat(new HashSet<>(ids)).as("one letter (by Message-ID) to %s", login).hasSize(1);
            }
            // only a letter whose SMTP transaction the kill cut between the server's 250 and the commit can go twice:
            // at most one of those per letter the victim was sending (with six job threads, several can be)
            assertThat(twice).as("letters sent twice").isLessThanOrEqualTo(Math.max(1, inFlight));
        } finally {
            killed.launch();
            await("the killed node is back", Duration.ofSeconds(60), killed::ready);
        }
    }

    /** The first-notice jobs a node holds locked (acquired, running or waiting for a thread): letters it may be sending. */
    static long lockedLetterJobs(String node) {
        return count("SELECT COUNT(*) FROM ACT_RU_JOB j JOIN ACT_RU_JOBDEF d ON j.JOB_DEF_ID_ = d.ID_ WHERE j.LOCK_OWNER_ = ? "
                + "AND j.LOCK_EXP_TIME_ > CURRENT_TIMESTAMP AND d.ACT_ID_ = 'Task_SendFirstNotice'", node);
    }

    /**
     * Each account got its letter, none is left unsent, and a second copy (same Message-ID) went out only for
     * letters the killed node may have been sending: at most {@code inFlight} of them.
     */
    static void assertLettersOnceExceptInFlight(List<String> accounts, long inFlight) {
        Map<String, List<String>> letters = lettersByRecipient();
        long twice = 0;
        for (String login : accounts) {
            List<String> ids = letters.getOrDefault(login, List.of());
            assertThat(ids).as("letters to %s", login).isNotEmpty().hasSizeLessThanOrEqualTo(2);
            assertThat(new HashSet<>(ids)).as("one letter (by Message-ID) to %s", login).hasSize(1);
            twice += ids.size() - 1;
        }
        assertThat(twice).as("letters sent twice").isLessThanOrEqualTo(Math.max(1, inFlight));
        assertThat(count("SELECT COUNT(*) FROM case_letter l JOIN remediation_case c ON l.case_id = c.id WHERE c.account IN ("
                + String.join(",", Collections.nCopies(accounts.size(), "?")) + ") AND l.sent_at IS NULL", accounts.toArray()))
                .as("letters recorded but not sent").isZero();
    }

    static long lettersTo(List<String> accounts) {
        return lettersByRecipient().entrySet().stream().filter(e -> accounts.contains(e.getKey())).mapToLong(e -> e.getValue().size()).sum();
    }

    /** Each account got its letter; a duplicate would carry the same Message-ID (see README: a crash between the SMTP server's 250 and the commit). */
    static void assertLettersOnce(List<String> accounts) {
        Map<String, List<String>> letters = lettersByRecipient();
        for (String login : accounts) {
            assertThat(letters.getOrDefault(login, List.of())).as("letters to %s", login).hasSize(1);
        }
        assertThat(count("SELECT COUNT(*) FROM case_letter l JOIN remediation_case c ON l.case_id = c.id WHERE c.account IN ("
                + String.join(",", Collections.nCopies(accounts.size(), "?")) + ") AND l.sent_at IS NULL", accounts.toArray()))
                .as("letters recorded but not sent").isZero();
    }

    @Test
    @Order(7)
    void postgresRestartedUnderLoadTheNodesRecoverOnTheirOwn() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger n = new AtomicInteger();
        ConcurrentLinkedQueue<String> accounts = new ConcurrentLinkedQueue<>();
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            workers.add(load.submit(() -> {
                while (running.get()) {
                    int i = n.getAndIncrement();
                    String account = "pgload" + i + "@" + DOMAIN;
                    alert(i % 2 == 0 ? a : b, account, Duration.ofSeconds(120));
                    accounts.add(account);
                    RelaywardenNode.sleep(100);
                }
                return null;
            }));
        }
        RelaywardenNode.sleep(3000);
        pg.restart();
        System.out.println("PostgreSQL restarted under load after " + accounts.size() + " alerts");
        RelaywardenNode.sleep(5000);
        running.set(false);
        for (Future<?> w : workers) {
            w.get(3, TimeUnit.MINUTES);
        }
        load.shutdown();
        assertThat(accounts).hasSizeGreaterThan(20);
        await("every case of the load reached the customer", Duration.ofMinutes(4),
                () -> accounts.stream().allMatch(acc -> stageOf(acc).equals("AWAITING_ANSWERS")));
        assertThat(count("SELECT COUNT(*) FROM remediation_case WHERE account LIKE 'pgload%'")).isEqualTo(accounts.size());
        await("both nodes ready, one holds the lease", Duration.ofSeconds(30), () -> a.ready() && b.ready() && leaseOwner() != null);
        // and they still follow each other
        String after = "afterpg@" + DOMAIN;
        alert(a, after, Duration.ofSeconds(10));
        await("a change after the restart reaches both nodes", Duration.ofSeconds(20), () -> refusedByBoth(after));
        await("and its case goes on", Duration.ofSeconds(60), () -> stageOf(after).equals("AWAITING_ANSWERS"));
    }

    @Test
    @Order(8)
    void theRelayUnreachableTheJobRetriesThenAnIncidentWhichARetryResolvesOnceTheRelayIsBack() throws IOException {
        String account = "relaydown@" + DOMAIN;
        // every command against the relay fails, as with a host that cannot be reached (a stopped Postfix is not
        // enough: its tools read the queue directly and the map is read when it starts again)
        Path conf = relay.configDir();
        Path away = conf.resolveSibling("conf-away");
        Files.move(conf, away);
        String caseId;
        try {
            caseId = alert(a, account, Duration.ofSeconds(10));
            await("an incident once the retries are used up", Duration.ofSeconds(60), () -> incidents(caseId) > 0);
            // the policy services refuse all the same: the answer comes from memory, the map is the durable layer
            assertThat(refusedByBoth(account)).isTrue();
        } finally {
            Files.move(away, conf);
        }
        // the operator retries from Cockpit (here: its REST call)
        JsonNode jobs = a.get("operator", "/engine-rest/job?withException=true&noRetriesLeft=true").body();
        List<String> ids = new ArrayList<>();
        jobs.forEach(j -> ids.add(j.path("id").asText()));
        assertThat(ids).isNotEmpty();
        for (String id : ids) {
            assertThat(a.call("PUT", "operator", "/engine-rest/job/" + id + "/retries", "{\"retries\":1}").status()).isEqualTo(204);
        }
        await("the case goes on", Duration.ofSeconds(60), () -> stageOf(account).equals("AWAITING_ANSWERS"));
        assertThat(incidents(caseId)).as("incidents left").isZero();
        assertThat(Files.readString(relay.accessMap())).contains(account + " ");
    }

    /** Open incidents of the case's process instance, as Cockpit shows them. */
    static int incidents(String caseId) {
        JsonNode pi = a.get("operator", "/engine-rest/process-instance?businessKey=" + caseId).body();
        if (pi == null || pi.isEmpty()) {
            return 0;
        }
        return a.get("operator", "/engine-rest/incident?processInstanceId=" + pi.get(0).path("id").asText()).body().size();
    }

    @Test
    @Order(9)
    void theLetterServerDownForAWhileLettersGoOutOnceWhenItIsBack() {
        mail.stop();
        List<String> accounts = List.of("smtpdown1@" + DOMAIN, "smtpdown2@" + DOMAIN);
        alert(a, accounts.get(0), Duration.ofSeconds(10));
        alert(b, accounts.get(1), Duration.ofSeconds(10));
        await("letters failing", Duration.ofSeconds(30), () -> count("SELECT COUNT(*) FROM ACT_RU_JOB WHERE EXCEPTION_MSG_ IS NOT NULL "
                + "AND RETRIES_ > 0") > 0);
        RelaywardenNode.sleep(2000);
        startMail();
        await("letters sent once the server is back", Duration.ofSeconds(60),
                () -> accounts.stream().allMatch(acc -> stageOf(acc).equals("AWAITING_ANSWERS")));
        assertLettersOnce(accounts);
    }
}
