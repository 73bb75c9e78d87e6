package org.relaywarden.questionnaire;

import org.junit.jupiter.api.Test;
import org.relaywarden.testsupport.SteppingClock;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16.9: the limiter's memory is bounded without forgetting everybody at once. */
class WrongTokenLimiterTest {

    final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-01T10:00:00Z"));
    final WrongTokenLimiter limiter = new WrongTokenLimiter(20, Duration.ofMinutes(10), clock);

    /** Before the fix, the 10,001st client cleared the whole map, and the guesser could start afresh. */
    @Test
    void aFloodOfOtherClientsDoesNotResetTheGuessersCount() {
        for (int i = 0; i < 20; i++) {
            limiter.failed("203.0.113.5");
        }
        for (int i = 0; i < WrongTokenLimiter.MAX_CLIENTS - 1; i++) {
            limiter.failed("10.%d.%d.%d".formatted(i >> 16, (i >> 8) & 255, i & 255));
        }
        limiter.failed("203.0.113.5"); // the guesser keeps guessing
        limiter.failed("198.51.100.1"); // one client more than the bound: the quietest one goes, not all
        assertThat(limiter.allowed("203.0.113.5")).isFalse();
        assertThat(limiter.allowed("198.51.100.1")).isTrue();
        clock.advance(Duration.ofMinutes(11));
        assertThat(limiter.allowed("203.0.113.5")).as("the window has passed").isTrue();
    }
}
