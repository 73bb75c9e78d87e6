package org.relaywarden.questionnaire;

import org.junit.jupiter.api.Test;
import org.relaywarden.enforcement.RefusedAttemptLog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The claim's verdict and what the review form says about the retries. */
class QueueClaimCheckTest {

    static final QueueClaimSettings SETTINGS = new QueueClaimSettings(Duration.ofMinutes(10), Duration.ofMinutes(70), 10);
    static final Instant SUSPENDED = Instant.parse("2026-11-29T08:00:00Z");
    static final Instant CLAIM = Instant.parse("2026-11-29T10:00:00Z");
    static final Instant FROM = CLAIM.plus(SETTINGS.grace());

    static RefusedAttemptLog.Summary attempts(long n, long distinct, Instant first, Instant last) {
        return new RefusedAttemptLog.Summary(true, n, distinct, first, last, n == 0 ? List.of()
                : List.of(new RefusedAttemptLog.Attempt(last, "192.0.2.7", "spam9@kunde.example",
                List.of("a@remote.test", "b@remote.test"), 5, 1234)));
    }

    static final RefusedAttemptLog.Summary NONE = attempts(0, 0, null, null);

    @Test
    void attemptsAfterTheGraceContradictTheClaimNoneLetItHoldAndUnseenOnesAreNotObservable() {
        Instant now = CLAIM.plus(Duration.ofHours(1));
        QueueClaimCheck.Result contradicted = QueueClaimCheck.judge(CLAIM, FROM, attempts(1236, 412, FROM, now), now);
        assertThat(contradicted.verdict()).isEqualTo(QueueClaimCheck.Verdict.CONTRADICTED);
        assertThat(contradicted.distinctMessages()).isEqualTo(412);
        assertThat(QueueClaimCheck.describe(contradicted)).startsWith("contradicted: 1236 refused attempts, about 412 distinct messages");
        assertThat(QueueClaimCheck.judge(CLAIM, FROM, NONE, now).verdict()).isEqualTo(QueueClaimCheck.Verdict.HOLDS);
        assertThat(QueueClaimCheck.judge(CLAIM, FROM, RefusedAttemptLog.Summary.notObservable(), now).verdict())
                .isEqualTo(QueueClaimCheck.Verdict.NOT_OBSERVABLE);
    }

    @Test
    void beforeTheGraceIsOverTheCheckIsPendingUntilItIs() {
        Instant now = CLAIM.plus(Duration.ofMinutes(3));
        QueueClaimCheck.Result pending = QueueClaimCheck.judge(CLAIM, FROM, attempts(5, 5, CLAIM, now), now);
        assertThat(pending.verdict()).as("retries in flight do not count").isEqualTo(QueueClaimCheck.Verdict.PENDING);
        assertThat(pending.recheckAt()).isEqualTo(FROM);
    }

    @Test
    void theFormSaysNoRetriesSinceOnlyAfterTheQuietTime() {
        Instant last = CLAIM.minus(Duration.ofMinutes(5));
        Map<String, Object> quiet = QueueClaimCheck.reviewFigures(SUSPENDED, attempts(300, 100, SUSPENDED, last), CLAIM, NONE,
                last.plus(Duration.ofMinutes(71)), SETTINGS);
        assertThat(quiet.get("retriesSummary").toString())
                .contains("Since the suspension (2026-11-29 08:00:00 UTC): 300 refused attempts, about 100 distinct messages.")
                .contains("Since the claim \"queue emptied\" of 2026-11-29 10:00:00 UTC", "0 refused attempts")
                .contains("No retries since 2026-11-29 09:55:00 UTC");
        assertThat(quiet.get("retriesLatest").toString())
                .isEqualTo("2026-11-29 09:55:00 UTC  [192.0.2.7]  <spam9@kunde.example> -> a@remote.test, b@remote.test (+3 more)");

        Map<String, Object> recent = QueueClaimCheck.reviewFigures(SUSPENDED, attempts(300, 100, SUSPENDED, last), CLAIM, NONE,
                last.plus(Duration.ofMinutes(30)), SETTINGS);
        assertThat(recent.get("retriesSummary").toString()).doesNotContain("No retries since").contains("Last retry 2026-11-29 09:55:00 UTC");

        Map<String, Object> neverRetried = QueueClaimCheck.reviewFigures(SUSPENDED, NONE, CLAIM, null, CLAIM.plusSeconds(60), SETTINGS);
        assertThat(neverRetried.get("retriesSummary").toString()).contains("grace not over yet", "No retries since 2026-11-29 08:00:00 UTC");
    }

    @Test
    void anAdapterThatCannotSeeRetriesIsNotObservableNotQuiet() {
        Map<String, Object> v = QueueClaimCheck.reviewFigures(SUSPENDED, RefusedAttemptLog.Summary.notObservable(), CLAIM, null,
                CLAIM.plus(Duration.ofDays(1)), SETTINGS);
        assertThat(v.get("retriesSummary").toString()).startsWith("Not observable").doesNotContain("No retries since");
    }
}
