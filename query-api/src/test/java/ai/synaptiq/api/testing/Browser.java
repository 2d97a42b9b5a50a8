package ai.synaptiq.api.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven through Debian's chromedriver (packages {@code chromium} and
 * {@code chromium-driver}, which {@code ./synaptiq test} installs). Both paths are given, so
 * Selenium Manager never runs and nothing is downloaded; each browser gets a fresh profile.
 */
public record Browser(ChromeDriver driver, Path profile, Path downloads) implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Where the screenshots of each view go (the build folder of query-api). */
    public static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");

    public static Browser start(int width, int height) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException(CHROMIUM + " and " + CHROMEDRIVER + " are needed: apt-get install chromium chromium-driver"
                    + " (./synaptiq test installs them)");
        }
        try {
            Path profile = Files.createTempDirectory("synaptiq-chromium-profile");
            Path downloads = Files.createTempDirectory("synaptiq-chromium-downloads");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--lang=en-US", "--user-data-dir=" + profile,
                    "--window-size=" + width + "," + height);
            options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US",
                    "download.default_directory", downloads.toString(), "download.prompt_for_download", false));
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().build();
            return new Browser(new ChromeDriver(service, options), profile, downloads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Waits for the condition, polling the page; fails with the page's text when it does not come. */
    public <T> T waitFor(String what, Duration timeout, Function<WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        // The page redraws a part when a poll brings a new answer: an element read meanwhile is looked up again.
        wait.ignoring(StaleElementReferenceException.class);
        wait.withMessage(() -> what + "; the page says:\n" + driver.findElement(By.tagName("body")).getText());
        return wait.until(condition::apply);
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** A PNG of the whole page (the window is made as tall as the page for the shot, then restored). */
    public Path screenshot(String name) {
        Dimension before = driver.manage().window().getSize();
        long pageHeight = ((Number) js("return Math.ceil(document.documentElement.scrollHeight)")).longValue();
        long chrome = before.getHeight() - ((Number) js("return window.innerHeight")).longValue();
        resize(before.getWidth(), (int) Math.min(6000, pageHeight + chrome));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            resize(before.getWidth(), before.getHeight());
        }
    }

    /** The console's errors since the last call (a blocked resource or script error shows here). */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            for (Path dir : new Path[] {profile, downloads}) {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // a temp folder left behind is harmless
                }
            }
        }
    }
}
