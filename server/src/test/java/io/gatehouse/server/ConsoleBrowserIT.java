package io.gatehouse.server;

import static io.gatehouse.server.GatehouseClient.bearer;
import static io.gatehouse.server.TestAccounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.console.HeadlessChromium;
import io.gatehouse.redis.testing.RedisServer;
import io.gatehouse.redis.testing.RedisServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The console in a real browser (Debian's headless Chromium), against a real server on a real Redis: an admin signs
 * in, sees charts after some traffic, revokes a user's sessions, resets a limited client, and watches the mode turn
 * to degraded when Redis is killed. Each step leaves a screenshot in {@code target/console-screenshots}.
 */
class ConsoleBrowserIT {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String USER_AGENT = "ConsoleBrowserIT/1.0";

  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @TempDir
  static Path dir;

  private final RunningServers servers = new RunningServers();
  private HeadlessChromium chromium;

  @BeforeEach
  void startBrowser() {
    chromium = HeadlessChromium.startOrSkip();
  }

  @AfterEach
  void stop() {
    try {
      if (chromium != null) {
        chromium.close();
      }
    } finally {
      servers.close();
    }
  }

  @Test
  void anAdmin_watchesTraffic_revokesSessions_resetsALimit_andSeesRedisGo(RedisServer server) {
    Map<String, String> env = RunningServers.env(server.uri(), RunningServers.uniquePrefix(),
        TestAccounts.usersFile(dir));
    env.put("RATE_LIMIT_ATTEMPTS", "3");
    GatehouseClient client = new GatehouseClient(servers.start(env));
    WebDriver browser = chromium.driver();

    browser.get("http://127.0.0.1:" + client.port() + "/admin?refresh=1");
    chromium.screenshot("01-sign-in");
    browser.findElement(By.id("username")).sendKeys("root");
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
    waitForText(browser, By.id("mode"), "PRIMARY (on Redis)");

    String alice = token(client, "alice");
    token(client, "alice");
    for (int i = 0; i < 5; i++) {
      assertThat(client.get("/api/auth/session", bearer(alice)).statusCode()).isEqualTo(200);
    }
    assertThat(client.login("bob", "wrong").statusCode()).isEqualTo(401);

    waitForText(browser, By.cssSelector("#chart-logins .summary"), "Last hour: 3 ok, 1 failed, 0 limited.");
    waitForText(browser, By.cssSelector("#chart-latency .summary"), "Latest p50");
    for (String chart : List.of("logins", "validations", "latency", "refusals", "failovers", "redis")) {
      assertThat(browser.findElements(By.cssSelector("#chart-" + chart + " canvas"))).as(chart).isNotEmpty();
    }
    chromium.screenshot("02-overview");

    fillAndSubmit(browser, "subject", "alice");
    await().atMost(WAIT).until(() -> browser.findElements(By.cssSelector("#session-results tbody tr")).size() == 2);
    assertThat(browser.findElement(By.id("session-results")).getText()).contains("127.0.0.1", USER_AGENT);
    chromium.screenshot("03-sessions");
    browser.findElement(By.id("revoke-all")).click();
    confirm(browser);
    waitForText(browser, By.id("status"), "Revoked 2 sessions of alice.");
    assertThat(client.get("/api/auth/session", bearer(alice)).statusCode()).isEqualTo(401);

    assertThat(client.login("mallory1", "wrong").statusCode()).isEqualTo(401);
    assertThat(client.login("mallory2", "wrong").statusCode()).isEqualTo(401);
    assertThat(client.login("alice", PASSWORD).statusCode()).as("127.0.0.1 is limited").isEqualTo(429);
    fillAndSubmit(browser, "limit-key", "127.0.0.1");
    By loginIp = By.cssSelector("#limit-results tr[data-limiter='login-ip']");
    waitForText(browser, loginIp, "LIMITED");
    waitForText(browser, By.id("top-keys"), "127.0.0.1");
    chromium.screenshot("04-limits");
    browser.findElement(loginIp).findElement(By.tagName("button")).click();
    confirm(browser);
    waitForText(browser, By.id("status"), "Reset login-ip for 127.0.0.1.");
    assertThat(client.login("alice", PASSWORD, "User-Agent", USER_AGENT).statusCode())
        .as("the limited client can log in again").isEqualTo(200);

    server.kill();
    client.login("alice", PASSWORD);
    waitForText(browser, By.id("mode"), "DEGRADED (serving from memory)");
    chromium.screenshot("05-degraded");
  }

  private static String token(GatehouseClient client, String username) {
    return GatehouseClient.json(client.login(username, PASSWORD, "User-Agent", USER_AGENT)).get("token").asText();
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
