package org.relaywarden.dashboard;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.relaywarden.testsupport.SteppingClock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Each dashboard figure on a known data set in Relaywarden's own tables (H2, all migrations). */
class DashboardServiceTest {

    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    final DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    final JdbcTemplate jdbc = new JdbcTemplate(ds);
    final StubWork work = new StubWork();
    final DashboardService service = new DashboardService(jdbc, work, new SteppingClock(NOW));

    DashboardServiceTest() {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    }

    /** A simulated engine: the tasks and instances the test says. */
    static final class StubWork implements WaitingWork {
        final List<PersonTask> tasks = new ArrayList<>();
        final Map<String, String> instances = new HashMap<>();

        @Override
        public List<PersonTask> openPersonTasks() {
            return tasks;
        }

        @Override
        public Map<String, String> runningInstances() {
            return instances;
        }
    }

    long newCase(String account, String stage, Instant createdAt, boolean open) {
        jdbc.update("""
                INSERT INTO remediation_case (account, open_account, stage, stage_entered_at, source, originator, contact,
                  language, created_at, updated_at, closed_at) VALUES (?, ?, ?, ?, 'test', TRUE, ?, 'en', ?, ?, ?)""",
                account, open ? account : null, stage, ts(createdAt), account, ts(createdAt), ts(createdAt),
                open ? null : ts(createdAt.plusSeconds(3600)));
        return jdbc.queryForObject("SELECT id FROM remediation_case WHERE account = ?", Long.class, account);
    }

    void audit(long caseId, Instant at, String action) {
        jdbc.update("INSERT INTO case_audit (case_id, at, actor, action, detail) VALUES (?, ?, 'system', ?, '')",
                caseId, ts(at), action);
    }

    static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }

    @Test
    void openCasesAreCountedByStageAndLinkToTheirProcessInstance() {
        long a = newCase("a@x.test", "AWAITING_ANSWERS", NOW.minusSeconds(600), true);
        newCase("b@x.test", "AWAITING_ANSWERS", NOW.minusSeconds(500), true);
        newCase("c@x.test", "PROBATION", NOW.minusSeconds(400), true);
        newCase("d@x.test", "CLOSED", NOW.minusSeconds(300), false);
        work.instances.put("RW-" + a, "pi-a");
        quarantine(a, "Q1", NOW);
        quarantine(a, "Q2", NOW);

        Dashboard d = service.now();

        assertThat(d.openByStage()).containsEntry("AWAITING_ANSWERS", 2L).containsEntry("PROBATION", 1L)
                .containsEntry("DETECTED", 0L).doesNotContainKey("CLOSED");
        assertThat(d.openCases()).hasSize(3);
        assertThat(d.openCases().get(0).caseId()).isEqualTo("RW-" + a);
        assertThat(d.openCases().get(0).processInstanceId()).isEqualTo("pi-a");
        assertThat(d.openCases().get(0).quarantined()).isEqualTo(2);
        assertThat(d.openCases().get(1).processInstanceId()).isNull();
        assertThat(d.openCases().get(1).quarantined()).isZero();
    }

    @Test
    void casesWaitingForAPersonSayForHowLongLongestFirst() {
        work.tasks.add(new WaitingWork.PersonTask("RW-2", "Review answers", NOW.minus(Duration.ofMinutes(90))));
        work.tasks.add(new WaitingWork.PersonTask("RW-1", "Termination review", NOW.minus(Duration.ofHours(5))));

        List<Dashboard.Waiting> waiting = service.now().waitingForPerson();

        assertThat(waiting).extracting(Dashboard.Waiting::caseId).containsExactly("RW-1", "RW-2");
        assertThat(waiting).extracting(Dashboard.Waiting::waitingSeconds).containsExactly(5 * 3600L, 90 * 60L);
    }

    @Test
    void alertToSuspensionPercentilesCountOnlyEachCasesFirstSuspensionInTheWindow() {
        // three cases suspended in the last 7 days after 10 s, 20 s and 300 s; one 20 days ago after 1000 s
        long[] delays = {20, 10, 300};
        for (int i = 0; i < delays.length; i++) {
            Instant opened = NOW.minus(Duration.ofDays(i + 1));
            long id = newCase("s" + i + "@x.test", "SUSPENDED", opened, true);
            audit(id, opened.plusSeconds(delays[i]), "RELAY_SUSPENDED");
        }
        Instant old = NOW.minus(Duration.ofDays(20));
        long oldCase = newCase("old@x.test", "CLOSED", old, false);
        audit(oldCase, old.plusSeconds(1000), "RELAY_SUSPENDED");
        // a later suspension of the same case (a failed re-enable) is not its alert-to-suspension time
        audit(oldCase, old.plus(Duration.ofDays(2)), "RELAY_HELD");
        audit(oldCase, NOW.minus(Duration.ofDays(3)), "RELAY_SUSPENDED");

        Dashboard d = service.now();

        assertThat(d.last7Days().suspensions()).isEqualTo(3);
        assertThat(d.last7Days().alertToSuspensionP50Seconds()).isEqualTo(20);
        assertThat(d.last7Days().alertToSuspensionP99Seconds()).isEqualTo(300);
        assertThat(d.last30Days().suspensions()).isEqualTo(4);
        assertThat(d.last30Days().alertToSuspensionP50Seconds()).isEqualTo(20);
        assertThat(d.last30Days().alertToSuspensionP99Seconds()).isEqualTo(1000);
    }

    @Test
    void withoutSuspensionsThePercentilesAreEmptyNotZero() {
        Dashboard.Window w = service.now().last7Days();
        assertThat(w.suspensions()).isZero();
        assertThat(w.alertToSuspensionP50Seconds()).isNull();
        assertThat(w.alertToSuspensionP99Seconds()).isNull();
    }

    @Test
    void nearestRankPercentiles() {
        List<Long> hundred = new ArrayList<>();
        for (long i = 1; i <= 100; i++) {
            hundred.add(i);
        }
        assertThat(DashboardService.percentile(hundred, 50)).isEqualTo(50);
        assertThat(DashboardService.percentile(hundred, 99)).isEqualTo(99);
        assertThat(DashboardService.percentile(List.of(7L), 99)).isEqualTo(7);
        assertThat(DashboardService.percentile(List.of(1L, 2L), 50)).isEqualTo(1);
    }

    @Test
    void refusedAttemptsAndQuarantinedMessagesAreCountedPerWindow() {
        long id = newCase("q@x.test", "QUARANTINED", NOW.minus(Duration.ofDays(40)), true);
        int[] refusedDaysAgo = {1, 2, 10, 40};
        for (int i = 0; i < refusedDaysAgo.length; i++) {
            jdbc.update("""
                    INSERT INTO refused_attempt (attempt_key, node, account, attempted_at, client, sender, recipients,
                      recipient_count, size_bytes, fingerprint) VALUES (?, 'n', 'q@x.test', ?, '192.0.2.1', 's@x', 'r@y', 1, 10, 'f')""",
                    "k" + i, ts(NOW.minus(Duration.ofDays(refusedDaysAgo[i]))));
        }
        int[] storedDaysAgo = {0, 8, 9, 29, 31};
        for (int i = 0; i < storedDaysAgo.length; i++) {
            quarantine(id, "Q" + i, NOW.minus(Duration.ofDays(storedDaysAgo[i])).minusSeconds(60));
        }

        Dashboard d = service.now();

        assertThat(d.last7Days().refusedAttempts()).isEqualTo(2);
        assertThat(d.last30Days().refusedAttempts()).isEqualTo(3);
        assertThat(d.last7Days().messagesQuarantined()).isEqualTo(1);
        assertThat(d.last30Days().messagesQuarantined()).isEqualTo(4);
    }

    @Test
    void theShareOfCompleteFirstRoundsIgnoresLaterRounds() {
        long a = newCase("a1@x.test", "PROBATION", NOW.minus(Duration.ofDays(2)), true);
        long b = newCase("b1@x.test", "IN_REVIEW", NOW.minus(Duration.ofDays(2)), true);
        long c = newCase("c1@x.test", "IN_REVIEW", NOW.minus(Duration.ofDays(2)), true);
        long e = newCase("e1@x.test", "IN_REVIEW", NOW.minus(Duration.ofDays(2)), true);
        answers(a, 1, true);
        answers(b, 1, false);
        answers(b, 2, true);
        answers(c, 1, false);
        answers(e, 1, true);

        Dashboard.FirstRound f = service.now().firstRound();

        assertThat(f.answered()).isEqualTo(4);
        assertThat(f.complete()).isEqualTo(2);
        assertThat(f.share()).isEqualTo(0.5);
    }

    @Test
    void withoutAnswersThereIsNoShare() {
        assertThat(service.now().firstRound().share()).isNull();
    }

    void quarantine(long caseId, String queueId, Instant at) {
        jdbc.update("""
                INSERT INTO quarantine_item (case_id, relay, queue_id, account, sender, recipients, size_bytes, sha256,
                  arrival, stored_at, state) VALUES (?, 'r', ?, 'q@x.test', 's', 'r', 1, 'h', ?, ?, 'HELD')""",
                caseId, queueId, ts(at), ts(at));
    }

    void answers(long caseId, int round, boolean complete) {
        jdbc.update("""
                INSERT INTO case_answers (case_id, round, queue_emptied, channel, complete, missing, received_at)
                VALUES (?, ?, TRUE, 'web', ?, ?, ?)""", caseId, round, complete, complete ? "" : "2", ts(NOW.minusSeconds(60)));
    }

    @Test
    void aFailedReenableIsASuspensionAfterAReenableOfTheSameCase() {
        long ok = newCase("ok@x.test", "PROBATION", NOW.minus(Duration.ofDays(10)), true);
        audit(ok, NOW.minus(Duration.ofDays(10)), "RELAY_SUSPENDED");
        audit(ok, NOW.minus(Duration.ofDays(9)), "RELAY_HELD");
        audit(ok, NOW.minus(Duration.ofDays(8)), "RELAY_PROBATION");
        long failedRecently = newCase("bad@x.test", "SUSPENDED", NOW.minus(Duration.ofDays(12)), true);
        audit(failedRecently, NOW.minus(Duration.ofDays(12)), "RELAY_SUSPENDED");
        audit(failedRecently, NOW.minus(Duration.ofDays(11)), "RELAY_PROBATION");
        audit(failedRecently, NOW.minus(Duration.ofDays(1)), "RELAY_SUSPENDED");
        long failedEarlier = newCase("worse@x.test", "SUSPENDED", NOW.minus(Duration.ofDays(25)), true);
        audit(failedEarlier, NOW.minus(Duration.ofDays(25)), "RELAY_SUSPENDED");
        audit(failedEarlier, NOW.minus(Duration.ofDays(24)), "RELAY_HELD");
        audit(failedEarlier, NOW.minus(Duration.ofDays(20)), "RELAY_SUSPENDED");

        Dashboard d = service.now();

        assertThat(d.last7Days().failedReenables()).isEqualTo(1);
        assertThat(d.last30Days().failedReenables()).isEqualTo(2);
    }
}
