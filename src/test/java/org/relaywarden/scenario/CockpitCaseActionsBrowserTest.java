package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.risk.RiskLevel;
import org.relaywarden.enforcement.risk.RiskListener;
import org.relaywarden.enforcement.risk.RiskVerdict;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;
import org.relaywarden.process.RelayRemediation;
import org.relaywarden.testsupport.HeadlessChromium;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The case tab's actions in a real browser (issue 22): Debian's headless Chromium through its chromedriver, typing
 * and clicking as a person does. An operator finds a case with the tab's search box, reads a letter (text, and its
 * HTML in a sandboxed frame), sees the account's state on the relay, downloads a quarantined message (the .eml
 * arrives in the download folder), releases another after confirming, and closes the case after confirming. An
 * agent (whose login is Tasklist's; Cockpit refuses agents) is offered no action, and a state change on the agent's
 * session, with its CSRF token, is refused.
 */
@RelaywardenSpringBootTest
class CockpitCaseActionsBrowserTest {

    static final String ACCOUNT = "actions@cockpit.example";

    @TempDir
    static Path profile;
    @TempDir
    static Path downloads;
    static HeadlessChromium chromium;
    static WebDriver browser;

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    RiskListener risk;
    @Autowired
    SandboxMailServer sandbox;

    @BeforeAll
    static void startBrowser() throws Exception {
        chromium = HeadlessChromium.start(profile, downloads, 1400, 2400);
        browser = chromium.browser();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void anOperatorWorksACaseInCockpitAndAnAgentCannot() throws Exception {
        Api api = new Api(rest);
        api.post("operator", "/api/v1/sandbox/accounts/" + ACCOUNT + "/flood", "{\"count\": 3}");
        String caseId = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"" + ACCOUNT + "\",\"source\":\"queue-monitor\",\"reason\":\"deferred\"}")
                .getBody().path("caseId").asText();
        api.awaitStage(caseId, "AWAITING_ANSWERS");
        JsonNode letter = awaitLetter(api, caseId);
        JsonNode quarantined = api.get("operator", "/api/v1/cases/" + caseId + "/quarantine").getBody();
        assertThat(quarantined.size()).isEqualTo(3);
        long downloadId = quarantined.get(0).path("id").asLong();
        long releaseId = quarantined.get(1).path("id").asLong();
        String instanceId = runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseId).singleResult().getId();
        String elsewhere = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"elsewhere-" + ACCOUNT + "\",\"source\":\"queue-monitor\"}").getBody().path("caseId").asText();
        api.awaitStage(elsewhere, "AWAITING_ANSWERS");
        String elsewhereInstance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(elsewhere).singleResult().getId();

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        String root = "http://127.0.0.1:" + port;
        browser.get(root + "/camunda/app/cockpit/default/");
        chromium.logInToCamunda("operator", "operator");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[type='password']")));

        // the tab of another case, whose search box finds this one by its account and opens its tab
        browser.get(root + "/camunda/app/cockpit/default/#/process-instance/" + elsewhereInstance + "/runtime");
        step("case-tab", () -> wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Relaywarden case"))).click());
        WebElement search = step("search", () -> wait.until(ExpectedConditions.elementToBeClickable(By.id("rw-search-q"))));
        search.click();
        search.sendKeys(ACCOUNT);
        browser.findElement(By.id("rw-search-go")).click();
        WebElement result = step("search-result", () -> wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#rw-search-results a"))));
        assertThat(result.getText()).contains(caseId, ACCOUNT);
        assertThat(result.getAttribute("href")).contains("#/process-instance/" + instanceId + "/runtime?tab=relaywarden.processInstance.case");
        result.click();
        step("case-loaded", () -> wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rw-quarantine-table"))));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rw-case-table"), caseId));
        assertThat(browser.getCurrentUrl()).contains(instanceId);
        assertThat(browser.findElement(By.id("rw-case-table")).getText()).contains(caseId, ACCOUNT);

        // the account on each relay
        assertThat(browser.findElement(By.id("rw-relay-table")).getText()).contains("sandbox", "SUSPENDED");

        // a letter: its text, and its HTML as the customer saw it in a frame that runs nothing
        assertThat(browser.findElements(By.className("rw-letter-subject")).stream().map(WebElement::getText))
                .contains(letter.path("subject").asText());
        WebElement firstLetter = browser.findElement(By.className("rw-letter"));
        assertThat(firstLetter.findElement(By.className("rw-letter-body")).getText().strip())
                .isEqualTo(letter.path("body").asText().strip());
        firstLetter.findElement(By.cssSelector(".rw-letter-html summary")).click();
        WebElement frame = firstLetter.findElement(By.className("rw-letter-frame"));
        assertThat(frame.getAttribute("sandbox")).isEmpty();
        browser.switchTo().frame(frame);
        String html = browser.findElement(By.tagName("body")).getText();
        browser.switchTo().defaultContent();
        assertThat(html).contains(caseId);
        screenshot("cockpit-case-actions");
        try {
            Files.write(Path.of("target", "screenshots", "cockpit-case-actions-content.png"),
                    browser.findElement(By.id("relaywarden-case")).getScreenshotAs(OutputType.BYTES));
        } catch (Exception ignored) {
            // for people only (docs/), not asserted
        }

        // download a quarantined message: the .eml arrives as the API serves it
        browser.findElement(By.id("rw-download-" + downloadId)).click();
        Path eml = downloads.resolve(caseId + "-" + downloadId + ".eml");
        byte[] served = rest.exchange("/api/v1/cases/" + caseId + "/quarantine/" + downloadId, HttpMethod.GET,
                new HttpEntity<>(basic("operator")), byte[].class).getBody();
        assertThat(awaitFile(eml)).isEqualTo(served);
        assertThat(served).isNotEmpty();

        // release another, with the confirmation: nothing happens before "Confirm"
        browser.findElement(By.id("rw-release-" + releaseId)).click();
        WebElement confirmRelease = wait.until(ExpectedConditions.elementToBeClickable(By.id("rw-release-" + releaseId + "-confirm")));
        assertThat(state(api, caseId, releaseId)).isEqualTo("STORED");
        confirmRelease.click();
        step("released", () -> wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rw-action-status"),
                "Release: done.")));
        assertThat(state(api, caseId, releaseId)).isEqualTo("RELEASED");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rw-quarantine-table"), "RELEASED"));
        assertThat(api.get("operator", "/api/v1/cases/" + caseId + "/audit?limit=500").getBody().toString())
                .contains("QUARANTINE_RELEASED");

        // close the case, keeping the account suspended, with the confirmation
        WebElement reason = wait.until(ExpectedConditions.elementToBeClickable(By.id("rw-close-reason")));
        new Select(browser.findElement(By.id("rw-close-state"))).selectByVisibleText("SUSPENDED");
        reason.click();
        reason.sendKeys("customer moved to hosted mailboxes");
        browser.findElement(By.id("rw-close")).click();
        WebElement confirmClose = wait.until(ExpectedConditions.elementToBeClickable(By.id("rw-close-confirm")));
        assertThat(browser.findElement(By.className("rw-question")).getText()).contains(caseId, "SUSPENDED");
        confirmClose.click();
        JsonNode closed = api.awaitStage(caseId, "CLOSED");
        assertThat(closed.path("finalRelayState").asText()).isEqualTo("SUSPENDED");
        assertThat(closed.path("audit").toString()).contains("customer moved to hosted mailboxes");
        step("closed-shown", () -> wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rw-actions"),
                "The case is closed.")));

        // an agent: Tasklist's login, the same webapp session; no action offered, a state change on it refused
        browser.manage().deleteAllCookies();
        browser.get(root + "/camunda/app/tasklist/default/");
        chromium.logInToCamunda("agent", "agent");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[type='password']")));
        String other = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"agent-" + ACCOUNT + "\",\"source\":\"queue-monitor\"}").getBody().path("caseId").asText();
        api.post("operator", "/api/v1/sandbox/accounts/agent-" + ACCOUNT + "/flood", "{\"count\": 1}");
        api.awaitStage(other, "AWAITING_ANSWERS");
        // the tasklist page's first reads hand out the session's XSRF token
        Cookie session = wait.until(d -> d.manage().getCookieNamed("JSESSIONID"));
        Cookie xsrf = wait.until(d -> d.manage().getCookieNamed("XSRF-TOKEN"));
        String cookies = "JSESSIONID=" + session.getValue() + "; XSRF-TOKEN=" + xsrf.getValue();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> actions = http.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/cases/" + other + "/actions"))
                .header("Cookie", cookies).header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(actions.statusCode()).isEqualTo(200);
        JsonNode allowed = new ObjectMapper().readTree(actions.body()).path("allowed");
        assertThat(allowed.path("releaseQuarantined").asBoolean(true)).isFalse();
        assertThat(allowed.path("purgeQuarantined").asBoolean(true)).isFalse();
        assertThat(allowed.path("close").asBoolean(true)).isFalse();
        for (String path : new String[]{"/quarantine/" + releaseId + "/release", "/close"}) {
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/cases/" + other + path))
                    .header("Cookie", cookies).header("X-XSRF-TOKEN", xsrf.getValue()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"finalRelayState\":\"ACTIVE\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as(path).isEqualTo(403);
        }
        assertThat(api.caseView(other).path("stage").asText()).isEqualTo("AWAITING_ANSWERS");
    }

    /**
     * Issue 29: a case the policy core's risk held for review shows its reasons in the tab, and an operator releases
     * the held mail with its one button: every held message leaves the sandbox relay, the case closes.
     */
    @Test
    void anOperatorReleasesHeldMailFromTheCaseTab() throws Exception {
        Api api = new Api(rest);
        String account = "held@cockpit.example";
        risk.risky(new RiskVerdict(Account.parse(account), RiskLevel.HOLD, 0.7,
                List.of("412 messages in 40 s (normal: 3 a minute)", "6 sender domains that are not yours"), Instant.now()));
        String caseId = api.awaitCaseOf(account);
        api.awaitStage(caseId, "HELD_FOR_REVIEW");
        Api.until("the review task", () -> tasks.createTaskQuery().processInstanceBusinessKey(caseId)
                .taskDefinitionKey(RelayRemediation.Elements.REVIEW_HELD_MAIL).singleResult());
        assertThat(api.post("operator", "/api/v1/sandbox/accounts/" + account + "/flood", "{\"count\": 5}")
                .getBody().path("held").asInt()).isEqualTo(5);
        String instanceId = runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseId).singleResult().getId();

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        String root = "http://127.0.0.1:" + port;
        browser.manage().deleteAllCookies();
        browser.get(root + "/camunda/app/cockpit/default/");
        chromium.logInToCamunda("operator", "operator");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[type='password']")));
        try {
            releaseInTheTab(wait, root, api, account, caseId, instanceId);
        } finally {
            // the other test logs in itself, on Cockpit's login form
            browser.manage().deleteAllCookies();
        }
    }

    private void releaseInTheTab(WebDriverWait wait, String root, Api api, String account, String caseId, String instanceId) {
        browser.get(root + "/camunda/app/cockpit/default/#/process-instance/" + instanceId + "/runtime?tab=relaywarden.processInstance.case");
        WebElement reasons = step("risk-shown", () -> wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rw-risk"))));
        assertThat(reasons.getText()).contains("HOLD", "412 messages in 40 s (normal: 3 a minute)", "waiting for the desk");
        WebElement note = wait.until(ExpectedConditions.elementToBeClickable(By.id("rw-release-held-note")));
        note.click();
        note.sendKeys("the shop's newsletter");
        browser.findElement(By.id("rw-release-held")).click();
        WebElement confirm = wait.until(ExpectedConditions.elementToBeClickable(By.id("rw-release-held-confirm")));
        assertThat(browser.findElement(By.className("rw-question")).getText()).contains(account, caseId);
        assertThat(sandbox.queueCounts(Account.parse(account)).getOrDefault(QueueName.HOLD, 0L)).isEqualTo(5);
        confirm.click();
        step("released", () -> new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions
                .textToBePresentInElementLocated(By.id("rw-action-status"), "Release held mail: done.")));
        JsonNode closed = api.awaitStage(caseId, "CLOSED");
        assertThat(closed.path("finalRelayState").asText()).isEqualTo("ACTIVE");
        assertThat(closed.path("audit").toString()).contains("HELD_MAIL_LEGITIMATE", "the shop's newsletter",
                "5 held messages released");
        assertThat(sandbox.queueCounts(Account.parse(account)).getOrDefault(QueueName.HOLD, 0L)).isZero();
        assertThat(sandbox.deliveredCount(Account.parse(account))).isEqualTo(5);
    }

    private static String state(Api api, String caseId, long id) {
        for (JsonNode m : api.get("operator", "/api/v1/cases/" + caseId + "/quarantine").getBody()) {
            if (m.path("id").asLong() == id) {
                return m.path("state").asText();
            }
        }
        throw new AssertionError("no quarantined message " + id);
    }

    private static byte[] awaitFile(Path file) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(file) && Files.size(file) > 0) {
                return Files.readAllBytes(file);
            }
            Thread.sleep(100);
        }
        try (var listing = Files.list(downloads)) {
            throw new AssertionError("no download " + file.getFileName() + "; the folder has " + listing.toList());
        }
    }

    private static JsonNode awaitLetter(Api api, String caseId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            JsonNode letters = api.get("operator", "/api/v1/cases/" + caseId + "/letters").getBody();
            if (letters != null && letters.size() > 0 && !letters.get(0).path("htmlBody").asText().isBlank()) {
                return letters.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no letter for " + caseId);
    }

    private static HttpHeaders basic(String user) {
        HttpHeaders h = new HttpHeaders();
        h.setBasicAuth(user, user);
        return h;
    }


    /** Runs a step; on failure keeps a screenshot and the page's source in target/screenshots for people. */
    private static <T> T step(String name, Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            screenshot("actions-failed-" + name);
            try {
                Files.writeString(Path.of("target", "screenshots", "actions-failed-" + name + ".html"), browser.getPageSource());
            } catch (Exception ignored) {
                // for people only
            }
            throw e;
        }
    }

    private static void step(String name, Runnable action) {
        step(name, () -> {
            action.run();
            return null;
        });
    }

    private static void screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (Exception ignored) {
            // a missing screenshot is no test failure
        }
    }
}
