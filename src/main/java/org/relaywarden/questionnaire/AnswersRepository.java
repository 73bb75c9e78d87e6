package org.relaywarden.questionnaire;

import org.relaywarden.cases.CaseReference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

@Repository
public class AnswersRepository {

    private final JdbcTemplate jdbc;

    AnswersRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Round(int round, Answers answers, String channel, boolean complete, String missing, Instant receivedAt) {
    }

    int nextRound(CaseReference ref) {
        Integer n = jdbc.queryForObject("SELECT COALESCE(MAX(round), 0) FROM case_answers WHERE case_id = ?",
                Integer.class, ref.id());
        return (n == null ? 0 : n) + 1;
    }

    void insert(CaseReference ref, int round, Answers a, String channel, Instant now) {
        jdbc.update("""
                INSERT INTO case_answers (case_id, round, cause, prevention, queue_emptied, queue_output, channel, complete,
                    missing, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                ref.id(), round, a.cause(), a.prevention(), Boolean.TRUE.equals(a.queueEmptied()), a.queueOutput(), channel,
                a.complete(), a.missingQuestions(), now.atOffset(ZoneOffset.UTC));
    }

    List<Round> ofCase(CaseReference ref) {
        return jdbc.query("SELECT * FROM case_answers WHERE case_id = ? ORDER BY round", (rs, n) -> new Round(
                rs.getInt("round"), new Answers(rs.getString("cause"), rs.getString("prevention"),
                rs.getBoolean("queue_emptied"), rs.getString("queue_output")), rs.getString("channel"),
                rs.getBoolean("complete"), rs.getString("missing"),
                rs.getObject("received_at", OffsetDateTime.class).toInstant()), ref.id());
    }

    Optional<Round> latest(CaseReference ref) {
        List<Round> all = ofCase(ref);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}
