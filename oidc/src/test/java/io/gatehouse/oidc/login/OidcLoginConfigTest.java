package io.gatehouse.oidc.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The browser login's settings: each refused at once with a message quoting it, the secret never. */
class OidcLoginConfigTest {

  private static OidcLoginConfig.Builder valid() {
    return OidcLoginConfig.builder().issuer("https://login.example.com/realms/main").clientId("web")
        .clientSecret("very-secret-value").redirectUri("https://gate.example/api/auth/oidc/callback");
  }

  @Test
  void defaults() {
    OidcLoginConfig config = valid().build();

    assertThat(config.clientId()).isEqualTo("web");
    assertThat(config.verifier().audiences()).containsExactly("web");
    assertThat(config.scopes()).containsExactly("openid", "profile", "email");
    assertThat(config.postLoginPath()).isEqualTo("/");
    assertThat(config.flowTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.logoutTokenMaxAge()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.keepProviderTokens()).isFalse();
    assertThat(config.clientAuthentication()).isEqualTo(OidcLoginConfig.ClientAuthentication.CLIENT_SECRET_BASIC);
  }

  @Test
  void toString_masksTheSecret() {
    assertThat(valid().build().toString()).contains("clientSecret=****").doesNotContain("very-secret-value");
  }

  /** No open redirect: only a path on this site. */
  @ParameterizedTest
  @ValueSource(strings = {"https://evil.example/", "//evil.example/", "evil", "", "/\\evil.example", "/a b"})
  void postLoginPath_notAPathOnThisSite_isRefused(String path) {
    assertThatThrownBy(() -> valid().postLoginPath(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("postLoginPath must be a path on this site starting with a single /, such as /app, got \""
            + path + "\"");
  }

  @Test
  void redirectUri_plainHttpElsewhereThanLocalhost_isRefused() {
    assertThatThrownBy(() -> valid().redirectUri("http://gate.example/cb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("redirectUri must be an absolute https URL such as https://app.example.com/api/auth/oidc/callback"
            + " (http only for localhost), without fragment, got \"http://gate.example/cb\"");
    assertThat(valid().redirectUri("http://localhost:8080/cb").build().redirectUri()).hasHost("localhost");
  }

  @Test
  void scopes_withoutOpenid_isRefused() {
    assertThatThrownBy(() -> valid().scopes("profile"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scopes must include openid, got [profile]");
  }

  @Test
  void clientSecret_badValue_isRefused_withoutQuotingIt() {
    assertThatThrownBy(() -> valid().clientSecret("bad\nsecret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clientSecret must be 1 to 1024 printable characters");
  }

  @Test
  void missingClient_isRefused() {
    assertThatThrownBy(() -> OidcLoginConfig.builder().issuer("https://login.example.com").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("clientId, clientSecret and redirectUri are required for the browser login");
  }
}
