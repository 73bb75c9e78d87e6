package org.relaywarden.demo;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.springframework.core.env.Environment;
import java.net.Socket;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 20, item 2: the demo profile runs the customer's side on its own. No mail server is configured; the
 * application's <b>demo mailbox</b> (GreenMail run by the application) receives the letters by SMTP and holds the
 * abuse mailbox the reply reader reads over IMAP. The story as a newcomer walks it, over HTTP only: flood, alert,
 * the first notice in the customer's demo mailbox on the operators' page, a reply by mail as the customer (one
 * answer) from that page, the follow-up naming questions 2 and 3, the questionnaire page opened from the
 * follow-up's link (no {@code RELAYWARDEN_PUBLIC_URL}: the configured default on the server's own port) and
 * answered completely: the case goes to review. Letters that went to the demo mailbox are audited LETTER_SENT.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.process-engine-name=demomailbox",
        // the Camunda webapps keep JVM-wide state: only the shared scenario context may start them
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "spring.datasource.url=jdbc:h2:mem:demo-mailbox;DB_CLOSE_DELAY=-1",
        "relaywarden.quarantine.dir=${java.io.tmpdir}/relaywarden-demo-mailbox-test/quarantine",
        // what a newcomer has: the demo profile (the default) with its demo mailbox, no mail server configured
        "relaywarden.demo-mailbox.enabled=true",
        "relaywarden.imap.poll-interval=PT0.5S",
        "relaywarden.process.retry-cycle=R3/PT1S",
        "relaywarden.detection.deferred.enabled=false",
        "relaywarden.detection.rate.enabled=false",
        // the founding story (a pile of deferred mail, monitoring's alert opens the case), as the README's walk-through
        // with RELAYWARDEN_RISK_ENABLED=false; the risk's hold of the same flood: SandboxAsksThePolicyCoreTest
        "relaywarden.risk.enabled=false",
})
class DemoMailboxScenarioTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CUSTOMER = "kunde@demo.example";
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    static final Pattern LINK = Pattern.compile("class=\"questionnaire-link\" href=\"([^\"]+)\"");
    static final Pattern LETTER = Pattern.compile("<article class=\"letter\" data-message-id=\"([^\"]+)\">(.*?)</article>", Pattern.DOTALL);

    @LocalServerPort
    int port;
    @Autowired
    DemoMailbox demoMailbox;

    @Test
    void theWholeStoryOnTheDemoMailbox() throws Exception {
        Client operator = new Client("operator");
        assertThat(operator.send("POST", "/api/v1/sandbox/accounts/" + CUSTOMER + "/flood", "{\"count\": 30}").statusCode())
                .isEqualTo(200);
        HttpResponse<String> alert = new Client("monitoring").send("POST", "/api/v1/alerts",
                "{\"account\":\"" + CUSTOMER + "\",\"source\":\"queue-monitor\",\"reason\":\"30 deferred\"}");
        assertThat(alert.statusCode()).isEqualTo(202);
        String caseId = JSON.readTree(alert.body()).path("caseId").asText();
        awaitCase(operator, caseId, c -> "AWAITING_ANSWERS".equals(c.path("stage").asText()));

        // the first notice in the customer's demo mailbox, with a working questionnaire link
        List<Letter> letters = awaitLetters(operator, 1);
        Letter notice = letters.get(0);
        assertThat(notice.html()).contains(caseId);
        assertThat(notice.link()).startsWith("http://localhost:" + port + "/q/");
        JsonNode audit = operator.json("/api/v1/cases/" + caseId + "/audit");
        assertThat(audit.toString()).contains("LETTER_SENT").doesNotContain("LETTER_RECORDED");

        // the customer answers question 1 by mail, from the demo mailbox's page
        HttpResponse<String> page = operator.send("GET", "/demo-mailbox", null);
        HttpResponse<String> replied = operator.form("/demo-mailbox/reply", csrf(page.body()), Map.of(
                "mailbox", CUSTOMER, "letter", notice.messageId(),
                "text", "Guten Tag,\n\n1. Das Passwort eines Benutzers war zu schwach und wurde erraten.\n\nGruss"));
        assertThat(replied.statusCode()).as(replied.body()).isEqualTo(302);
        assertThat(replied.headers().firstValue("Location").orElseThrow()).contains("/demo-mailbox?replied=");

        // read over IMAP from the demo mailbox: one answer, so a follow-up names questions 2 and 3
        List<Letter> two = awaitLetters(operator, 2);
        Letter followUp = two.get(1);
        assertThat(followUp.messageId()).isNotEqualTo(notice.messageId());
        assertThat(operator.json("/api/v1/cases/" + caseId + "/audit").toString()).contains("ANSWERS_RECEIVED", "round 1");
        assertThat(operator.json("/api/v1/cases/" + caseId).path("stage").asText()).isEqualTo("AWAITING_ANSWERS");

        // the customer opens the follow-up's link (no login) and answers all three on the page
        Client customer = new Client(null);
        HttpResponse<String> questionnaire = customer.send("GET", URI.create(followUp.link()).getPath(), null);
        assertThat(questionnaire.statusCode()).isEqualTo(200);
        assertThat(questionnaire.body()).contains(caseId);
        HttpResponse<String> answered = customer.form(URI.create(followUp.link()).getPath(), csrf(questionnaire.body()), Map.of(
                "cause", "Das Passwort eines Benutzers war zu schwach.",
                "prevention", "Konto geloescht, alle Passwoerter geaendert, fail2ban installiert.",
                "queueEmptied", "true",
                "queueOutput", "postqueue: Mail queue is empty"));
        assertThat(answered.statusCode()).as(answered.body()).isBetween(200, 399);
        JsonNode view = awaitCase(operator, caseId, c -> "IN_REVIEW".equals(c.path("stage").asText()));
        assertThat(view.path("stage").asText()).isEqualTo("IN_REVIEW");
        assertThat(operator.json("/api/v1/cases/" + caseId + "/audit").toString()).contains("round 2");
    }

    @Test
    void thePageIsForOperatorsAndRefusesUnknownLetters() throws Exception {
        assertThat(new Client(null).send("GET", "/demo-mailbox", null).statusCode()).isEqualTo(401);
        assertThat(new Client("agent").send("GET", "/demo-mailbox", null).statusCode()).isEqualTo(403);
        Client operator = new Client("operator");
        HttpResponse<String> page = operator.send("GET", "/demo-mailbox", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Demo mailbox", "127.0.0.1:" + demoMailbox.smtpPort());
        HttpResponse<String> unknown = operator.form("/demo-mailbox/reply", csrf(page.body()),
                Map.of("mailbox", "nobody@demo.example", "letter", "<none@x>", "text", "1. x"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        HttpResponse<String> noCsrf = operator.form("/demo-mailbox/reply", null,
                Map.of("mailbox", CUSTOMER, "letter", "<none@x>", "text", "1. x"));
        assertThat(noCsrf.statusCode()).isEqualTo(403);
    }

    @Autowired
    Environment environment;

    /**
     * Issue 27.4: a customer's demo mailbox opened over IMAP with its address as password, and the page built its
     * questionnaire links from the request's Host header. Now the demo profile's own secret opens it, and a forged Host
     * changes no link.
     */
    @Test
    void aDemoMailboxOpensOnlyWithTheDemoSecretAndLinksIgnoreTheHostHeader() throws Exception {
        String customer = "host@demo.example";
        HttpResponse<String> alert = new Client("monitoring").send("POST", "/api/v1/alerts",
                "{\"account\":\"" + customer + "\",\"source\":\"queue-monitor\"}");
        assertThat(alert.statusCode()).isEqualTo(202);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (demoMailbox.mailbox(customer).map(b -> b.letters().isEmpty()).orElse(true) && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        assertThat(demoMailbox.mailbox(customer)).as("the first notice arrived").isPresent();

        Properties props = new Properties();
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "5000");
        Store withAddress = Session.getInstance(props).getStore("imap");
        assertThatThrownBy(() -> withAddress.connect("127.0.0.1", demoMailbox.imapPort(), customer, customer))
                .isInstanceOf(AuthenticationFailedException.class);
        Store withSecret = Session.getInstance(props).getStore("imap");
        withSecret.connect("127.0.0.1", demoMailbox.imapPort(), customer,
                environment.getProperty("relaywarden.demo-mailbox.abuse-password"));
        assertThat(withSecret.getFolder("INBOX").getMessageCount()).isPositive();
        withSecret.close();

        String page = rawGet("/demo-mailbox", "evil.example", "operator");
        assertThat(page).startsWith("HTTP/1.1 200").contains(customer).doesNotContain("evil.example")
                .contains("http://localhost:" + port + "/q/");
    }

    /** A GET with the Host header the test chooses (Java's HTTP client will not send a forged one). */
    private String rawGet(String path, String host, String user) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            String auth = Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Basic " + auth
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    record Letter(String messageId, String html, String link) {
    }

    /** The customer's letters on the demo mailbox page, once there are at least {@code count}. */
    private List<Letter> awaitLetters(Client operator, int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        List<Letter> letters = List.of();
        while (Instant.now().isBefore(deadline)) {
            String html = operator.send("GET", "/demo-mailbox", null).body();
            int box = html.indexOf("data-address=\"" + CUSTOMER + "\"");
            letters = new ArrayList<>();
            if (box >= 0) {
                Matcher m = LETTER.matcher(html.substring(box));
                while (m.find()) {
                    Matcher link = LINK.matcher(m.group(2));
                    letters.add(new Letter(unescape(m.group(1)), m.group(2), link.find() ? unescape(link.group(1)) : ""));
                }
            }
            if (letters.size() >= count) {
                return letters;
            }
            Thread.sleep(250);
        }
        return fail("expected " + count + " letters in the demo mailbox of " + CUSTOMER + ", saw " + letters.size());
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a CSRF token in the page").isTrue();
        return m.group(1);
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    private JsonNode awaitCase(Client operator, String caseId, Predicate<JsonNode> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = operator.json("/api/v1/cases/" + caseId);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        return fail("case " + caseId + " did not get there: " + last);
    }

    /** A browser-like client: its own cookies, Basic credentials of a demo user (or none). */
    private final class Client {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        final String user;

        Client(String user) {
            this.user = user;
        }

        HttpRequest.Builder request(String path) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30));
            if (user != null) {
                b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
            }
            return b;
        }

        HttpResponse<String> send(String method, String path, String json) throws Exception {
            HttpRequest.Builder b = request(path);
            if (json != null) {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        JsonNode json(String path) throws Exception {
            return JSON.readTree(send("GET", path, null).body());
        }

        /** A form posted as a browser posts it from the page (same origin). */
        HttpResponse<String> form(String path, String csrf, Map<String, String> fields) throws Exception {
            Map<String, String> all = new LinkedHashMap<>(fields);
            if (csrf != null) {
                all.put("_csrf", csrf);
            }
            String body = all.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return http.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", "http://localhost:" + port)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
