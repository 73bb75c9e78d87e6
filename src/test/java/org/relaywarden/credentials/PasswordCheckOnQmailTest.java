package org.relaywarden.credentials;

import org.junit.jupiter.api.AfterAll;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.qmail.support.QmailLab;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link PasswordCheckScenario} on the real qmail + vpopmail relay of the lab (relaywarden.credentials.store=vpopmail;
 * run under {@code flock /tmp/rw-qmail.lock}). A POP3 login checks the passwords: vpopmail's NO_SMTP flag refuses
 * SMTP AUTH while the account is suspended, POP3 stays open.
 */
@SpringBootTest(properties = {
        "camunda.bpm.process-engine-name=passwordonqmail",
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "relaywarden.mail-server=qmail",
        "spring.datasource.url=jdbc:h2:mem:password-qmail;DB_CLOSE_DELAY=-1",
        "relaywarden.questionnaire.claim.grace=PT0S",
        "relaywarden.credentials.store=vpopmail",
        "relaywarden.credentials.reset.operator=true",
        "relaywarden.credentials.reset.customer=true"})
@AutoConfigureMockMvc
@DirtiesContext
class PasswordCheckOnQmailTest extends PasswordCheckScenario {

    static final Account ACCOUNT = Account.parse("cracked@example.test");
    static final String PW = "Cracked-Pass-1";
    static QmailLab lab;
    static Path dataDir;

    @DynamicPropertySource
    static void qmail(DynamicPropertyRegistry registry) throws Exception {
        lab = QmailLab.get();
        try {
            lab.vdeluser(ACCOUNT.login());
        } catch (IllegalStateException e) {
            // not there
        }
        lab.vadduser(ACCOUNT.login(), PW);
        dataDir = Files.createTempDirectory("rw-password-qmail-");
        lab.relaywardenProperties("provider").forEach((k, v) -> registry.add(k, () -> v));
        registry.add("relaywarden.quarantine.dir", () -> dataDir.resolve("quarantine").toString());
        registry.add("relaywarden.credentials.vpopmail.dir", QmailLab.VPOPMAIL::toString);
        registry.add("relaywarden.credentials.fingerprint-key-file", () -> dataDir.resolve("credential-fingerprint.key").toString());
    }

    @AfterAll
    static void stopAll() {
        if (lab != null) {
            lab.vmoduser("-x", ACCOUNT.login());
            lab.vdeluser(ACCOUNT.login());
        }
    }

    @Override
    Account account() {
        return ACCOUNT;
    }

    @Override
    String oldPassword() {
        return PW;
    }

    @Override
    boolean loginWorks(String password) {
        return lab.popLoginWorks(ACCOUNT.login(), password);
    }
}
