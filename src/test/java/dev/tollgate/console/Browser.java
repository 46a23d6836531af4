package dev.tollgate.console;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven by Selenium. Nothing is
 * downloaded: the browser and driver paths are given explicitly, so Selenium Manager never runs. Without them the
 * tests fail, unless {@code -Dtollgate-test.browser-tests=skip} is set.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path CHROMIUM = Path.of(System.getProperty("tollgate-test.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER =
            Path.of(System.getProperty("tollgate-test.chromedriver", "/usr/bin/chromedriver"));

    final ChromeDriver driver;
    final String base;
    private final Path profile;

    private Browser(ChromeDriver driver, String base, Path profile) {
        this.driver = driver;
        this.base = base;
        this.profile = profile;
    }

    /** A fresh browser (own profile, no cookies) for the server at {@code base} ({@code http://localhost:port}). */
    static Browser open(String base) {
        Assumptions.assumeFalse(
                "skip".equals(System.getProperty("tollgate-test.browser-tests")),
                "browser tests skipped by -Dtollgate-test.browser-tests=skip");
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            fail("Browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + DRIVER
                    + "): apt-get install -y chromium chromium-driver, or set -Dtollgate-test.browser-tests=skip");
        }
        try {
            Path profile = Files.createTempDirectory("tollgate-chromium");
            ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-dev-shm-usage",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--disable-default-apps",
                    "--window-size=1280,900",
                    "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            String origin = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            driver.executeCdpCommand(
                    "Browser.grantPermissions",
                    Map.of("origin", origin, "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
            return new Browser(driver, origin, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void get(String path) {
        driver.get(base + path);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement button(String text) {
        return driver.findElement(By.xpath("//button[normalize-space()='" + text + "']"));
    }

    void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    void signIn(String apiKey) {
        get("/console/sign-in");
        type("#apiKey", apiKey);
        button("Sign in").click();
        try {
            new WebDriverWait(driver, Duration.ofSeconds(20))
                    .until(ExpectedConditions.not(ExpectedConditions.urlContains("/sign-in")));
        } catch (TimeoutException e) {
            throw new AssertionError("sign-in did not leave the sign-in page: " + driver.getPageSource(), e);
        }
    }

    /**
     * Clicks the button and waits until the browser shows the page its form leads to: a click does not wait for that,
     * so reading the page at once could read the previous one (its message, its verdict).
     */
    void press(String text) {
        WebElement pressed = button(text);
        pressed.click();
        awaitGone(pressed);
    }

    /**
     * Waits until the page that held {@code pressed} has been replaced. Chromium reports a node of a page being
     * replaced either as stale or as "does not belong to the document"; both mean the same here.
     */
    private void awaitGone(WebElement pressed) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ignored -> {
            try {
                return ExpectedConditions.stalenessOf(pressed).apply(driver);
            } catch (WebDriverException e) {
                if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }

    /** {@link #press} for a destructive action: accepts the confirmation it asks for first. */
    void pressAndConfirm(String text) {
        WebElement pressed = button(text);
        pressed.click();
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.alertIsPresent())
                .accept();
        awaitGone(pressed);
    }

    String flash() {
        return find("#messages").getText();
    }

    String source() {
        return driver.getPageSource();
    }

    /** Saves the page as {@code target/screenshots/console-{name}.png} at {@code width} px. */
    void screenshot(String name, int width) {
        try {
            driver.manage().window().setSize(new Dimension(width, width < 600 ? 1400 : 1000));
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve("console-" + name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            driver.manage().window().setSize(new Dimension(1280, 900));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a left-over temporary profile is harmless
        }
    }
}
