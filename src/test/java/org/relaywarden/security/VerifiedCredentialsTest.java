package org.relaywarden.security;

import org.junit.jupiter.api.Test;
import org.relaywarden.testsupport.SteppingClock;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 33: credentials the engine verified are taken again for a few seconds, and nothing else is. */
class VerifiedCredentialsTest {

    final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-07T22:00:00Z"));
    final List<GrantedAuthority> monitoring = List.of(new SimpleGrantedAuthority("relaywarden-monitoring"));

    @Test
    void onlyTheVerifiedPairIsTakenAndOnlyUntilItsTimeIsUp() {
        VerifiedCredentials verified = new VerifiedCredentials(Duration.ofSeconds(10), 1000, clock);
        verified.remember("monitoring", "s3cret-enough", monitoring);

        assertThat(verified.find("monitoring", "s3cret-enough")).get()
                .satisfies(v -> assertThat(v.authorities()).isEqualTo(monitoring));
        assertThat(verified.find("monitoring", "s3cret-enougH")).as("another password").isEmpty();
        assertThat(verified.find("monitorin", "gs3cret-enough")).as("the same characters split elsewhere").isEmpty();
        assertThat(verified.find("operator", "s3cret-enough")).as("another user").isEmpty();

        clock.advance(Duration.ofSeconds(9));
        assertThat(verified.find("monitoring", "s3cret-enough")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(verified.find("monitoring", "s3cret-enough")).as("checked again after the TTL").isEmpty();
        assertThat(verified.size()).isZero();
    }

    @Test
    void aChangeForgetsEverythingAndZeroTurnsItOff() {
        VerifiedCredentials verified = new VerifiedCredentials(Duration.ofSeconds(10), 1000, clock);
        verified.remember("monitoring", "s3cret-enough", monitoring);
        verified.forgetAll();
        assertThat(verified.find("monitoring", "s3cret-enough")).isEmpty();

        VerifiedCredentials off = new VerifiedCredentials(Duration.ZERO, 1000, clock);
        off.remember("monitoring", "s3cret-enough", monitoring);
        assertThat(off.find("monitoring", "s3cret-enough")).isEmpty();
        assertThat(off.size()).isZero();
    }

    @Test
    void memoryIsBounded() {
        VerifiedCredentials verified = new VerifiedCredentials(Duration.ofSeconds(10), 3, clock);
        for (int i = 0; i < 10; i++) {
            verified.remember("user" + i, "pw", monitoring);
            assertThat(verified.size()).isLessThanOrEqualTo(3);
        }
        assertThat(verified.find("user9", "pw")).as("the newest is kept").isPresent();
    }
}
