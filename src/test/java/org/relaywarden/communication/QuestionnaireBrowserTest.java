package org.relaywarden.communication;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The questionnaire page in a real browser: Debian's headless Chromium driven through its own
 * chromedriver. The driver and browser paths are set, so Selenium Manager never downloads anything.
 */
class QuestionnaireBrowserTest extends MailPeerScenario {

    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String CHROMIUM = "/usr/bin/chromium";

    @TempDir
    static Path profile;
    static ChromeDriverService service;
    static WebDriver browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws Exception {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        service.start();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath());
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1000, 2200));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void customerAnswersOnOnePage() {
        CaseReference ref = compromisedAccount("de");
        String token = questionnaireToken(ref, 1);
        awaitStage(ref, CaseStage.AWAITING_ANSWERS);

        browser.get("http://127.0.0.1:" + port + "/q/" + token);
        assertThat(browser.findElement(By.id("case-ref")).getText()).isEqualTo(ref.toString());
        assertThat(browser.getPageSource()).contains("Postausgang oder Warteschlange?", "postqueue -p", "exim -bp", "mailq");

        // two answers: the page says which one is missing, and keeps what was typed
        type("cause", "Das Passwort des Kontos meiner Tochter war zu schwach.");
        browser.findElement(By.id("queueEmptied")).click();
        type("queueOutput", "Mail queue is empty");
        browser.findElement(By.id("submit")).click();
        assertThat(browser.findElement(By.id("summary")).getText()).contains("Frage 2");
        assertThat(browser.findElement(By.id("error-prevention")).getText()).contains("Frage 2");
        assertThat(browser.findElement(By.id("cause")).getAttribute("value")).contains("Tochter");
        assertThat(cases.get(ref).stage()).isEqualTo(CaseStage.AWAITING_ANSWERS);

        // pasted output of a queue that still holds mail: warned, nothing submitted
        type("prevention", "Konto gelöscht, alle Passwörter geändert, fail2ban installiert.");
        type("queueOutput", QuestionnairePageScenarioTest.FULL_QUEUE);
        assertThat(browser.findElement(By.id("live-queue-warning")).isDisplayed()).as("warned while typing").isTrue();
        browser.findElement(By.id("submit")).click();
        assertThat(browser.findElement(By.id("error-queueOutput")).getText()).contains("Warteschlange", "postsuper -d ALL");
        screenshot("questionnaire-queue-warning");
        assertThat(cases.get(ref).stage()).isEqualTo(CaseStage.AWAITING_ANSWERS);

        // complete answers: the case moves on and the page shows its state
        type("queueOutput", "postqueue: Mail queue is empty");
        assertThat(browser.findElement(By.id("live-queue-warning")).isDisplayed()).isFalse();
        browser.findElement(By.id("submit")).click();
        assertThat(browser.findElement(By.id("status-message")).getText()).contains("Vielen Dank");
        screenshot("questionnaire-received");
        assertThat(browser.findElement(By.id("case-stage")).getText()).contains("geprüft");
        assertThat(cases.get(ref).stage()).isEqualTo(CaseStage.IN_REVIEW);
    }

    /** For people: what the customer saw, in target/screenshots (not asserted). */
    private static void screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.write(dir.resolve(name + ".png"),
                    ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        } catch (Exception ignored) {
            // a missing screenshot is no test failure
        }
    }

    private void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }
}
