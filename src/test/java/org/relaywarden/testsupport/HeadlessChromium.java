package org.relaywarden.testsupport;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Debian's headless Chromium driven through its own chromedriver (packages {@code chromium} and
 * {@code chromium-driver}). The driver and browser paths are set, so Selenium Manager never downloads anything.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    public static final String CHROMIUM = "/usr/bin/chromium";

    private final ChromeDriverService service;
    private final WebDriver browser;

    private HeadlessChromium(ChromeDriverService service, WebDriver browser) {
        this.service = service;
        this.browser = browser;
    }

    /** A fresh browser with its own profile folder, {@code width} x {@code height} pixels. */
    public static HeadlessChromium start(Path profile, int width, int height) throws IOException {
        return start(profile, null, width, height);
    }

    /**
     * The same, saving downloads into {@code downloads} without asking (null: Chromium's default folder and prompt).
     */
    public static HeadlessChromium start(Path profile, Path downloads, int width, int height) throws IOException {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        service.start();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath());
        if (downloads != null) {
            options.setExperimentalOption("prefs", Map.of(
                    "download.default_directory", downloads.toAbsolutePath().toString(),
                    "download.prompt_for_download", false,
                    "download.directory_upgrade", true,
                    "safebrowsing.enabled", false));
        }
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        browser.manage().window().setSize(new Dimension(width, height));
        return new HeadlessChromium(service, browser);
    }

    public WebDriver browser() {
        return browser;
    }

    /**
     * Camunda's login form (Cockpit, Tasklist, Admin), typed into and clicked as a person does (no Basic challenge,
     * no injected session); fails if the keystrokes did not reach the form. Returns once the form is gone.
     */
    public void logInToCamunda(String user, String password) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("form[name='signinForm'] input[type='text']")));
        name.click();
        name.sendKeys(user);
        WebElement secret = browser.findElement(By.cssSelector("form[name='signinForm'] input[type='password']"));
        secret.click();
        secret.sendKeys(password);
        if (!user.equals(name.getAttribute("value"))) {
            throw new AssertionError("typed " + user + " into the login form, it holds " + name.getAttribute("value"));
        }
        browser.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("form[name='signinForm']")));
    }

    /** For people: what the browser showed, in target/screenshots (not asserted). */
    public void screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (Exception ignored) {
            // a missing screenshot is no test failure
        }
    }

    @Override
    public void close() {
        try {
            browser.quit();
        } finally {
            service.stop();
        }
    }
}
