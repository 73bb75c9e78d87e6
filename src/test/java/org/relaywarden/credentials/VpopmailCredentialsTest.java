package org.relaywarden.credentials;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.command.LocalCommandRunner;
import org.relaywarden.enforcement.qmail.support.QmailLab;

import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vpopmail adapter against the real vpopmail of the qmail lab (run under {@code flock /tmp/rw-qmail.lock}):
 * the fingerprint of {@code vuserinfo -p} stays while the password stays and changes when the provider's admin sets
 * another; a new password set through {@code setsid vpasswd} (on standard input) works for a real POP3 login and the
 * old one does not; an account vpopmail does not have is "no such account", not an error.
 */
class VpopmailCredentialsTest {

    static final String LOGIN = "pwcheck@example.test";
    static final Account ACCOUNT = Account.parse(LOGIN);
    static QmailLab lab;
    static VpopmailCredentials store;
    static final Fingerprints FP = new Fingerprints(Fingerprints.checked(FingerprintsTest.key(), "test"));

    @BeforeAll
    static void start() {
        lab = QmailLab.get();
        try {
            lab.vdeluser(LOGIN);
        } catch (IllegalStateException e) {
            // not there: a clean lab
        }
        lab.vadduser(LOGIN, "OldPass-4711");
        store = new VpopmailCredentials(new LocalCommandRunner(), QmailLab.VPOPMAIL.toString(), "/usr/bin/setsid", Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.vdeluser(LOGIN);
        }
    }

    String fingerprint() {
        byte[] stored = store.stored(ACCOUNT).orElseThrow();
        try {
            return FP.of(stored);
        } finally {
            Arrays.fill(stored, (byte) 0);
        }
    }

    @Test
    void fingerprintFollowsThePasswordAndAResetWorksForARealLogin() {
        String atSuspension = fingerprint();
        assertThat(fingerprint()).as("read twice, unchanged").isEqualTo(atSuspension);
        assertThat(new String(store.stored(ACCOUNT).orElseThrow())).as("vuserinfo -p: the crypted form, not the password")
                .doesNotContain("OldPass-4711").startsWith("$");

        // the provider's admin sets another password by hand
        QmailLab.sh(Duration.ofSeconds(20), QmailLab.VPOPMAIL + "/bin/vpasswd " + LOGIN + " ByHand-0815");
        String afterAdmin = fingerprint();
        assertThat(afterAdmin).isNotEqualTo(atSuspension);
        assertThat(lab.popLoginWorks(LOGIN, "ByHand-0815")).isTrue();

        // Relaywarden sets a new random one through setsid vpasswd, the password on standard input only
        char[] fresh = Passwords.generate(16);
        String freshText = new String(fresh);
        store.setPassword(ACCOUNT, fresh);
        assertThat(fingerprint()).isNotEqualTo(afterAdmin).isNotEqualTo(atSuspension);
        assertThat(lab.popLoginWorks(LOGIN, freshText)).as("the new password logs in").isTrue();
        assertThat(lab.popLoginWorks(LOGIN, "ByHand-0815")).as("the old one no longer").isFalse();
    }

    @Test
    void anAccountVpopmailDoesNotHaveIsNoAccountAndCannotGetAPassword() {
        Account nobody = Account.parse("nobody-here@example.test");
        assertThat(store.stored(nobody)).isEmpty();
        Account otherDomain = Account.parse("kunde@not-a-vpopmail-domain.test");
        assertThat(store.stored(otherDomain)).isEmpty();
        Assertions.assertThatThrownBy(() -> store.setPassword(nobody, Passwords.generate(16)))
                .isInstanceOf(CredentialStoreException.class).hasMessageContaining("vpasswd");
    }
}
