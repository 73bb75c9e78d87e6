package org.relaywarden.credentials;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Answer 2's claim "the passwords were changed", in English and German, and what is not such a claim. */
class PasswordClaimTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "I changed all passwords.| true",
            "We have reset the password of the account and installed fail2ban| true",
            "Alle Passwörter geändert, Virenscanner installiert| true",
            "Das Kennwort wurde neu vergeben.| true",
            "Passwort des Kontos geaendert| true",
            "New password for every user.| true",
            "Spamfilter installiert| false",
            "I deleted my daughter's account.| false",
            "We will change the password tomorrow.| false",
            "Das Passwort wurde noch nicht geändert.| false",
            "Changed the firewall. The password is strong.| false",
    })
    void claim(String answer, boolean claims) {
        assertThat(PasswordClaim.claimsChange(answer)).isEqualTo(claims);
    }
}
