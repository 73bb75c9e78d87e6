package org.relaywarden.credentials;

import org.junit.jupiter.api.AfterAll;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.postfix.support.SmtpSink;
import org.relaywarden.enforcement.postfix.support.SmtpTestClient;
import org.relaywarden.enforcement.postfix.support.TestPostfix;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@link PasswordCheckScenario} on a real Postfix whose SMTP AUTH users are in Cyrus sasldb (relaywarden.credentials.store=sasldb). */
@SpringBootTest(properties = {
        "camunda.bpm.process-engine-name=passwordonpostfix",
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "relaywarden.mail-server=postfix",
        "spring.datasource.url=jdbc:h2:mem:password-postfix;DB_CLOSE_DELAY=-1",
        "relaywarden.questionnaire.claim.grace=PT0S",
        "relaywarden.credentials.store=sasldb",
        "relaywarden.credentials.reset.operator=true",
        "relaywarden.credentials.reset.customer=true"})
@AutoConfigureMockMvc
@DirtiesContext
class PasswordCheckOnPostfixTest extends PasswordCheckScenario {

    static final Account KUNDE = Account.parse("kunde@example.test");
    static final String PW = "Kunde-cracked-1";
    static final int POLICY_PORT = TestPostfix.freePort();
    static SmtpSink sink;
    static TestPostfix provider;
    static Path dataDir;

    @DynamicPropertySource
    static void postfix(DynamicPropertyRegistry registry) throws IOException {
        sink = SmtpSink.start();
        provider = TestPostfix.named("password").relayhost(sink.relayhost()).policyService(POLICY_PORT)
                .user(KUNDE.login(), PW).user("nachbar@example.test", "Nachbar-1").build().start();
        dataDir = Files.createTempDirectory("rw-password-postfix-");
        provider.registerAsRelay(registry, "provider", POLICY_PORT);
        registry.add("relaywarden.postfix.relays.provider.maillog", () -> provider.root().resolve("maillog").toString());
        registry.add("relaywarden.quarantine.dir", () -> dataDir.resolve("quarantine").toString());
        // as docs/credentials.md tells a provider: the sasldb Postfix's smtpd reads (sasldb_path)
        registry.add("relaywarden.credentials.sasldb.path", () -> provider.configDir().resolve("sasldb2").toString());
        registry.add("relaywarden.credentials.fingerprint-key-file", () -> dataDir.resolve("credential-fingerprint.key").toString());
    }

    @AfterAll
    static void stopAll() {
        TestPostfix.closeAll(dataDir, provider, sink);
    }

    @Override
    Account account() {
        return KUNDE;
    }

    @Override
    String oldPassword() {
        return PW;
    }

    @Override
    boolean loginWorks(String password) {
        return SmtpTestClient.authCode(provider.smtpPort(), KUNDE.login(), password) == 235;
    }
}
