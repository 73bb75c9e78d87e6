package org.relaywarden.communication;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.testsupport.HeadlessChromium;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The questionnaire page in a real browser: Debian's headless Chromium driven through its own
 * chromedriver ({@link HeadlessChromium}).
 */
class QuestionnaireBrowserTest extends MailPeerScenario {

    @TempDir
    static Path profile;
    static HeadlessChromium chromium;
    static WebDriver browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws Exception {
        chromium = HeadlessChromium.start(profile, 1000, 2200);
        browser = chromium.browser();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
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
        submit();
        assertThat(browser.findElement(By.id("summary")).getText()).contains("Frage 2");
        assertThat(browser.findElement(By.id("error-prevention")).getText()).contains("Frage 2");
        assertThat(browser.findElement(By.id("cause")).getAttribute("value")).contains("Tochter");
        assertThat(cases.get(ref).stage()).isEqualTo(CaseStage.AWAITING_ANSWERS);

        // pasted output of a queue that still holds mail: warned, nothing submitted
        type("prevention", "Konto gelöscht, alle Passwörter geändert, fail2ban installiert.");
        type("queueOutput", QuestionnairePageScenarioTest.FULL_QUEUE);
        assertThat(browser.findElement(By.id("live-queue-warning")).isDisplayed()).as("warned while typing").isTrue();
        submit();
        assertThat(browser.findElement(By.id("error-queueOutput")).getText()).contains("Warteschlange", "postsuper -d ALL");
        screenshot("questionnaire-queue-warning");
        assertThat(cases.get(ref).stage()).isEqualTo(CaseStage.AWAITING_ANSWERS);

        // complete answers: the case moves on and the page shows its state
        type("queueOutput", "postqueue: Mail queue is empty");
        assertThat(browser.findElement(By.id("live-queue-warning")).isDisplayed()).isFalse();
        submit();
        assertThat(browser.findElement(By.id("status-message")).getText()).contains("Vielen Dank");
        screenshot("questionnaire-received");
        assertThat(browser.findElement(By.id("case-stage")).getText()).contains("geprüft");
        assertThat(cases.get(ref).stage()).isEqualTo(CaseStage.IN_REVIEW);
    }

    private static void screenshot(String name) {
        chromium.screenshot(name);
    }

    private void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Sends the form and waits for the answer page: the next look must not find the old page still in the window. */
    private void submit() {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(By.id("submit")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(ExpectedConditions.stalenessOf(page));
    }
}
