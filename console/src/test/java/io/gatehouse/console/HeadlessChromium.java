package io.gatehouse.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium, driven through its own chromedriver by Selenium, for the console's browser tests, here
 * and in the server (through this module's test-jar).
 *
 * <p>Installs nothing: {@code .ci/run} installs the {@code chromium} and {@code chromium-driver} packages. Selenium is
 * given both executables, so its Selenium Manager never runs and never tries to download a browser or a driver.
 * Without a browser the tests are skipped with a message, except under {@code CI=true}, where that fails them: CI
 * must not pass by running no browser test. The flags keep Chromium from reaching for the network (it would hang on
 * refused connections on a closed machine) and a fresh profile keeps runs apart.
 */
public final class HeadlessChromium implements AutoCloseable {

  /** Where screenshots go, for people to look at: {@code target/console-screenshots} of the module under test. */
  public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
      "/usr/bin/google-chrome");
  private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

  private final ChromeDriver driver;
  private final Path profile;

  private HeadlessChromium(Path browser, Path chromedriver) throws IOException {
    this.profile = Files.createTempDirectory("gatehouse-chromium");
    System.setProperty("webdriver.chrome.driver", chromedriver.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1400,2600", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.toFile())
        .usingAnyFreePort()
        .build();
    this.driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  /** Starts Chromium, or skips the test (fails it under {@code CI=true}) when there is none. */
  public static HeadlessChromium startOrSkip() {
    Optional<Path> browser = executable("CHROME_BIN", BROWSERS);
    Optional<Path> chromedriver = executable("CHROMEDRIVER", DRIVERS);
    if (browser.isEmpty() || chromedriver.isEmpty()) {
      String missing = "no headless Chromium for the console's browser tests: " + (browser.isEmpty()
          ? "no browser at " + BROWSERS + " or $CHROME_BIN" : "no chromedriver at " + DRIVERS + " or $CHROMEDRIVER")
          + "; on Debian: apt-get install chromium chromium-driver (.ci/run does)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(missing + "; under CI=true the browser tests must run");
      }
      Assumptions.abort(missing);
    }
    try {
      return new HeadlessChromium(browser.get(), chromedriver.get());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public WebDriver driver() {
    return driver;
  }

  /** Saves what the browser shows as {@code name}.png under {@link #SCREENSHOTS}. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Path> executable(String variable, List<String> candidates) {
    return Stream.concat(Stream.ofNullable(System.getenv(variable)), candidates.stream())
        .filter(path -> !path.isBlank())
        .map(Path::of)
        .filter(Files::isExecutable)
        .findFirst();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // A profile left in the temporary directory is harmless.
      }
    }
  }
}
