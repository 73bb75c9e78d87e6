package org.relaywarden.security;

import org.junit.jupiter.api.Test;
import org.relaywarden.testsupport.SteppingClock;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16.3: a delay per client and user that grows, is capped and ends by itself. */
class LoginThrottleTest {

    final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-01T10:00:00Z"));
    final LoginThrottle throttle = new LoginThrottle(5, Duration.ofSeconds(1), Duration.ofMinutes(1), 100, clock);

    @Test
    void aGuesserWaitsLongerAndLongerButNeverForGoodAndOthersAreNotAffected() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("203.0.113.9", "lead");
        }
        assertThat(throttle.mayTry("203.0.113.9", "lead")).as("four wrong passwords cost nothing").isTrue();
        throttle.failed("203.0.113.9", "lead");
        assertThat(throttle.mayTry("203.0.113.9", "lead")).isFalse();
        assertThat(throttle.mayTry("198.51.100.7", "lead")).as("another address").isTrue();
        assertThat(throttle.mayTry("203.0.113.9", "operator")).as("another user").isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.mayTry("203.0.113.9", "lead")).isTrue();

        for (int i = 0; i < 125; i++) {
            throttle.failed("203.0.113.9", "lead");
        }
        clock.advance(Duration.ofSeconds(59));
        assertThat(throttle.mayTry("203.0.113.9", "lead")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.mayTry("203.0.113.9", "lead")).as("capped at a minute, then over by itself").isTrue();
    }

    @Test
    void theRightPasswordResetsAndQuietPairsStartAfresh() {
        for (int i = 0; i < 7; i++) {
            throttle.failed("203.0.113.9", "lead");
        }
        throttle.succeeded("203.0.113.9", "lead");
        throttle.failed("203.0.113.9", "lead");
        assertThat(throttle.mayTry("203.0.113.9", "lead")).isTrue();

        for (int i = 0; i < 10; i++) {
            throttle.failed("198.51.100.7", "agent");
        }
        clock.advance(Duration.ofMinutes(3));
        throttle.failed("198.51.100.7", "agent");
        assertThat(throttle.mayTry("198.51.100.7", "agent")).as("counted afresh after a quiet spell").isTrue();
    }

    @Test
    void memoryIsBoundedAndForgetsTheOldestFirst() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("203.0.113.9", "lead");
        }
        for (int i = 0; i < 99; i++) {
            throttle.failed("10.0.0." + i, "x");
        }
        assertThat(throttle.mayTry("203.0.113.9", "lead")).as("still remembered at the bound").isFalse();
        for (int i = 0; i < 500; i++) {
            throttle.failed("10.1.0." + i, "y");
        }
        assertThat(throttle.size()).isEqualTo(100);
        throttle.failed("10.1.0.499", "y");
        assertThat(throttle.size()).isEqualTo(100);
    }
}
