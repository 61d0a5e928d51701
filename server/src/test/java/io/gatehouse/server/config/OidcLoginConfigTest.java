package io.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.oidc.login.OidcLoginConfig;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The browser login's {@code OIDC_*} variables: on only with {@code OIDC_CLIENT_ID}, every bad value named. */
class OidcLoginConfigTest {

  private static final Map<String, String> BASE = Map.of("OIDC_ISSUER", "https://login.example.com/realms/main",
      "OIDC_AUDIENCE", "api", "OIDC_CLIENT_ID", "gatehouse-web", "OIDC_CLIENT_SECRET", "very-secret-value",
      "OIDC_REDIRECT_URI", "https://gate.example/api/auth/oidc/callback");

  private static Map<String, String> with(String... pairs) {
    Map<String, String> env = new HashMap<>(BASE);
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static OidcLoginConfig login(Map<String, String> env) {
    Optional<OidcLoginConfig> login = ServerConfig.fromEnvironment(env).oidcLogin();
    assertThat(login).isPresent();
    return login.get();
  }

  @Test
  void unset_noBrowserLogin() {
    ServerConfig config = ServerConfig.fromEnvironment(Map.of());

    assertThat(config.oidcLogin()).isEmpty();
    assertThat(config.toString()).contains("OIDC_CLIENT_ID=(none: no browser login)");
  }

  @Test
  void required_theRestDefaults_secretNeverShown() {
    OidcLoginConfig login = login(BASE);

    assertThat(login.clientId()).isEqualTo("gatehouse-web");
    assertThat(login.clientAuthentication()).isEqualTo(OidcLoginConfig.ClientAuthentication.CLIENT_SECRET_BASIC);
    assertThat(login.scopes()).containsExactly("openid", "profile", "email");
    assertThat(login.postLoginPath()).isEqualTo("/");
    assertThat(login.postLogoutRedirectUri()).isEmpty();
    assertThat(login.verifier().audiences()).containsExactly("gatehouse-web");
    assertThat(ServerConfig.fromEnvironment(BASE).toString()).doesNotContain("very-secret-value")
        .contains("clientSecret=****");
  }

  @Test
  void everySetting() {
    OidcLoginConfig login = login(with("OIDC_CLIENT_AUTH", "client_secret_post", "OIDC_SCOPES", "openid,roles",
        "OIDC_POST_LOGIN_PATH", "/app", "OIDC_POST_LOGOUT_REDIRECT_URI", "https://gate.example/bye",
        "OIDC_ROLES_CLAIM", "realm_access.roles"));

    assertThat(login.clientAuthentication()).isEqualTo(OidcLoginConfig.ClientAuthentication.CLIENT_SECRET_POST);
    assertThat(login.scopes()).isEqualTo(List.of("openid", "roles"));
    assertThat(login.postLoginPath()).isEqualTo("/app");
    assertThat(login.postLogoutRedirectUri()).contains(URI.create("https://gate.example/bye"));
    assertThat(login.verifier().rolesClaim()).contains("realm_access.roles");
  }

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of("OIDC_REDIRECT_URI", "/api/auth/oidc/callback", "OIDC_REDIRECT_URI must be an absolute https "
            + "URL of this server's callback such as https://gate.example/api/auth/oidc/callback (http only for "
            + "localhost), without fragment, got \"/api/auth/oidc/callback\""),
        Arguments.of("OIDC_POST_LOGIN_PATH", "https://evil.example/", "OIDC_POST_LOGIN_PATH must be a path on this "
            + "site starting with a single /, such as /app, got \"https://evil.example/\""),
        Arguments.of("OIDC_POST_LOGIN_PATH", "//evil.example/", "OIDC_POST_LOGIN_PATH must be a path on this "
            + "site starting with a single /, such as /app, got \"//evil.example/\""),
        Arguments.of("OIDC_SCOPES", "profile email", "OIDC_SCOPES must be space- or comma-separated scopes "
            + "including openid, such as openid profile email, got \"profile email\""),
        Arguments.of("OIDC_CLIENT_AUTH", "private_key_jwt", "OIDC_CLIENT_AUTH must be one of client_secret_basic or "
            + "client_secret_post, got \"private_key_jwt\""),
        Arguments.of("OIDC_POST_LOGOUT_REDIRECT_URI", "http://gate.example/", "OIDC_POST_LOGOUT_REDIRECT_URI must "
            + "be an absolute https URL such as https://gate.example/ (http only for localhost), without fragment, "
            + "got \"http://gate.example/\""),
        Arguments.of("OIDC_CLIENT_SECRET", "bad\u0001secret", "OIDC_CLIENT_SECRET must be the client secret, 1 to "
            + "1024 printable characters, got a value of 10 characters (not shown: it is a secret)"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("invalidValues")
  void invalidValue_stopsStartUpWithItsMessage(String name, String value, String message) {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(with(name, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }

  @Test
  void clientIdWithoutSecret_isRefused() {
    Map<String, String> env = with();
    env.remove("OIDC_CLIENT_SECRET");

    assertThatThrownBy(() -> ServerConfig.fromEnvironment(env))
        .isInstanceOf(ConfigException.class)
        .hasMessage("OIDC_CLIENT_SECRET is required with OIDC_CLIENT_ID: the client secret, 1 to 1024 printable "
            + "characters");
  }

  @Test
  void loginSettingWithoutClientId_isRefused() {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("OIDC_REDIRECT_URI", "https://gate.example/cb")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("OIDC_REDIRECT_URI is set but OIDC_CLIENT_ID is not: set OIDC_CLIENT_ID to enable the browser "
            + "login, or unset OIDC_REDIRECT_URI");
  }

  @Test
  void clientIdWithoutIssuer_isRefused() {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("OIDC_CLIENT_ID", "web")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("OIDC_CLIENT_ID is set but OIDC_ISSUER is not: the browser login needs the provider's issuer URL");
  }

  @Test
  void tokenKeys_parsed_keysNeverShown() {
    String current = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=";
    String old = "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=";
    ServerConfig config = ServerConfig.fromEnvironment(with("OIDC_TOKEN_KEYS", "2026-11:" + current + ", 2026-05:" + old));

    assertThat(config.oidcTokenKeys()).hasValueSatisfying(keys -> {
      assertThat(keys.currentKeyId()).isEqualTo("2026-11");
      assertThat(keys.keyIds()).containsExactlyInAnyOrder("2026-11", "2026-05");
    });
    assertThat(config.toString()).contains("OIDC_TOKEN_KEYS=TokenKeyRing{current=2026-11")
        .doesNotContain(current).doesNotContain(old);
  }

  @Test
  void tokenKeysUnset_aRandomKeyPerInstance() {
    ServerConfig config = ServerConfig.fromEnvironment(BASE);

    assertThat(config.oidcTokenKeys()).isEmpty();
    assertThat(config.toString()).contains("OIDC_TOKEN_KEYS=(none: a random key per instance)");
  }

  @ParameterizedTest
  @MethodSource
  void badTokenKeys_stopStartUp_withoutQuotingAKey(String value, String reason) {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(with("OIDC_TOKEN_KEYS", value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("OIDC_TOKEN_KEYS must be <key id>:<base64 32-byte key> entries separated by commas")
        .hasMessageContaining(reason)
        .hasMessageEndingWith("(not shown: it is a secret)")
        .hasMessageNotContaining("c2hvcnQ=");
  }

  static Stream<Arguments> badTokenKeys_stopStartUp_withoutQuotingAKey() {
    return Stream.of(
        Arguments.of("c2hvcnQ=", "entry 1"),
        Arguments.of("k1:c2hvcnQ=", "k1"),
        Arguments.of("bad.id:QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=", "key id"),
        Arguments.of("k1:not base64 at all c2hvcnQ=", "k1"));
  }

  @Test
  void tokenKeysWithoutClientId_isRefused() {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("OIDC_TOKEN_KEYS",
        "k1:QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("OIDC_TOKEN_KEYS is set but OIDC_CLIENT_ID is not: set OIDC_CLIENT_ID to enable the browser "
            + "login, or unset OIDC_TOKEN_KEYS");
  }
}
