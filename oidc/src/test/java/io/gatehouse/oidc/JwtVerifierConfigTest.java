package io.gatehouse.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JwtVerifierConfigTest {

  private static final String HTTPS_FORM = " must be an https URL such as https://login.example.com/realms/main "
      + "(http only for localhost), got ";

  private static JwtVerifierConfig.Builder valid() {
    return JwtVerifierConfig.builder().issuer("https://login.example.com/realms/main").audiences("gatehouse-api");
  }

  @Test
  void defaults() {
    JwtVerifierConfig config = valid().build();

    assertThat(config.algorithms()).isEqualTo(Set.of("RS256", "PS256", "ES256"));
    assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.subjectClaim()).isEqualTo("sub");
    assertThat(config.rolesClaim()).isEmpty();
    assertThat(config.requiredType()).isEmpty();
    assertThat(config.requiredScopes()).isEmpty();
    assertThat(config.jwksUri()).isEmpty();
    assertThat(config.jwksCacheTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.jwksRefreshAhead()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.jwksRefetchInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.jwksOutageTolerance()).isEqualTo(Duration.ofHours(1));
    assertThat(config.toString()).isEqualTo("JwtVerifierConfig{issuer=https://login.example.com/realms/main, "
        + "audiences=[gatehouse-api], algorithms=" + config.algorithms() + ", clockSkew=PT1M, requiredType=any, "
        + "requiredScopes=[], subjectClaim=sub, rolesClaim=none, jwksUri=discovered, jwksCacheTtl=PT5M, "
        + "jwksRefreshAhead=PT30S, jwksRefetchInterval=PT30S, jwksOutageTolerance=PT1H, connectTimeout=PT2S, "
        + "readTimeout=PT2S}");
  }

  @Test
  void everySetting_kept() {
    JwtVerifierConfig config = valid().algorithms("ES384", "PS512").clockSkew(Duration.ZERO).requiredType("at+jwt")
        .requiredScopes("orders:read").subjectClaim("preferred_username").rolesClaim("realm_access.roles")
        .jwksUri("http://localhost:8080/certs").build();

    assertThat(config.algorithms()).isEqualTo(Set.of("ES384", "PS512"));
    assertThat(config.clockSkew()).isZero();
    assertThat(config.requiredType()).isEqualTo(Optional.of("at+jwt"));
    assertThat(config.requiredScopes()).isEqualTo(Set.of("orders:read"));
    assertThat(config.subjectClaim()).isEqualTo("preferred_username");
    assertThat(config.rolesClaim()).isEqualTo(Optional.of("realm_access.roles"));
    assertThat(config.jwksUri().orElseThrow()).hasToString("http://localhost:8080/certs");
  }

  @Test
  void issuer_httpOnlyForLocalhost() {
    assertThat(JwtVerifierConfig.builder().issuer("http://localhost:8080/default").audiences("a").build().issuer())
        .hasToString("http://localhost:8080/default");
    assertThat(valid().issuer("http://keycloak.localhost:8080/realms/gatehouse").build().issuer())
        .as("RFC 6761: names under .localhost are loopback (docker-compose's Keycloak)")
        .hasToString("http://keycloak.localhost:8080/realms/gatehouse");
    assertThatThrownBy(() -> valid().issuer("http://localhost.example.com"))
        .hasMessage("issuer" + HTTPS_FORM + "\"http://localhost.example.com\"");
    assertThatThrownBy(() -> valid().issuer("http://notlocalhost"))
        .hasMessage("issuer" + HTTPS_FORM + "\"http://notlocalhost\"");
    assertThatThrownBy(() -> valid().issuer("http://login.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("issuer" + HTTPS_FORM + "\"http://login.example.com\"");
    assertThatThrownBy(() -> valid().issuer("login.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("issuer" + HTTPS_FORM + "\"login.example.com\"");
    assertThatThrownBy(() -> valid().issuer("https://login.example.com/a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("issuer" + HTTPS_FORM + "\"https://login.example.com/a b\"");
    assertThatThrownBy(() -> valid().jwksUri("https://login.example.com/certs?x=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jwksUri" + HTTPS_FORM + "\"https://login.example.com/certs?x=1\"");
  }

  @Test
  void algorithms_noneAndHmacRefused() {
    assertThatThrownBy(() -> valid().algorithms("RS256", "none"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("algorithm \"none\" is refused: bearer tokens must be signed");
    assertThatThrownBy(() -> valid().algorithms("HS256"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HMAC algorithm \"HS256\" is refused: a bearer token must be signed with the provider's private "
            + "key, one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512");
    assertThatThrownBy(() -> valid().algorithms("rs256"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("algorithm must be one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, "
            + "got \"rs256\"");
    assertThatThrownBy(() -> valid().algorithms())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at least one algorithm is required, such as RS256");
  }

  @Test
  void values_checkedWhereSet() {
    assertThatThrownBy(() -> valid().clockSkew(Duration.ofMinutes(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clockSkew must be between 0s and 5m, got PT10M");
    assertThatThrownBy(() -> valid().audiences("api", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an audience must not be blank, got \" \"");
    assertThatThrownBy(() -> valid().requiredScopes("orders read"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a scope must be non-empty without spaces, got \"orders read\"");
    assertThatThrownBy(() -> valid().rolesClaim("realm_access..roles"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rolesClaim must be a claim name or a dotted path like realm_access.roles, "
            + "got \"realm_access..roles\"");
    assertThatThrownBy(() -> valid().subjectClaim(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("subjectClaim must not be blank, got \"\"");
    assertThatThrownBy(() -> valid().jwksCacheTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jwksCacheTtl must be a positive duration like 30s or 5m, got PT0S");
    assertThatThrownBy(() -> valid().readTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readTimeout must be a positive duration like 30s or 5m, got PT-1S");
  }

  @Test
  void build_checksTheWhole() {
    assertThatThrownBy(() -> JwtVerifierConfig.builder().audiences("a").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("issuer is required, such as https://login.example.com/realms/main");
    assertThatThrownBy(() -> JwtVerifierConfig.builder().issuer("https://login.example.com").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("at least one audience is required, so that tokens meant for other clients of the issuer are "
            + "refused");
    assertThatThrownBy(() -> valid().jwksCacheTtl(Duration.ofSeconds(30)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("jwksRefreshAhead (PT30S) plus connectTimeout and readTimeout (PT4S) must be shorter than "
            + "jwksCacheTtl (PT30S)");
    assertThatThrownBy(() -> valid().jwksCacheTtl(Duration.ofSeconds(40)).jwksRefetchInterval(Duration.ofMinutes(1))
        .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("jwksRefetchInterval (PT1M) must be shorter than jwksCacheTtl (PT40S)");
    assertThatThrownBy(() -> valid().jwksOutageTolerance(Duration.ofMinutes(1)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("jwksOutageTolerance (PT1M) must be at least jwksCacheTtl (PT5M)");
  }
}
