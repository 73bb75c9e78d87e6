package org.relaywarden.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one strength rule for every secret (issue 27.4), case by case. */
class SecretStrengthTest {

    @Test
    void weakPasswordsAndWhy() {
        assertThat(SecretStrength.passwordProblem("Admin", "admin")).contains("shorter than 12 characters");
        assertThat(SecretStrength.passwordProblem("password1234", "admin")).contains("a well-known password");
        assertThat(SecretStrength.passwordProblem("Passw0rd2026!", "admin")).contains("a well-known password");
        assertThat(SecretStrength.passwordProblem("P@ssw0rd1234", "admin")).contains("a well-known password");
        assertThat(SecretStrength.passwordProblem("Administrator1", "root")).contains("a well-known password");
        assertThat(SecretStrength.passwordProblem("abcdefghijklmn", "admin")).contains("a run of repeated or consecutive characters");
        assertThat(SecretStrength.passwordProblem("123456789012", "admin")).contains("a run of repeated or consecutive characters");
        assertThat(SecretStrength.passwordProblem("zzzzzzzzzzzzzzzz", "admin")).isPresent();
        assertThat(SecretStrength.passwordProblem("my-name-is-olga-1", "olga")).contains("contains the user name");
    }

    @Test
    void strongPasswords() {
        for (String strong : new String[]{"c0rrect-h0rse-battery-staple", "Scrape-Me-9-Times-Tuesday", "kX9#vq2Lm!tR",
                "Another-Strong-Pass-77"}) {
            assertThat(SecretStrength.passwordProblem(strong, "admin")).as(strong).isEmpty();
        }
    }

    @Test
    void tokens() {
        assertThat(SecretStrength.tokenProblem("rw_Q2hvb3NlIHlvdXIgb3duOiB0aGlzIGlzIGEgdGVzdCB0b2tlbg")).isEmpty();
        assertThat(SecretStrength.tokenProblem("rw_abcdefghijklmnopqrstuvwxyz0123456789")).isPresent();
        assertThat(SecretStrength.tokenProblem("rw_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef")).isPresent();
        assertThat(SecretStrength.tokenProblem("rw_short")).isPresent();
    }

    /** What the start-up check tries against stored hashes: the probe's passwords among them. */
    @Test
    void storedHashesAreTriedAgainstTheUsualSpellings() {
        assertThat(SecretStrength.wellKnownSpellings("admin")).contains("Admin", "admin1", "Passw0rd", "password1234", "ADMIN",
                "P@ssw0rd");
    }
}
