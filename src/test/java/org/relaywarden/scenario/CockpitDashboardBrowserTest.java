package org.relaywarden.scenario;

import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.relaywarden.testsupport.HeadlessChromium;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The abuse desk's dashboard in Cockpit (issue 22) in headless Chromium, ordinary typing and clicks: an operator
 * logs in, sees the dashboard with the test's own case and the number of its quarantined messages, clicks the case
 * and lands on its "Relaywarden case" tab. The dashboard reads {@code GET /api/v1/dashboard} with the webapp's login
 * session, which reads and nothing else.
 * <p>
 * With {@code -Drelaywarden.screenshots=docs} it also writes {@code cockpit-dashboard.png} and
 * {@code cockpit-case-tab.png} to that folder (for the README; not asserted).
 */
@RelaywardenSpringBootTest
class CockpitDashboardBrowserTest {

    static final String ACCOUNT = "dashboard@board.example";
    static final int FLOODED = 4;

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
        chromium = HeadlessChromium.start(profile, 1400, 1800);
        browser = chromium.browser();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void anOperatorSeesTheDashboardAndOpensACaseFromIt() throws Exception {
        Api api = new Api(rest);
        assertThat(api.post("operator", "/api/v1/sandbox/accounts/" + ACCOUNT + "/flood",
                "{\"count\": " + FLOODED + ", \"recipientsEach\": 1}").getStatusCode().is2xxSuccessful()).isTrue();
        String caseId = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"" + ACCOUNT + "\",\"source\":\"queue-monitor\",\"reason\":\"many deferred\"}")
                .getBody().path("caseId").asText();
        api.awaitStage(caseId, "AWAITING_ANSWERS");
        assertThat(api.get("operator", "/api/v1/cases/" + caseId + "/quarantine").getBody()).hasSize(FLOODED);
        String instanceId = runtime.createProcessInstanceQuery().processInstanceBusinessKey(caseId).singleResult().getId();

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        String root = "http://127.0.0.1:" + port;
        browser.get(root + "/camunda/app/cockpit/default/");
        chromium.logInToCamunda("operator", "operator");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[type='password']")));
        browser.get(root + "/camunda/app/cockpit/default/#/dashboard");

        WebElement link;
        try {
            link = wait.until(ExpectedConditions.elementToBeClickable(By.id("rw-dash-case-" + caseId)));
        } catch (RuntimeException e) {
            chromium.screenshot("cockpit-dashboard-failed");
            Files.writeString(Path.of("target", "screenshots", "cockpit-dashboard-failed.html"), browser.getPageSource());
            throw e;
        }
        WebElement dashboard = browser.findElement(By.id("relaywarden-dashboard"));
        // the test's case: its row shows its stage and the messages its flood left in the quarantine
        List<WebElement> cells = link.findElement(By.xpath("./ancestor::tr")).findElements(By.tagName("td"));
        assertThat(cells.get(1).getText()).isEqualTo(ACCOUNT);
        assertThat(cells.get(2).getText()).isEqualTo("AWAITING_ANSWERS");
        assertThat(cells.get(4).getText()).isEqualTo(String.valueOf(FLOODED));
        // the stage chart has a bar for AWAITING_ANSWERS with at least this case in it (other scenario tests' cases
        // share the database and move on in the background, so the exact count is theirs too)
        WebElement bar = dashboard.findElement(By.cssSelector("#rw-dash-stages-chart g[data-label='AWAITING_ANSWERS']"));
        assertThat(Long.parseLong(bar.getAttribute("data-value"))).isPositive();
        assertThat(bar.getText()).contains(bar.getAttribute("data-value"));
        assertThat(dashboard.getText()).contains("Alert → suspension", "Answers complete in the first round",
                "Failed re-enables");
        saveForDocs(dashboard, "cockpit-dashboard");

        link.click();
        WebElement caseTable;
        try {
            caseTable = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rw-case-table")));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rw-audit-table")));
        } catch (RuntimeException e) {
            chromium.screenshot("cockpit-dashboard-case-failed");
            throw e;
        }
        assertThat(browser.getCurrentUrl()).contains("/process-instance/" + instanceId + "/runtime")
                .contains("tab=relaywarden.processInstance.case");
        assertThat(caseTable.getText()).contains(caseId, ACCOUNT, "AWAITING_ANSWERS");
        maximizeTabs();
        saveForDocs(null, "cockpit-case-tab");

        // the webapp session reads the dashboard's figures, and nothing but GET is accepted on it
        Cookie session = browser.manage().getCookieNamed("JSESSIONID");
        assertThat(session).isNotNull();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/dashboard"))
                .header("Cookie", "JSESSIONID=" + session.getValue()).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains(caseId);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/dashboard"))
                .header("Cookie", "JSESSIONID=" + session.getValue()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(HttpStatus.UNAUTHORIZED.value());
        HttpResponse<String> noSession = http.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/dashboard"))
                .header("Cookie", "JSESSIONID=not-a-session").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noSession.statusCode()).isEqualTo(HttpStatus.UNAUTHORIZED.value());
    }

    /** For the screenshot only: a taller window gives the tab section below the diagram more room (not asserted). */
    private static void maximizeTabs() {
        browser.manage().window().setSize(new Dimension(1400, 3000));
        try {
            Thread.sleep(1000); // Cockpit lays the sections out again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * With -Drelaywarden.screenshots=<folder>: the element (or, when null, the window) as the operator saw it, for the
     * README (not asserted).
     */
    private static void saveForDocs(WebElement element, String name) {
        chromium.screenshot(name);
        String folder = System.getProperty("relaywarden.screenshots");
        if (folder == null || folder.isBlank()) {
            return;
        }
        try {
            Path dir = Path.of(folder);
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), element != null ? element.getScreenshotAs(OutputType.BYTES)
                    : ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (Exception e) {
            throw new IllegalStateException("could not write the screenshot " + name + " to " + folder, e);
        }
    }
}
