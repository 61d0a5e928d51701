package io.gatehouse.console;

import static io.gatehouse.console.ConsoleClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The console mounted by a Servlet application at {@code /ops/*}, in a real browser (Debian's headless Chromium): the
 * page signs in through the application's auth servlet at {@code /auth}, calls its API below the mount, revokes a
 * user's sessions, resets a limited client and signs out. Each step leaves a screenshot in
 * {@code target/console-screenshots}.
 */
class ConsoleServletBrowserIT {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private ConsoleContainer container;
  private HeadlessChromium chromium;

  @BeforeEach
  void start() {
    chromium = HeadlessChromium.startOrSkip();
    container = ConsoleContainer.start("/*");
  }

  @AfterEach
  void stop() {
    try {
      if (chromium != null) {
        chromium.close();
      }
    } finally {
      if (container != null) {
        container.close();
      }
    }
  }

  @Test
  void anAdmin_signsIn_revokesSessions_resetsALimit_andSignsOut_underTheMount() {
    ConsoleClient client = new ConsoleClient(container);
    WebDriver browser = chromium.driver();

    browser.get("http://127.0.0.1:" + container.port() + "/ops/?refresh=1");
    browser.findElement(By.id("username")).sendKeys("root");
    browser.findElement(By.id("password")).sendKeys(ConsoleContainer.PASSWORD);
    browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
    waitForText(browser, By.id("mode"), "DISABLED (memory only, by configuration)");
    waitForText(browser, By.cssSelector("#chart-logins .summary"), "Last hour: 1 ok, 0 failed, 0 limited.");
    chromium.screenshot("servlet-01-overview");

    String alice = client.token("alice");
    fillAndSubmit(browser, "subject", "alice");
    await().atMost(WAIT).until(() -> browser.findElements(By.cssSelector("#session-results tbody tr")).size() == 1);
    browser.findElement(By.id("revoke-all")).click();
    confirm(browser);
    waitForText(browser, By.id("status"), "Revoked 1 sessions of alice.");
    assertThat(client.get("/auth/session", bearer(alice)).statusCode()).isEqualTo(401);

    for (int i = 0; i < 5; i++) {
      assertThat(client.login("mallory" + i, "wrong").statusCode()).isEqualTo(401);
    }
    assertThat(client.login("alice", ConsoleContainer.PASSWORD).statusCode()).as("127.0.0.1 is limited")
        .isEqualTo(429);
    fillAndSubmit(browser, "limit-key", "127.0.0.1");
    By loginIp = By.cssSelector("#limit-results tr[data-limiter='login-ip']");
    waitForText(browser, loginIp, "LIMITED");
    chromium.screenshot("servlet-02-limits");
    browser.findElement(loginIp).findElement(By.tagName("button")).click();
    confirm(browser);
    waitForText(browser, By.id("status"), "Reset login-ip for 127.0.0.1.");
    assertThat(client.login("alice", ConsoleContainer.PASSWORD).statusCode())
        .as("the limited client can log in again").isEqualTo(200);

    browser.findElement(By.id("sign-out")).click();
    await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("sign-in")).isDisplayed());
    chromium.screenshot("servlet-03-signed-out");
  }

  private static void fillAndSubmit(WebDriver browser, String inputId, String text) {
    WebElement input = browser.findElement(By.id(inputId));
    input.clear();
    input.sendKeys(text);
    input.submit();
  }

  private static void confirm(WebDriver browser) {
    await().atMost(WAIT).until(() -> browser.findElement(By.id("confirm")).isDisplayed());
    browser.findElement(By.id("confirm-ok")).click();
  }

  private static void waitForText(WebDriver browser, By locator, String text) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
        .untilAsserted(() -> assertThat(browser.findElement(locator).getText()).contains(text));
  }
}
