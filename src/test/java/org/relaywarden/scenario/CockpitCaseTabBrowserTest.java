package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.relaywarden.testsupport.HeadlessChromium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The abuse desk's case tab in Cockpit (issue 22) in a real browser: Debian's headless Chromium through its own
 * chromedriver (paths set, so Selenium Manager never downloads anything), ordinary clicks. An operator logs in
 * to Cockpit, opens a case's process instance, opens the "Relaywarden case" tab and reads the audit trail, a
 * letter's subject and a hostile answer as literal text. The tab reads Relaywarden's API with the webapp's login
 * session: that session reads cases, and changes nothing without the webapps' CSRF token.
 */
@RelaywardenSpringBootTest
class CockpitCaseTabBrowserTest {

    static final String HOSTILE = "<img src=x onerror=\"window.__rwHacked=1\">";

    @TempDir
    static Path profile;
    static HeadlessChromium chromium;
    static WebDriver browser;

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;

    @BeforeAll
    static void startBrowser() throws Exception {
        chromium = HeadlessChromium.start(profile, 1400, 2400);
        browser = chromium.browser();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void anOperatorReadsTheCaseInCockpitAndAHostileAnswerStaysText() throws Exception {
        Api api = new Api(rest);
        String caseId = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"cockpit@tab.example\",\"source\":\"queue-monitor\",\"reason\":\"many deferred\"}")
                .getBody().path("caseId").asText();
        api.awaitStage(caseId, "AWAITING_ANSWERS");
        // an incomplete answer (question 2 missing): the case keeps waiting, so its process instance is running
        assertThat(api.post("agent", "/api/v1/cases/" + caseId + "/answers",
                "{\"cause\":\"" + HOSTILE.replace("\"", "\\\"") + "\",\"queueEmptied\":false}").getStatusCode())
                .isEqualTo(HttpStatus.OK);
        String subject = awaitLetterSubject(api, caseId);
        String instanceId = runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseId).singleResult().getId();

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        String root = "http://127.0.0.1:" + port;
        browser.get(root + "/camunda/app/cockpit/default/");
        chromium.logInToCamunda("operator", "operator");
        // logged in: the login form is gone and the header names the user
        try {
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[type='password']")));
        } catch (RuntimeException e) {
            screenshot("cockpit-login-failed");
            Files.writeString(Path.of("target", "screenshots", "cockpit-login-failed.html"), browser.getPageSource());
            throw e;
        }

        browser.get(root + "/camunda/app/cockpit/default/#/process-instance/" + instanceId + "/runtime");
        try {
            wait.until(ExpectedConditions.elementToBeClickable(By.linkText("Relaywarden case"))).click();
        } catch (RuntimeException e) {
            screenshot("cockpit-case-tab-missing");
            Files.writeString(Path.of("target", "screenshots", "cockpit-case-tab-missing.html"), browser.getPageSource());
            throw e;
        }
        WebElement tab;
        try {
            tab = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rw-audit-table")));
        } catch (RuntimeException e) {
            screenshot("cockpit-case-tab-failed");
            Files.writeString(Path.of("target", "screenshots", "cockpit-case-tab-failed.html"), browser.getPageSource());
            throw e;
        }
        screenshot("cockpit-case-tab");
        try {
            Files.write(Path.of("target", "screenshots", "cockpit-case-tab-content.png"),
                    browser.findElement(By.id("relaywarden-case")).getScreenshotAs(OutputType.BYTES));
        } catch (Exception ignored) {
            // for people only (docs/cockpit-case-tab.png), not asserted
        }

        String audit = tab.getText();
        assertThat(audit).contains("CASE_OPENED", "ANSWERS_RECEIVED", "agent");
        assertThat(browser.findElement(By.id("rw-case-table")).getText()).contains(caseId, "cockpit@tab.example", "AWAITING_ANSWERS");
        assertThat(browser.findElements(By.className("rw-letter-subject")).stream().map(WebElement::getText))
                .contains(subject);
        WebElement answers = browser.findElement(By.id("rw-answers-table"));
        assertThat(answers.getText()).contains(HOSTILE).contains("missing 2");
        // the hostile answer is text: no element was made of it, and its handler never ran
        assertThat(browser.findElement(By.id("relaywarden-case")).findElements(By.tagName("img"))).isEmpty();
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__rwHacked === undefined")).isEqualTo(true);
        assertThat(browser.findElement(By.id("rw-quarantine")).getText()).contains("Quarantined mail");
        // the password section (this context has no credential store: it says so, docs/credentials.md)
        assertThat(browser.findElement(By.id("rw-password")).getText()).contains("Password (the cracked credential)",
                "Not checked: no credential store is configured");

        // the webapp session reads cases, but changes nothing through Relaywarden's API without its CSRF token
        // (the tab's reads ran on this very session before: they must not have turned it into an API login)
        Cookie session = browser.manage().getCookieNamed("JSESSIONID");
        assertThat(session).isNotNull();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/cases/" + caseId))
                .header("Cookie", "JSESSIONID=" + session.getValue()).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains(caseId);
        HttpResponse<String> close = http.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/cases/" + caseId + "/close"))
                .header("Cookie", "JSESSIONID=" + session.getValue()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"finalRelayState\":\"ACTIVE\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        // a state change on the session needs the session's CSRF token (X-XSRF-TOKEN): without it, 403
        assertThat(close.statusCode()).isEqualTo(403);
        assertThat(api.caseView(caseId).path("stage").asText()).isEqualTo("AWAITING_ANSWERS");
        HttpResponse<String> noSession = http.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/cases/" + caseId))
                .header("Cookie", "JSESSIONID=not-a-session").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noSession.statusCode()).isEqualTo(401);
    }

    /** The first letter's subject, once the letter exists (the job executor writes it in the background). */
    private static String awaitLetterSubject(Api api, String caseId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            JsonNode letters = api.get("operator", "/api/v1/cases/" + caseId + "/letters").getBody();
            if (letters != null && letters.size() > 0 && !letters.get(0).path("subject").asText().isBlank()) {
                return letters.get(0).path("subject").asText();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no letter for " + caseId);
    }

    /** For people: what the operator saw, in target/screenshots (not asserted). */
    private static void screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"),
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (Exception ignored) {
            // a missing screenshot is no test failure
        }
    }
}
