package io.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The defaults {@code --help} shows are the ones the server uses, and the cookie name the browser gets. */
class SettingDefaultsTest {

  @Test
  void helpDefaults_setExplicitly_giveTheSameConfigAsNothingSet() {
    Map<String, String> env = new HashMap<>();
    for (Setting setting : Setting.values()) {
      // ADMIN_USERNAME alone asks for ADMIN_PASSWORD_HASH, OIDC_* for OIDC_ISSUER (OidcConfigTest checks those);
      // an empty default means "none", not a value.
      if (!setting.defaultValue().isEmpty() && setting != Setting.ADMIN_USERNAME
          && !setting.name().startsWith("OIDC_")) {
        env.put(setting.name(), setting.defaultValue());
      }
    }

    assertThat(ServerConfig.fromEnvironment(env)).hasToString(ServerConfig.fromEnvironment(Map.of()).toString());
  }

  @Test
  void cookieName_secure_isSentWithTheHostPrefix() {
    assertThat(ServerConfig.fromEnvironment(Map.of()).sessionCookie().name()).isEqualTo("__Host-gatehouse_session");
    assertThat(ServerConfig.fromEnvironment(Map.of("COOKIE_NAME", "sid", "COOKIE_SECURE", "false")).sessionCookie()
        .name()).isEqualTo("sid");
    assertThat(Setting.help()).contains("browsers get it as __Host-<name>");
  }

  @Test
  void cookieName_withAReservedPrefix_isRefused() {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("COOKIE_NAME", "__Host-sid")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("COOKIE_NAME must be given without the __Host- or __Secure- prefix (with COOKIE_SECURE=true the "
            + "server adds __Host- itself), got \"__Host-sid\"");
  }
}
