package io.gatehouse.oidc.login;

import io.gatehouse.oidc.JwtVerifierConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the browser login talks to the OpenID Connect provider: who we are there (client id, secret, how the secret is
 * sent), where the provider sends the browser back, where the browser lands after login and logout, the scopes asked
 * for and the claim holding roles. Immutable; each setter checks its value at once and quotes a bad one, except the
 * client secret, which is never quoted or printed.
 */
public final class OidcLoginConfig {

  public static final List<String> DEFAULT_SCOPES = List.of("openid", "profile", "email");
  public static final String DEFAULT_POST_LOGIN_PATH = "/";
  /** How long a started login may take before its {@code state} is forgotten. */
  public static final Duration DEFAULT_FLOW_TIMEOUT = Duration.ofMinutes(10);
  /** How old a logout token may be ({@code iat}); its {@code jti} is remembered this long plus the clock skew. */
  public static final Duration DEFAULT_LOGOUT_TOKEN_MAX_AGE = Duration.ofMinutes(5);

  private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}");
  private static final Pattern RELATIVE_PATH = Pattern.compile("/([A-Za-z0-9._~!$&'()*+,;=:@%/?-]{0,255})?");

  /** How the client secret is sent to the token endpoint (RFC 6749 section 2.3.1). */
  public enum ClientAuthentication {
    /** In the {@code Authorization: Basic} header; what every provider must support. */
    CLIENT_SECRET_BASIC,
    /** As {@code client_id} and {@code client_secret} form fields. */
    CLIENT_SECRET_POST
  }

  private final JwtVerifierConfig verifier;
  private final String clientSecret;
  private final ClientAuthentication clientAuthentication;
  private final URI redirectUri;
  private final String postLoginPath;
  private final Optional<URI> postLogoutRedirectUri;
  private final List<String> scopes;
  private final Duration flowTimeout;
  private final Duration logoutTokenMaxAge;
  private final boolean keepProviderTokens;
  private final Duration refreshAhead;

  private OidcLoginConfig(Builder b, JwtVerifierConfig verifier) {
    this.verifier = verifier;
    this.clientSecret = b.clientSecret;
    this.clientAuthentication = b.clientAuthentication;
    this.redirectUri = b.redirectUri;
    this.postLoginPath = b.postLoginPath;
    this.postLogoutRedirectUri = b.postLogoutRedirectUri;
    this.scopes = List.copyOf(b.scopes);
    this.flowTimeout = b.flowTimeout;
    this.logoutTokenMaxAge = b.logoutTokenMaxAge;
    this.keepProviderTokens = b.keepProviderTokens;
    this.refreshAhead = b.refreshAhead;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How ID and logout tokens are verified: the issuer, the client id as the one audience, skew, roles, clock. */
  public JwtVerifierConfig verifier() { return verifier; }
  public URI issuer() { return verifier.issuer(); }
  public String clientId() { return verifier.audiences().iterator().next(); }
  /** The client secret; never log it. */
  public String clientSecret() { return clientSecret; }
  public ClientAuthentication clientAuthentication() { return clientAuthentication; }
  /** Our callback URL, registered at the provider. */
  public URI redirectUri() { return redirectUri; }
  /** Where the browser lands after login: a path on this site. */
  public String postLoginPath() { return postLoginPath; }
  /** Where the provider sends the browser after logout; empty to let the provider decide. */
  public Optional<URI> postLogoutRedirectUri() { return postLogoutRedirectUri; }
  public List<String> scopes() { return scopes; }
  public Duration flowTimeout() { return flowTimeout; }
  public Duration logoutTokenMaxAge() { return logoutTokenMaxAge; }
  /** Whether the provider's access and refresh tokens are kept (sealed) for downstream calls. */
  public boolean keepProviderTokens() { return keepProviderTokens; }
  /** How long before the access token expires it is refreshed. */
  public Duration refreshAhead() { return refreshAhead; }
  public Clock clock() { return verifier.clock(); }

  @Override
  public String toString() {
    return "OidcLoginConfig{issuer=" + issuer() + ", clientId=" + clientId() + ", clientSecret=****"
        + ", clientAuthentication=" + clientAuthentication + ", redirectUri=" + redirectUri + ", postLoginPath="
        + postLoginPath + ", postLogoutRedirectUri=" + postLogoutRedirectUri.map(URI::toString).orElse("none")
        + ", scopes=" + scopes + ", rolesClaim=" + verifier.rolesClaim().orElse("none") + ", flowTimeout="
        + flowTimeout + ", logoutTokenMaxAge=" + logoutTokenMaxAge + ", keepProviderTokens=" + keepProviderTokens
        + ", refreshAhead=" + refreshAhead + "}";
  }

  /** Collects the settings; {@link #build()} checks what only the whole can show. */
  public static final class Builder {

    private final JwtVerifierConfig.Builder verifier = JwtVerifierConfig.builder();
    private boolean issuerSet;
    private String clientId;
    private String clientSecret;
    private ClientAuthentication clientAuthentication = ClientAuthentication.CLIENT_SECRET_BASIC;
    private URI redirectUri;
    private String postLoginPath = DEFAULT_POST_LOGIN_PATH;
    private Optional<URI> postLogoutRedirectUri = Optional.empty();
    private List<String> scopes = DEFAULT_SCOPES;
    private Duration flowTimeout = DEFAULT_FLOW_TIMEOUT;
    private Duration logoutTokenMaxAge = DEFAULT_LOGOUT_TOKEN_MAX_AGE;
    private boolean keepProviderTokens;
    private Duration refreshAhead = ProviderTokens.DEFAULT_REFRESH_AHEAD;

    private Builder() {}

    /** The issuer URL: {@code https}, or {@code http} on localhost for development. */
    public Builder issuer(String issuer) {
      verifier.issuer(issuer);
      issuerSet = true;
      return this;
    }

    /** Our client id at the provider; the ID token's {@code aud} must name it. */
    public Builder clientId(String clientId) {
      if (clientId == null || clientId.isBlank() || clientId.length() > 255
          || clientId.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
        throw new IllegalArgumentException("clientId must be 1 to 255 printable characters, got "
            + (clientId == null ? "null" : "\"" + clientId + "\""));
      }
      this.clientId = clientId;
      return this;
    }

    /** Our client secret; the message of a refusal never quotes it. */
    public Builder clientSecret(String clientSecret) {
      if (clientSecret == null || clientSecret.isEmpty() || clientSecret.length() > 1024
          || clientSecret.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
        throw new IllegalArgumentException("clientSecret must be 1 to 1024 printable characters");
      }
      this.clientSecret = clientSecret;
      return this;
    }

    public Builder clientAuthentication(ClientAuthentication method) {
      this.clientAuthentication = Objects.requireNonNull(method, "clientAuthentication");
      return this;
    }

    /** Our callback URL as registered at the provider: absolute, {@code https} (or {@code http} for localhost). */
    public Builder redirectUri(String uri) {
      this.redirectUri = absolute("redirectUri", uri);
      return this;
    }

    /** Where the browser lands after login: a path on this site, like {@code /} or {@code /app}, never a URL. */
    public Builder postLoginPath(String path) {
      if (path == null || !RELATIVE_PATH.matcher(path).matches() || path.startsWith("//")) {
        throw new IllegalArgumentException("postLoginPath must be a path on this site starting with a single /, "
            + "such as /app, got " + (path == null ? "null" : "\"" + path + "\""));
      }
      this.postLoginPath = path;
      return this;
    }

    /** Where the provider sends the browser after logout, as registered there: absolute, like the redirect URI. */
    public Builder postLogoutRedirectUri(String uri) {
      this.postLogoutRedirectUri = Optional.of(absolute("postLogoutRedirectUri", uri));
      return this;
    }

    /** The scopes asked for; must include {@code openid}. */
    public Builder scopes(String... scopes) {
      Set<String> set = new LinkedHashSet<>();
      for (String scope : scopes) {
        if (scope == null || !SCOPE.matcher(scope).matches()) {
          throw new IllegalArgumentException("a scope must be 1 to 64 characters without spaces, quotes or "
              + "backslashes, got " + (scope == null ? "null" : "\"" + scope + "\""));
        }
        set.add(scope);
      }
      if (!set.contains("openid")) {
        throw new IllegalArgumentException("scopes must include openid, got " + set);
      }
      this.scopes = List.copyOf(set);
      return this;
    }

    /** The dotted path of the ID token claim holding roles, such as {@code realm_access.roles}. */
    public Builder rolesClaim(String path) {
      verifier.rolesClaim(path);
      return this;
    }

    public Builder clockSkew(Duration skew) {
      verifier.clockSkew(skew);
      return this;
    }

    public Builder algorithms(String... algorithms) {
      verifier.algorithms(algorithms);
      return this;
    }

    public Builder flowTimeout(Duration timeout) {
      this.flowTimeout = positive("flowTimeout", timeout);
      return this;
    }

    public Builder logoutTokenMaxAge(Duration maxAge) {
      this.logoutTokenMaxAge = positive("logoutTokenMaxAge", maxAge);
      return this;
    }

    /**
     * Keeps the provider's access and refresh tokens, sealed, for calls to downstream APIs (off by default); needs a
     * {@link TokenSealer} that encrypts.
     */
    public Builder keepProviderTokens(boolean keep) {
      this.keepProviderTokens = keep;
      return this;
    }

    public Builder refreshAhead(Duration refreshAhead) {
      this.refreshAhead = positive("refreshAhead", refreshAhead);
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      verifier.connectTimeout(timeout);
      return this;
    }

    public Builder readTimeout(Duration timeout) {
      verifier.readTimeout(timeout);
      return this;
    }

    public Builder clock(Clock clock) {
      verifier.clock(clock);
      return this;
    }

    public OidcLoginConfig build() {
      if (!issuerSet) {
        throw new IllegalStateException("issuer is required, such as https://login.example.com/realms/main");
      }
      if (clientId == null || clientSecret == null || redirectUri == null) {
        throw new IllegalStateException("clientId, clientSecret and redirectUri are required for the browser login");
      }
      return new OidcLoginConfig(this, verifier.audiences(clientId).build());
    }

    private static URI absolute(String name, String value) {
      String form = name + " must be an absolute https URL such as https://app.example.com/api/auth/oidc/callback "
          + "(http only for localhost), without fragment, got " + (value == null ? "null" : "\"" + value + "\"");
      URI uri;
      try {
        uri = new URI(Objects.requireNonNull(value, name));
      } catch (URISyntaxException | NullPointerException e) {
        throw new IllegalArgumentException(form, e);
      }
      String host = uri.getHost();
      boolean local = "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
      if (host == null || uri.getRawFragment() != null || uri.getRawUserInfo() != null
          || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && local))) {
        throw new IllegalArgumentException(form);
      }
      return uri;
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be a positive duration like 10m, got " + value);
      }
      return value;
    }
  }
}
