package io.gatehouse.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * A bad {@code gatehouse.*} (or {@code spring.data.redis.*}) value stops start-up, and the failure analysis names the
 * property, the value and the accepted form. Messages are asserted whole.
 */
@ExtendWith(OutputCaptureExtension.class)
class PropertyValidationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(GatehouseAutoConfiguration.class))
      .withPropertyValues("gatehouse.redis.enabled=false");

  @Test
  void negativeIdleTimeout() {
    assertThat(analysis("gatehouse.session.idle-timeout=-5m").getDescription()).isEqualTo("""
        Invalid Gatehouse configuration:

            Property: gatehouse.session.idle-timeout
            Value: "-5m"
            Accepted: a positive duration like 250ms, 30s or 15m
            Reason: idleTimeout must be a positive duration, got PT-5M""");
  }

  @Test
  void absoluteTimeoutShorterThanIdle() {
    assertThat(message("gatehouse.session.absolute-timeout=10m")).isEqualTo("gatehouse.session.absolute-timeout must "
        + "be a duration not shorter than gatehouse.session.idle-timeout (30m), got \"10m\"");
  }

  @Test
  void touchIntervalOverHalfTheIdleTimeout() {
    assertThat(message("gatehouse.session.touch-interval=20m")).isEqualTo("gatehouse.session.touch-interval must "
        + "be a duration from 0s to half of gatehouse.session.idle-timeout (15m), got \"20m\"");
  }

  @Test
  void nearCacheStalenessOverAMinute() {
    assertThat(message("gatehouse.session.near-cache.enabled=true", "gatehouse.session.near-cache.max-staleness=5m"))
        .isEqualTo("gatehouse.session.near-cache.max-staleness must be a duration from 1ms to 1m, got \"5m\"");
  }

  @Test
  void sameSiteNoneWithoutSecure() {
    assertThat(message("gatehouse.session.cookie.same-site=none", "gatehouse.session.cookie.secure=false"))
        .isEqualTo("gatehouse.session.cookie.same-site must be strict or lax while gatehouse.session.cookie.secure is "
            + "false (browsers drop a SameSite=None cookie that is not Secure), got \"none\"");
  }

  @Test
  void cookieNameWithThePrefix() {
    assertThat(message("gatehouse.session.cookie.name=__Host-sid")).isEqualTo("gatehouse.session.cookie.name must be "
        + "1 to 64 letters, digits or !#$%&'*+.^_`|~-, without a __Host- or __Secure- prefix, got \"__Host-sid\"");
  }

  @Test
  void rateLimitWithoutPolicy() {
    assertThat(message("gatehouse.rate-limits.api.permits=10")).isEqualTo(
        "gatehouse.rate-limits.api.policy must be sliding-window or token-bucket, got nothing (not set)");
  }

  @Test
  void rateLimitWithAnotherPolicysSetting() {
    assertThat(message("gatehouse.rate-limits.api.policy=token-bucket", "gatehouse.rate-limits.api.permits=10",
        "gatehouse.rate-limits.api.period=1s", "gatehouse.rate-limits.api.window=1m")).isEqualTo(
            "gatehouse.rate-limits.api.window must be unset: it applies to policy=sliding-window only, and "
                + "gatehouse.rate-limits.api.policy is not sliding-window, got \"1m\"");
  }

  @Test
  void slidingWindowLimitTooLarge() {
    assertThat(message("gatehouse.rate-limits.export.policy=sliding-window",
        "gatehouse.rate-limits.export.limit=20000", "gatehouse.rate-limits.export.window=1h")).isEqualTo(
            "gatehouse.rate-limits.export.limit must be a whole number from 1 to 10000, got \"20000\"");
  }

  @Test
  void tokenBucketFasterThanOnePermitPerMicrosecond() {
    assertThat(message("gatehouse.rate-limits.api.policy=token-bucket", "gatehouse.rate-limits.api.permits=2000",
        "gatehouse.rate-limits.api.period=1ms")).isEqualTo("gatehouse.rate-limits.api.permits must be at most one "
            + "permit per microsecond of gatehouse.rate-limits.api.period (1ms), got \"2000\"");
  }

  @Test
  void rateLimitNamedLikeTheLoginLimit() {
    assertThat(message("gatehouse.rate-limits.login-ip.policy=sliding-window",
        "gatehouse.rate-limits.login-ip.limit=1", "gatehouse.rate-limits.login-ip.window=1m")).isEqualTo(
            "gatehouse.rate-limits must be a name other than login-ip, login-user, login-device, login-success, "
                + "which the login limit uses, got \"login-ip\"");
  }

  @Test
  void successLimitZero() {
    assertThat(message("gatehouse.login.success-limit=0"))
        .isEqualTo("gatehouse.login.success-limit must be a whole number from 1 to 10000, got \"0\"");
  }

  @Test
  void successWindowZero() {
    assertThat(analysis("gatehouse.login.success-window=0s").getAction())
        .isEqualTo("Set gatehouse.login.success-window to a duration of at least 1ms, like 1m or 15m.");
  }

  @Test
  void deviceKeyTooShort_isRefusedWithoutShowingIt() {
    assertThat(analysis("gatehouse.login.device-key=hunter2-hunter2").getDescription()).isEqualTo("""
        Invalid Gatehouse configuration:

            Property: gatehouse.login.device-key
            Value: a value of 15 characters (not shown: it is a secret)
            Accepted: a random secret of at least 32 characters (10 or more different ones), the same on every \
        instance (make one with: openssl rand -base64 32)""");
  }

  @Test
  void deviceKeyOfFewDifferentCharacters_isNoSecret() {
    assertThat(message("gatehouse.login.device-key=" + "ab".repeat(20))).isEqualTo("gatehouse.login.device-key must "
        + "be a random secret of at least 32 characters (10 or more different ones), the same on every instance (make "
        + "one with: openssl rand -base64 32), got a value of 40 characters (not shown: it is a secret)");
  }

  @Test
  void loginLimitZero() {
    assertThat(message("gatehouse.login.limit=0"))
        .isEqualTo("gatehouse.login.limit must be a whole number from 1 to 10000, got \"0\"");
  }

  @Test
  void maxProbeIntervalBelowProbeInterval() {
    assertThat(message("gatehouse.failover.max-probe-interval=50ms")).isEqualTo("gatehouse.failover."
        + "max-probe-interval must be a duration not shorter than gatehouse.failover.probe-interval (100ms), got "
        + "\"50ms\"");
  }

  @Test
  void trustedProxyThatIsNoAddress() {
    assertThat(analysis("gatehouse.trusted-proxies=10.0.0.0/8,proxy.internal").getDescription()).startsWith("""
        Invalid Gatehouse configuration:

            Property: gatehouse.trusted-proxies
            Value: "10.0.0.0/8,proxy.internal"
            Accepted: IP addresses or CIDR blocks such as 10.0.0.0/8, comma-separated
            Reason:""");
  }

  @Test
  void springDataRedisUrlOfAnotherScheme_isRefusedWithoutItsPassword() {
    assertThat(message("gatehouse.redis.enabled=true", "spring.data.redis.url=http://user:secret@cache:6379"))
        .isEqualTo("spring.data.redis.url must be a URL like redis://[[user]:password@]host[:port][/database], or "
            + "rediss:// for TLS, got \"http://user:****@cache:6379\"");
  }

  @Test
  void keyPrefixWithASpace() {
    assertThat(message("gatehouse.redis.enabled=true", "spring.data.redis.url=redis://127.0.0.1:1",
        "gatehouse.redis.key-prefix=my app:")).isEqualTo("gatehouse.redis.key-prefix must be at most 64 characters "
            + "without braces, spaces or control characters, got \"my app:\"");
  }

  @Test
  void theAnalysisActionSaysWhatToSet() {
    assertThat(analysis("gatehouse.login.window=0s").getAction())
        .isEqualTo("Set gatehouse.login.window to a duration of at least 1ms, like 1m or 15m.");
  }

  @Test
  void unbindableDuration_isReportedWithTheAcceptedForm() {
    runner.withPropertyValues("gatehouse.session.idle-timeout=fifteen").run(context -> {
      FailureAnalysis analysis = new GatehouseBindFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(analysis.getDescription()).isEqualTo("""
          Invalid Gatehouse configuration:

              Property: gatehouse.session.idle-timeout
              Value: "fifteen"
              Origin: "gatehouse.session.idle-timeout" from property source "test"
              Accepted: a duration like 250ms, 30s, 15m or 12h (or ISO-8601, like PT15M)""");
    });
  }

  @Test
  void unbindableEnum_listsTheValues() {
    assertThat(GatehouseBindFailureAnalyzer.accepted(RateLimitProperties.Policy.class))
        .isEqualTo("one of sliding-window, token-bucket");
  }

  @Test
  void startupFailureOutput_namesPropertyValueAndAcceptedForm(CapturedOutput output) {
    SpringApplicationBuilder application = new SpringApplicationBuilder(MinimalApplication.class)
        .web(WebApplicationType.NONE);
    assertThatThrownBy(() -> application.run("--gatehouse.redis.enabled=false", "--gatehouse.failover.deadline=soon"))
        .isNotNull();
    assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START", """
        Invalid Gatehouse configuration:

            Property: gatehouse.failover.deadline
            Value: "soon"
            Origin: "gatehouse.failover.deadline" from property source "commandLineArgs"
            Accepted: a duration like 250ms, 30s, 15m or 12h (or ISO-8601, like PT15M)

        Action:

        Set gatehouse.failover.deadline to a duration like 250ms, 30s, 15m or 12h (or ISO-8601, like PT15M).""");
  }

  private FailureAnalysis analysis(String... properties) {
    FailureAnalysis[] analysis = new FailureAnalysis[1];
    runner.withPropertyValues(properties).run(context -> {
      assertThat(context).hasFailed();
      analysis[0] = new InvalidGatehousePropertyFailureAnalyzer().analyze(context.getStartupFailure());
    });
    assertThat(analysis[0]).as("failure analysis").isNotNull();
    return analysis[0];
  }

  private String message(String... properties) {
    String[] message = new String[1];
    runner.withPropertyValues(properties).run(context -> {
      assertThat(context).hasFailed();
      Throwable failure = context.getStartupFailure();
      while (failure != null && !(failure instanceof InvalidGatehousePropertyException)) {
        failure = failure.getCause();
      }
      assertThat(failure).as("cause of " + context.getStartupFailure()).isNotNull();
      message[0] = failure.getMessage();
    });
    return message[0];
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(GatehouseAutoConfiguration.class)
  static class MinimalApplication {}
}
