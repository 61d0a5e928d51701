package io.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code SHADOW_RATE_LIMITS}: which of the server's limiters report instead of refusing. */
class ShadowRateLimitsConfigTest {

  @Test
  void shadowRateLimits_unset_noneAreShadow() {
    assertThat(ServerConfig.fromEnvironment(Map.of()).shadowRateLimits()).isEmpty();
    assertThat(ServerConfig.fromEnvironment(Map.of()).toString()).contains("SHADOW_RATE_LIMITS=(none)");
  }

  @Test
  void shadowRateLimits_namesTheLimiters() {
    ServerConfig config = ServerConfig.fromEnvironment(Map.of("SHADOW_RATE_LIMITS", "login-user, login-ip",
        "API_RATE_LIMIT", "10/1s"));

    assertThat(config.shadowRateLimits()).containsExactlyInAnyOrder("login-ip", "login-user");
    assertThat(config.toString()).contains("SHADOW_RATE_LIMITS=login-ip,login-user");
  }

  @Test
  void shadowRateLimits_unknownName() {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("SHADOW_RATE_LIMITS", "login-ip,login_user")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("SHADOW_RATE_LIMITS must be a comma-separated list of login-ip, login-user, api, got "
            + "\"login-ip,login_user\"");
  }

  @Test
  void shadowRateLimits_apiWithoutAnApiLimit() {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("SHADOW_RATE_LIMITS", "api")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("SHADOW_RATE_LIMITS must be a list without api while API_RATE_LIMIT is not set, got \"api\"");
  }
}
