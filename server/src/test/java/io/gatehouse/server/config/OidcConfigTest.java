package io.gatehouse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.oidc.JwtVerifierConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code OIDC_*} variables: JWT bearer authentication, on only with {@code OIDC_ISSUER}. */
class OidcConfigTest {

  private static final String ISSUER = "https://login.example.com/realms/main";

  @Test
  void oidc_unset_sessionsOnly() {
    ServerConfig config = ServerConfig.fromEnvironment(Map.of());

    assertThat(config.oidc()).isEmpty();
    assertThat(config.toString()).contains("OIDC_ISSUER=(none: sessions only)");
  }

  @Test
  void oidc_issuerAndAudience_theRestDefaults() {
    OidcSettings oidc = oidc(Map.of("OIDC_ISSUER", ISSUER, "OIDC_AUDIENCE", "gatehouse-api, other-api"));

    JwtVerifierConfig verifier = oidc.verifier();
    assertThat(verifier.issuer()).isEqualTo(URI.create(ISSUER));
    assertThat(verifier.audiences()).containsExactlyInAnyOrder("gatehouse-api", "other-api");
    assertThat(verifier.algorithms()).containsExactlyInAnyOrder("RS256", "PS256", "ES256");
    assertThat(verifier.clockSkew()).isEqualTo(Duration.ofSeconds(60));
    assertThat(verifier.jwksOutageTolerance()).isEqualTo(Duration.ofHours(1));
    assertThat(verifier.rolesClaim()).isEmpty();
    assertThat(oidc.startWithoutKeys()).isFalse();
  }

  @Test
  void oidc_everySetting() {
    OidcSettings oidc = oidc(Map.ofEntries(Map.entry("OIDC_ISSUER", "http://localhost:8080/realms/dev"),
        Map.entry("OIDC_AUDIENCE", "api"), Map.entry("OIDC_ROLES_CLAIM", "realm_access.roles"),
        Map.entry("OIDC_ALGORITHMS", "ES256, RS512"), Map.entry("OIDC_CLOCK_SKEW", "10s"),
        Map.entry("OIDC_JWKS_OUTAGE_TOLERANCE", "2h"), Map.entry("OIDC_START_WITHOUT_KEYS", "true"),
        Map.entry("OIDC_SUBJECT_CLAIM", "preferred_username"), Map.entry("OIDC_REQUIRED_TYPE", "at+jwt"),
        Map.entry("OIDC_REQUIRED_SCOPES", "api.read, api.write"), Map.entry("OIDC_JWKS_REFRESH", "10m")));

    assertThat(oidc.verifier().rolesClaim()).contains("realm_access.roles");
    assertThat(oidc.verifier().algorithms()).containsExactlyInAnyOrder("ES256", "RS512");
    assertThat(oidc.verifier().clockSkew()).isEqualTo(Duration.ofSeconds(10));
    assertThat(oidc.verifier().jwksOutageTolerance()).isEqualTo(Duration.ofHours(2));
    assertThat(oidc.startWithoutKeys()).isTrue();
    assertThat(oidc.verifier().subjectClaim()).isEqualTo("preferred_username");
    assertThat(oidc.verifier().requiredType()).contains("at+jwt");
    assertThat(oidc.verifier().requiredScopes()).containsExactlyInAnyOrder("api.read", "api.write");
    assertThat(oidc.verifier().jwksCacheTtl()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void oidc_jwksRefreshLongerThanTheDefaultTolerance_keepsKeysAtLeastThatLong() {
    OidcSettings oidc = oidc(Map.of("OIDC_ISSUER", ISSUER, "OIDC_AUDIENCE", "api", "OIDC_JWKS_REFRESH", "2h"));

    assertThat(oidc.verifier().jwksCacheTtl()).isEqualTo(Duration.ofHours(2));
    assertThat(oidc.verifier().jwksOutageTolerance()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void helpDefaults_setExplicitly_giveTheSameConfigAsUnset() {
    Map<String, String> env = new HashMap<>(Map.of("OIDC_ISSUER", ISSUER, "OIDC_AUDIENCE", "api"));
    for (Setting setting : Setting.values()) {
      if (setting.name().startsWith("OIDC_") && !setting.defaultValue().isEmpty()) {
        env.put(setting.name(), setting.defaultValue());
      }
    }

    assertThat(env).containsEntry("OIDC_ALGORITHMS", "RS256,PS256,ES256");
    assertThat(ServerConfig.fromEnvironment(env)).hasToString(
        ServerConfig.fromEnvironment(Map.of("OIDC_ISSUER", ISSUER, "OIDC_AUDIENCE", "api")).toString());
  }

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of("OIDC_ISSUER", "http://login.example.com", "OIDC_ISSUER must be an https URL such as "
            + "https://login.example.com/realms/main (http only for localhost), without query or fragment, got "
            + "\"http://login.example.com\""),
        Arguments.of("OIDC_ISSUER", "https://login.example.com?x=1", "OIDC_ISSUER must be an https URL such as "
            + "https://login.example.com/realms/main (http only for localhost), without query or fragment, got "
            + "\"https://login.example.com?x=1\""),
        Arguments.of("OIDC_AUDIENCE", "api,,other", "OIDC_AUDIENCE must be one or more comma-separated audiences (the"
            + " aud a token must name), such as gatehouse-api, got \"api,,other\""),
        Arguments.of("OIDC_ROLES_CLAIM", "realm_access..roles", "OIDC_ROLES_CLAIM must be a claim name or a dotted "
            + "path like realm_access.roles, got \"realm_access..roles\""),
        Arguments.of("OIDC_ALGORITHMS", "RS256,none", "OIDC_ALGORITHMS must be comma-separated signing algorithms "
            + "among RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512 (never none or HS*), got "
            + "\"RS256,none\""),
        Arguments.of("OIDC_ALGORITHMS", "HS256", "OIDC_ALGORITHMS must be comma-separated signing algorithms "
            + "among RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512 (never none or HS*), got "
            + "\"HS256\""),
        Arguments.of("OIDC_CLOCK_SKEW", "sixty", "OIDC_CLOCK_SKEW must be a positive duration up to 5m like 60s, got "
            + "\"sixty\""),
        Arguments.of("OIDC_CLOCK_SKEW", "10m", "OIDC_CLOCK_SKEW must be a positive duration up to 5m like 60s, got "
            + "\"10m\""),
        Arguments.of("OIDC_JWKS_OUTAGE_TOLERANCE", "1m", "OIDC_JWKS_OUTAGE_TOLERANCE must be a duration of at least "
            + "OIDC_JWKS_REFRESH (the key set's cache time, 5m by default) like 1h, got \"1m\""),
        Arguments.of("OIDC_JWKS_REFRESH", "30s", "OIDC_JWKS_REFRESH must be a duration from 1m to 1d like 5m, got "
            + "\"30s\""),
        Arguments.of("OIDC_JWKS_REFRESH", "soon", "OIDC_JWKS_REFRESH must be a duration from 1m to 1d like 5m, got "
            + "\"soon\""),
        Arguments.of("OIDC_SUBJECT_CLAIM", " ", "OIDC_SUBJECT_CLAIM must be a claim name such as sub or "
            + "preferred_username, got \" \""),
        Arguments.of("OIDC_REQUIRED_SCOPES", ",", "OIDC_REQUIRED_SCOPES must be space- or comma-separated scopes such "
            + "as api.read api.write, got \",\""),
        Arguments.of("OIDC_START_WITHOUT_KEYS", "maybe", "OIDC_START_WITHOUT_KEYS must be true or false, got "
            + "\"maybe\""));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("invalidValues")
  void oidc_invalidValue_stopsStartUpWithItsMessage(String name, String value, String message) {
    Map<String, String> env = new HashMap<>(Map.of("OIDC_ISSUER", ISSUER, "OIDC_AUDIENCE", "api"));
    env.put(name, value);

    assertThatThrownBy(() -> ServerConfig.fromEnvironment(env))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }

  @Test
  void oidc_issuerWithoutAudience_isRefused() {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("OIDC_ISSUER", ISSUER)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("OIDC_AUDIENCE is required with OIDC_ISSUER: one or more comma-separated audiences (the aud a "
            + "token must name), such as gatehouse-api, so that tokens the issuer made for other clients are refused");
  }

  @Test
  void oidc_settingWithoutIssuer_isRefused() {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("OIDC_AUDIENCE", "api")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("OIDC_AUDIENCE is set but OIDC_ISSUER is not: set OIDC_ISSUER to enable JWT bearer tokens, or "
            + "unset OIDC_AUDIENCE");
  }

  private static OidcSettings oidc(Map<String, String> env) {
    Optional<OidcSettings> oidc = ServerConfig.fromEnvironment(env).oidc();
    assertThat(oidc).isPresent();
    return oidc.get();
  }
}
