package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.relaywarden.testsupport.HeadlessChromium;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20, item 1: the Camunda webapps as a person uses them, in headless Chromium with ordinary WebDriver
 * typing and clicks (no JavaScript clicks, no text inserted over the DevTools protocol). The webapps ask
 * {@code /camunda-welcome} and other paths before anyone is logged in; a Basic challenge there made Chromium
 * open its own credentials dialog over Camunda's login form, which swallowed every keystroke. Browsers get a
 * plain 401 there; API clients keep their Basic challenge.
 */
@RelaywardenSpringBootTest
class WebappsInBrowserTest {

    static final String ANSWERS = "{\"cause\":\"cracked password\",\"prevention\":\"new password, fail2ban\",\"queueEmptied\":true}";

    @TempDir
    static Path profile;
    static HeadlessChromium chromium;
    static WebDriver browser;

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;

    @BeforeAll
    static void startBrowser() throws Exception {
        chromium = HeadlessChromium.start(profile, 1400, 2600);
        browser = chromium.browser();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void loggedOut() {
        // a fresh session: the webapps' login is one session for Cockpit, Tasklist and Admin
        browser.get(url("/camunda/app/welcome/default/"));
        browser.manage().deleteAllCookies();
    }

    @Test
    void browsersGetNoBasicChallengeOnTheWebappsPathsApiClientsDo() {
        for (String webapp : new String[]{"/camunda-welcome", "/favicon.ico", "/camunda/api/admin/auth/user/default"}) {
            ResponseEntity<String> answer = rest.getForEntity(webapp, String.class);
            assertThat(answer.getStatusCode().is2xxSuccessful()).as(webapp).isFalse();
            assertThat(answer.getHeaders().get(HttpHeaders.WWW_AUTHENTICATE)).as(webapp).isNull();
        }
        for (String api : new String[]{"/api/v1/cases", "/engine-rest/task", "/actuator/prometheus"}) {
            ResponseEntity<String> answer = rest.getForEntity(api, String.class);
            assertThat(answer.getStatusCode().value()).as(api).isEqualTo(401);
            assertThat(answer.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as(api).startsWith("Basic ");
        }
    }

    @Test
    void operatorLogsInToCockpitAndSeesTheProcess() {
        browser.get(url("/camunda/app/cockpit/default/"));
        chromium.logInToCamunda("operator", "operator");
        // the dashboard's processes page lists the deployed process by name
        browser.get(url("/camunda/app/cockpit/default/#/processes"));
        WebElement process = await().until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//a[normalize-space()='Relay remediation']")));
        chromium.screenshot("cockpit-processes");
        assertThat(process.getText()).isEqualTo("Relay remediation");
    }

    @Test
    void agentLogsInToTasklistAndApprovesTheReview() {
        Api api = new Api(rest);
        String caseId = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"browser@webapps.example\",\"source\":\"webapps-test\"}").getBody().path("caseId").asText();
        api.awaitStage(caseId, "AWAITING_ANSWERS");
        assertThat(api.post("agent", "/api/v1/cases/" + caseId + "/answers", ANSWERS).getStatusCode().is2xxSuccessful()).isTrue();
        api.awaitStage(caseId, "IN_REVIEW");
        String taskId = api.get("agent", "/engine-rest/task?processInstanceBusinessKey=" + caseId).getBody().get(0)
                .path("id").asText();

        // the link an agent would follow to the task
        browser.get(url("/camunda/app/tasklist/default/#/?task=" + taskId));
        chromium.logInToCamunda("agent", "agent");
        // the form of the task: its heading names the case, then the decision
        await().until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//*[contains(normalize-space(), 'Review the answers of case " + caseId + "')]")));
        // what the agent decides on: the customer's answers (the task's form variables, written when it was created)
        assertThat(browser.findElement(By.xpath("//textarea[@id=//label[contains(., 'What caused the spam')]/@for]"))
                .getAttribute("value")).isEqualTo("cracked password");
        assertThat(browser.findElement(By.xpath("//textarea[@id=//label[contains(., 'prevent a repeat')]/@for]"))
                .getAttribute("value")).isEqualTo("new password, fail2ban");
        // the form is disabled until the agent takes the task
        await().until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.claim"))).click();
        await().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".disabled-form")));
        WebElement approve = await().until(ExpectedConditions.elementToBeClickable(
                By.xpath("//label[contains(normalize-space(), 'Approve: staged re-enable')]")));
        approve.click();
        WebElement comment = browser.findElement(By.xpath("//textarea[@id=//label[contains(., 'Comment for the customer')]/@for]"));
        comment.sendKeys("Thank you, the relay is re-enabled in stages.");
        chromium.screenshot("tasklist-review");
        // the review form grew (password check, complaints): the button may sit under Tasklist's footer, so it is
        // brought to the middle of the window first, as a person scrolls to it
        WebElement complete = await().until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()='Complete']")));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", complete);
        await().until(ExpectedConditions.elementToBeClickable(complete)).click();

        JsonNode view = api.awaitCase(caseId, "out of review", c -> !"IN_REVIEW".equals(c.path("stage").asText()));
        assertThat(view.path("stage").asText()).isIn("STAGED_REENABLE", "PROBATION", "CLOSED");
        JsonNode audit = api.get("operator", "/api/v1/cases/" + caseId + "/audit").getBody();
        assertThat(audit.toString()).contains("approve").contains("agent");
        assertThat(api.get("agent", "/engine-rest/task?processInstanceBusinessKey=" + caseId).getBody().toString())
                .doesNotContain(taskId);
    }

    private WebDriverWait await() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
