package org.relaywarden.communication;

import org.relaywarden.testsupport.Await;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.relaywarden.account.Account;
import org.relaywarden.alerts.AlertRequest;
import org.relaywarden.alerts.AlertService;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.fail;

/**
 * End-to-end scenarios of customer communication with GreenMail as the real SMTP and IMAP peer:
 * the whole application (engine, sandbox relay, H2 in memory) on a random port. The GreenMail
 * ports are fixed (3025, 3143), so that one Spring context serves every scenario class. Mailboxes are
 * not purged between tests (every test has accounts of its own): purging under the application's
 * open IMAP connection confuses GreenMail's IDLE.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // an engine name of its own: a closing context unregisters its engine's name, and the scenario tests' engine is "default"
        "camunda.bpm.process-engine-name=mailpeer",
        // the Camunda webapps keep JVM-wide state: only the shared scenario context may start them
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "spring.datasource.url=jdbc:h2:mem:comms;DB_CLOSE_DELAY=-1",
        "relaywarden.quarantine.dir=${java.io.tmpdir}/relaywarden-comms-test/quarantine",
        "spring.mail.host=127.0.0.1",
        "spring.mail.port=3025",
        "spring.mail.properties.mail.smtp.connectiontimeout=3000",
        "spring.mail.properties.mail.smtp.timeout=3000",
        "relaywarden.letters.questionnaire-url=http://127.0.0.1:${local.server.port}/q",
        "relaywarden.imap.host=127.0.0.1",
        "relaywarden.imap.protocol=imap",
        "relaywarden.imap.port=3143",
        "relaywarden.imap.username=abuse@provider.example",
        "relaywarden.imap.password=secret",
        "relaywarden.imap.poll-interval=PT0.5S",
        "relaywarden.process.retry-cycle=R3/PT1S",
        // the mail scenarios open more than 20 cases within minutes: the blast-radius guard would hold the 21st for an
        // operator's confirmation (BlastRadiusTest has its own context)
        "relaywarden.alerts.blast-radius.max-cases=0",
        // the risk off: the floods stand for a case's traffic; the core the sandbox asks would hold them (accounts
        // without a profile) and open cases of their own (SandboxAsksThePolicyCoreTest)
        "relaywarden.risk.enabled=false",
})
public abstract class MailPeerScenario {

    public static final String ABUSE = "abuse@provider.example";

    @RegisterExtension
    protected static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP_IMAP)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(ABUSE, ABUSE, "secret"))
            .withPerMethodLifecycle(false);

    private static final AtomicInteger ACCOUNTS = new AtomicInteger();

    /**
     * The customer directory of these scenarios: a CSV file (relaywarden.customers.directory=file), empty
     * at start; a test adds the customers it needs ({@link #addCustomer}), accounts it does not know get
     * letters in their own mailbox.
     */
    private static final Path CUSTOMERS = customersFile();

    @DynamicPropertySource
    static void customerDirectory(DynamicPropertyRegistry registry) {
        registry.add("relaywarden.customers.directory", () -> "file");
        registry.add("relaywarden.customers.file", CUSTOMERS::toString);
    }

    private static Path customersFile() {
        try {
            Path file = Files.createTempFile("relaywarden-customers-", ".csv");
            file.toFile().deleteOnExit();
            Files.writeString(file, "login,address,language,name\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends rows ({@code login,address,language,name}) to the customer file, as a provider's edit would. */
    protected static synchronized void addCustomer(String... rows) {
        try {
            Files.writeString(CUSTOMERS, String.join("\n", rows) + "\n", StandardOpenOption.APPEND);
            // a later modification time even within the file system's time granularity
            Files.setLastModifiedTime(CUSTOMERS, FileTime.from(Files.getLastModifiedTime(CUSTOMERS).toInstant().plusSeconds(1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    protected AlertService alerts;
    @Autowired
    protected CaseRecords cases;
    @Autowired
    protected SandboxMailServer sandbox;

    /** A fresh account in the seed's situation: it flooded the relay, mail is deferred in the queue, an alert opens a case. */
    protected CaseReference compromisedAccount(String language) {
        Account account = Account.parse("kunde" + ACCOUNTS.incrementAndGet() + "-" + System.nanoTime() % 100000 + "@kunde.example");
        sandbox.flood(account, 12, 3, SandboxMailServer.Upstream.DEFERS);
        return alerts.raise(new AlertRequest(account.login(), "queue-monitor", "deferred mail piling up", "critical",
                false, null, null, language), "test").ref();
    }

    /** The mails GreenMail received for one recipient, waiting until there are at least {@code count}. */
    protected List<MimeMessage> mailsTo(String recipient, int count) {
        awaitTrue("mail " + count + " to " + recipient, () -> received(recipient).size() >= count);
        return received(recipient);
    }

    private static final Pattern LINK = Pattern.compile("/q/([A-Za-z0-9_-]{43})");

    /** The questionnaire token in the latest letter to the case's contact. */
    protected String questionnaireToken(CaseReference ref, int letterCount) {
        try {
            MimeMessage mail = mailsTo(cases.get(ref).contact(), letterCount).get(letterCount - 1);
            String text = (String) ((Multipart) mail.getContent()).getBodyPart(0).getContent();
            Matcher m = LINK.matcher(text);
            if (!m.find()) {
                fail("no questionnaire link in " + text);
            }
            return m.group(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected List<MimeMessage> received(String recipient) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(recipient));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    protected void awaitStage(CaseReference ref, CaseStage stage) {
        awaitTrue(ref + " in " + stage, () -> cases.get(ref).stage() == stage);
    }

    protected static void awaitTrue(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(120), condition);
    }
}
