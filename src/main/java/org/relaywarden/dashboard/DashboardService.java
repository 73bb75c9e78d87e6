package org.relaywarden.dashboard;

import org.relaywarden.cases.CaseStage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Computes the {@link Dashboard} from the case record, its audit trail, the quarantine and the refused attempts. */
@Service
public class DashboardService {

    static final String SUSPENDED = "RELAY_SUSPENDED";
    /** The audit actions of a re-enable: after one of these, a suspension of the same case is a failed re-enable. */
    static final List<String> REENABLED = List.of("RELAY_HELD", "RELAY_PROBATION");

    private final JdbcTemplate jdbc;
    private final WaitingWork work;
    private final Clock clock;

    DashboardService(JdbcTemplate jdbc, WaitingWork work, Clock clock) {
        this.jdbc = jdbc;
        this.work = work;
        this.clock = clock;
    }

    public Dashboard now() {
        Instant now = clock.instant();
        Map<String, Long> byStage = new LinkedHashMap<>();
        for (CaseStage stage : CaseStage.values()) {
            if (stage != CaseStage.CLOSED) {
                byStage.put(stage.name(), 0L);
            }
        }
        jdbc.query("SELECT stage, COUNT(*) FROM remediation_case WHERE closed_at IS NULL GROUP BY stage",
                rs -> {
                    byStage.put(rs.getString(1), rs.getLong(2));
                });
        Map<String, String> instances = work.runningInstances();
        List<Dashboard.OpenCase> open = jdbc.query(
                """
                SELECT c.id, c.account, c.stage, c.stage_entered_at,
                  (SELECT COUNT(*) FROM quarantine_item q WHERE q.case_id = c.id)
                FROM remediation_case c WHERE c.closed_at IS NULL ORDER BY c.id""",
                (rs, i) -> {
                    String ref = "RW-" + rs.getLong(1);
                    return new Dashboard.OpenCase(ref, rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant(), rs.getLong(5), instances.get(ref));
                });
        List<Dashboard.Waiting> waiting = new ArrayList<>();
        for (WaitingWork.PersonTask t : work.openPersonTasks()) {
            waiting.add(new Dashboard.Waiting(t.caseRef(), t.task(), t.since(),
                    Math.max(0, Duration.between(t.since(), now).toSeconds())));
        }
        waiting.sort(Comparator.comparing(Dashboard.Waiting::since));
        return new Dashboard(now, byStage, open, waiting, window(now, 7), window(now, 30), firstRound());
    }

    Dashboard.Window window(Instant now, int days) {
        Timestamp since = Timestamp.from(now.minus(Duration.ofDays(days)));
        // a case's first suspension, measured from the case's opening (the alert that opened it)
        List<Long> delays = jdbc.query("""
                SELECT c.created_at, MIN(a.at) FROM remediation_case c JOIN case_audit a ON a.case_id = c.id
                WHERE a.action = ? GROUP BY c.id, c.created_at HAVING MIN(a.at) >= ?""",
                (rs, i) -> Duration.between(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()).toSeconds(),
                SUSPENDED, since);
        List<Long> sorted = delays.stream().sorted().toList();
        long refused = count("SELECT COUNT(*) FROM refused_attempt WHERE attempted_at >= ?", since);
        long quarantined = count("SELECT COUNT(*) FROM quarantine_item WHERE stored_at >= ?", since);
        long failed = count("""
                SELECT COUNT(*) FROM case_audit s WHERE s.action = ? AND s.at >= ? AND EXISTS (
                  SELECT 1 FROM case_audit r WHERE r.case_id = s.case_id AND r.action IN (?, ?) AND r.id < s.id)""",
                SUSPENDED, since, REENABLED.get(0), REENABLED.get(1));
        return new Dashboard.Window(days, sorted.size(), percentile(sorted, 50), percentile(sorted, 99), refused,
                quarantined, failed);
    }

    Dashboard.FirstRound firstRound() {
        return jdbc.queryForObject("""
                SELECT COUNT(*), COALESCE(SUM(CASE WHEN complete THEN 1 ELSE 0 END), 0) FROM case_answers WHERE round = 1""",
                (rs, i) -> {
                    long answered = rs.getLong(1);
                    long complete = rs.getLong(2);
                    return new Dashboard.FirstRound(answered, complete, answered == 0 ? null : (double) complete / answered);
                });
    }

    /** Nearest rank: the smallest value with at least {@code p} percent of the values at or below it. */
    static Long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    private long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }
}
