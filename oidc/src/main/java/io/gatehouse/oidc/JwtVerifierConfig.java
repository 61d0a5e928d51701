package io.gatehouse.oidc;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a {@link JwtAuthenticator} verifies tokens: the issuer and audiences it accepts, the signing algorithms, the
 * clock skew, what else a token must carry, where the principal's subject and roles come from, and how the issuer's
 * key set is fetched and cached. Immutable; every value is checked by the builder, and a bad one is refused there
 * with a message quoting it.
 */
public final class JwtVerifierConfig {

  /** Accepted signing algorithms: asymmetric only, so no key can be made from what the provider publishes. */
  public static final List<String> SUPPORTED_ALGORITHMS =
      List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
  public static final Set<String> DEFAULT_ALGORITHMS = Set.of("RS256", "PS256", "ES256");
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
  public static final String DEFAULT_SUBJECT_CLAIM = "sub";
  public static final Duration DEFAULT_JWKS_CACHE_TTL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_JWKS_REFRESH_AHEAD = Duration.ofSeconds(30);
  public static final Duration DEFAULT_JWKS_REFETCH_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_JWKS_OUTAGE_TOLERANCE = Duration.ofHours(1);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(2);

  private static final Pattern CLAIM_PATH = Pattern.compile("[^.\\s]+(\\.[^.\\s]+)*");

  private final URI issuer;
  private final Set<String> audiences;
  private final Set<String> algorithms;
  private final Duration clockSkew;
  private final Optional<String> requiredType;
  private final Set<String> requiredScopes;
  private final String subjectClaim;
  private final Optional<String> rolesClaim;
  private final Optional<URI> jwksUri;
  private final Duration jwksCacheTtl;
  private final Duration jwksRefreshAhead;
  private final Duration jwksRefetchInterval;
  private final Duration jwksOutageTolerance;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Clock clock;

  private JwtVerifierConfig(Builder b) {
    this.issuer = b.issuer;
    this.audiences = Set.copyOf(b.audiences);
    this.algorithms = Set.copyOf(b.algorithms);
    this.clockSkew = b.clockSkew;
    this.requiredType = b.requiredType;
    this.requiredScopes = Set.copyOf(b.requiredScopes);
    this.subjectClaim = b.subjectClaim;
    this.rolesClaim = b.rolesClaim;
    this.jwksUri = b.jwksUri;
    this.jwksCacheTtl = b.jwksCacheTtl;
    this.jwksRefreshAhead = b.jwksRefreshAhead;
    this.jwksRefetchInterval = b.jwksRefetchInterval;
    this.jwksOutageTolerance = b.jwksOutageTolerance;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The issuer, exactly as the tokens' {@code iss} must name it. */
  public URI issuer() { return issuer; }
  /** The audiences; a token's {@code aud} must name at least one. */
  public Set<String> audiences() { return audiences; }
  public Set<String> algorithms() { return algorithms; }
  public Duration clockSkew() { return clockSkew; }
  /** The {@code typ} header a token must carry, such as {@code at+jwt}; empty if any is accepted. */
  public Optional<String> requiredType() { return requiredType; }
  public Set<String> requiredScopes() { return requiredScopes; }
  public String subjectClaim() { return subjectClaim; }
  /** The dotted path of the roles claim, such as {@code realm_access.roles}; empty for principals without roles. */
  public Optional<String> rolesClaim() { return rolesClaim; }
  /** The key set's URL; empty to discover it from {@code <issuer>/.well-known/openid-configuration}. */
  public Optional<URI> jwksUri() { return jwksUri; }
  public Duration jwksCacheTtl() { return jwksCacheTtl; }
  public Duration jwksRefreshAhead() { return jwksRefreshAhead; }
  /** The least time between two refetches of the key set for tokens with an unknown {@code kid}. */
  public Duration jwksRefetchInterval() { return jwksRefetchInterval; }
  /** How long after its last successful fetch the key set keeps verifying while the provider is down. */
  public Duration jwksOutageTolerance() { return jwksOutageTolerance; }
  public Duration connectTimeout() { return connectTimeout; }
  public Duration readTimeout() { return readTimeout; }
  public Clock clock() { return clock; }

  @Override
  public String toString() {
    return "JwtVerifierConfig{issuer=" + issuer + ", audiences=" + audiences + ", algorithms=" + algorithms
        + ", clockSkew=" + clockSkew + ", requiredType=" + requiredType.orElse("any") + ", requiredScopes="
        + requiredScopes + ", subjectClaim=" + subjectClaim + ", rolesClaim=" + rolesClaim.orElse("none")
        + ", jwksUri=" + jwksUri.map(URI::toString).orElse("discovered") + ", jwksCacheTtl=" + jwksCacheTtl
        + ", jwksRefreshAhead=" + jwksRefreshAhead + ", jwksRefetchInterval=" + jwksRefetchInterval
        + ", jwksOutageTolerance=" + jwksOutageTolerance + ", connectTimeout=" + connectTimeout + ", readTimeout="
        + readTimeout + "}";
  }

  /** Builds a {@link JwtVerifierConfig}; each setter checks its value at once. */
  public static final class Builder {

    private URI issuer;
    private Set<String> audiences = Set.of();
    private Set<String> algorithms = DEFAULT_ALGORITHMS;
    private Duration clockSkew = DEFAULT_CLOCK_SKEW;
    private Optional<String> requiredType = Optional.empty();
    private Set<String> requiredScopes = Set.of();
    private String subjectClaim = DEFAULT_SUBJECT_CLAIM;
    private Optional<String> rolesClaim = Optional.empty();
    private Optional<URI> jwksUri = Optional.empty();
    private Duration jwksCacheTtl = DEFAULT_JWKS_CACHE_TTL;
    private Duration jwksRefreshAhead = DEFAULT_JWKS_REFRESH_AHEAD;
    private Duration jwksRefetchInterval = DEFAULT_JWKS_REFETCH_INTERVAL;
    private Duration jwksOutageTolerance = DEFAULT_JWKS_OUTAGE_TOLERANCE;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The issuer URL: {@code https}, or {@code http} on {@code localhost}/{@code 127.0.0.1} for development. */
    public Builder issuer(String issuer) {
      this.issuer = ProviderUrl.check("issuer", issuer);
      return this;
    }

    /** The audiences a token may be meant for (its {@code aud}); at least one is required. */
    public Builder audiences(String... audiences) {
      Set<String> set = new LinkedHashSet<>();
      for (String audience : audiences) {
        if (audience == null || audience.isBlank()) {
          throw new IllegalArgumentException("an audience must not be blank, got \"" + audience + "\"");
        }
        set.add(audience);
      }
      this.audiences = set;
      return this;
    }

    /** The accepted signing algorithms, among {@link #SUPPORTED_ALGORITHMS}. */
    public Builder algorithms(String... algorithms) {
      if (algorithms.length == 0) {
        throw new IllegalArgumentException("at least one algorithm is required, such as RS256");
      }
      Set<String> set = new LinkedHashSet<>();
      for (String algorithm : algorithms) {
        set.add(checkAlgorithm(algorithm));
      }
      this.algorithms = set;
      return this;
    }

    /** Leeway for {@code exp}, {@code nbf} and {@code iat}, 0 to 5 minutes. */
    public Builder clockSkew(Duration clockSkew) {
      Objects.requireNonNull(clockSkew, "clockSkew");
      if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
        throw new IllegalArgumentException("clockSkew must be between 0s and 5m, got " + clockSkew);
      }
      this.clockSkew = clockSkew;
      return this;
    }

    /** The {@code typ} header every token must have, such as {@code at+jwt} (RFC 9068); compared ignoring case. */
    public Builder requiredType(String type) {
      this.requiredType = Optional.of(nonBlank("requiredType", type));
      return this;
    }

    /** Scopes every token must grant, in {@code scope} (space-separated) or {@code scp} (an array). */
    public Builder requiredScopes(String... scopes) {
      Set<String> set = new LinkedHashSet<>();
      for (String scope : scopes) {
        if (scope == null || scope.isEmpty() || scope.chars().anyMatch(Character::isWhitespace)) {
          throw new IllegalArgumentException("a scope must be non-empty without spaces, got \"" + scope + "\"");
        }
        set.add(scope);
      }
      this.requiredScopes = set;
      return this;
    }

    /** The claim holding the principal's subject; {@code sub} by default. */
    public Builder subjectClaim(String claim) {
      this.subjectClaim = nonBlank("subjectClaim", claim);
      return this;
    }

    /** The dotted path of the claim holding the roles, such as {@code realm_access.roles} (Keycloak). */
    public Builder rolesClaim(String path) {
      if (path == null || !CLAIM_PATH.matcher(path).matches()) {
        throw new IllegalArgumentException("rolesClaim must be a claim name or a dotted path like "
            + "realm_access.roles, got \"" + path + "\"");
      }
      this.rolesClaim = Optional.of(path);
      return this;
    }

    /** The key set's URL, instead of discovering it from the issuer; same schemes as the issuer. */
    public Builder jwksUri(String uri) {
      this.jwksUri = Optional.of(ProviderUrl.check("jwksUri", uri));
      return this;
    }

    public Builder jwksCacheTtl(Duration ttl) {
      this.jwksCacheTtl = positive("jwksCacheTtl", ttl);
      return this;
    }

    public Builder jwksRefreshAhead(Duration refreshAhead) {
      this.jwksRefreshAhead = positive("jwksRefreshAhead", refreshAhead);
      return this;
    }

    public Builder jwksRefetchInterval(Duration interval) {
      this.jwksRefetchInterval = positive("jwksRefetchInterval", interval);
      return this;
    }

    public Builder jwksOutageTolerance(Duration tolerance) {
      this.jwksOutageTolerance = positive("jwksOutageTolerance", tolerance);
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive("readTimeout", timeout);
      return this;
    }

    /** The clock the claims are checked against. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Checks what only the whole can show, and builds. */
    public JwtVerifierConfig build() {
      if (issuer == null) {
        throw new IllegalStateException("issuer is required, such as https://login.example.com/realms/main");
      }
      if (audiences.isEmpty()) {
        throw new IllegalStateException("at least one audience is required, so that tokens meant for other "
            + "clients of the issuer are refused");
      }
      Duration fetch = connectTimeout.plus(readTimeout);
      if (jwksRefreshAhead.plus(fetch).compareTo(jwksCacheTtl) >= 0) {
        throw new IllegalStateException("jwksRefreshAhead (" + jwksRefreshAhead + ") plus connectTimeout and "
            + "readTimeout (" + fetch + ") must be shorter than jwksCacheTtl (" + jwksCacheTtl + ")");
      }
      if (jwksRefetchInterval.compareTo(jwksCacheTtl) >= 0) {
        throw new IllegalStateException("jwksRefetchInterval (" + jwksRefetchInterval
            + ") must be shorter than jwksCacheTtl (" + jwksCacheTtl + ")");
      }
      if (jwksOutageTolerance.compareTo(jwksCacheTtl) < 0) {
        throw new IllegalStateException("jwksOutageTolerance (" + jwksOutageTolerance
            + ") must be at least jwksCacheTtl (" + jwksCacheTtl + ")");
      }
      return new JwtVerifierConfig(this);
    }

    private static String checkAlgorithm(String algorithm) {
      if (algorithm == null || algorithm.isBlank()) {
        throw new IllegalArgumentException("an algorithm must not be blank, got \"" + algorithm + "\"");
      }
      if (algorithm.equalsIgnoreCase("none")) {
        throw new IllegalArgumentException("algorithm \"none\" is refused: bearer tokens must be signed");
      }
      if (algorithm.toUpperCase(java.util.Locale.ROOT).startsWith("HS")) {
        throw new IllegalArgumentException("HMAC algorithm \"" + algorithm + "\" is refused: a bearer token must be "
            + "signed with the provider's private key, one of " + String.join(", ", SUPPORTED_ALGORITHMS));
      }
      if (!SUPPORTED_ALGORITHMS.contains(algorithm)) {
        throw new IllegalArgumentException("algorithm must be one of " + String.join(", ", SUPPORTED_ALGORITHMS)
            + ", got \"" + algorithm + "\"");
      }
      return algorithm;
    }

    private static String nonBlank(String name, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank, got \"" + value + "\"");
      }
      return value;
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be a positive duration like 30s or 5m, got " + value);
      }
      return value;
    }
  }
}
