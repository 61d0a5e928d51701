package io.gatehouse.server.config;

import static io.gatehouse.server.config.EnvironmentVariables.apply;
import static io.gatehouse.server.config.EnvironmentVariables.invalid;

import io.gatehouse.oidc.JwtVerifierConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@link OidcSettings} from the {@code OIDC_*} variables: none without {@code OIDC_ISSUER}, and then no
 * other {@code OIDC_*} variable may be set; with it, {@code OIDC_AUDIENCE} is required. A bad value stops start-up
 * with the variable's name, the value and the accepted form.
 */
final class OidcSettingsReader {

  static final String ISSUER_FORM = "an https URL such as https://login.example.com/realms/main (http only for"
      + " localhost), without query or fragment";
  static final String AUDIENCE_FORM = "one or more comma-separated audiences (the aud a token must name), such as"
      + " gatehouse-api";
  static final String ROLES_CLAIM_FORM = "a claim name or a dotted path like realm_access.roles";
  static final String ALGORITHMS_FORM = "comma-separated signing algorithms among "
      + String.join(", ", JwtVerifierConfig.SUPPORTED_ALGORITHMS) + " (never none or HS*)";
  static final String CLOCK_SKEW_FORM = "a positive duration up to "
      + DurationText.format(JwtVerifierConfig.MAX_CLOCK_SKEW) + " like 60s";
  static final String OUTAGE_TOLERANCE_FORM = "a duration of at least OIDC_JWKS_REFRESH (the key set's cache time,"
      + " " + DurationText.format(JwtVerifierConfig.DEFAULT_JWKS_CACHE_TTL) + " by default) like 1h";
  static final String JWKS_REFRESH_FORM = "a duration from " + DurationText.format(OidcSettings.MIN_JWKS_REFRESH)
      + " to " + DurationText.format(OidcSettings.MAX_JWKS_REFRESH) + " like 5m";
  static final String SUBJECT_CLAIM_FORM = "a claim name such as sub or preferred_username";
  static final String REQUIRED_TYPE_FORM = "a JOSE typ value such as at+jwt";
  static final String REQUIRED_SCOPES_FORM = "space- or comma-separated scopes such as api.read api.write";

  private static final List<Setting> NEED_ISSUER = List.of(Setting.OIDC_AUDIENCE, Setting.OIDC_ROLES_CLAIM,
      Setting.OIDC_ALGORITHMS, Setting.OIDC_CLOCK_SKEW, Setting.OIDC_JWKS_OUTAGE_TOLERANCE,
      Setting.OIDC_START_WITHOUT_KEYS, Setting.OIDC_SUBJECT_CLAIM, Setting.OIDC_REQUIRED_TYPE,
      Setting.OIDC_REQUIRED_SCOPES, Setting.OIDC_JWKS_REFRESH);

  private final EnvironmentVariables env;

  OidcSettingsReader(EnvironmentVariables env) {
    this.env = env;
  }

  Optional<OidcSettings> read() {
    Optional<String> issuer = env.optional(Setting.OIDC_ISSUER);
    if (issuer.isEmpty()) {
      for (Setting setting : NEED_ISSUER) {
        if (env.optional(setting).isPresent()) {
          throw new ConfigException(setting.name() + " is set but OIDC_ISSUER is not: set OIDC_ISSUER to enable JWT"
              + " bearer tokens, or unset " + setting.name());
        }
      }
      return Optional.empty();
    }
    JwtVerifierConfig.Builder verifier = JwtVerifierConfig.builder();
    apply(Setting.OIDC_ISSUER, ISSUER_FORM, issuer.get(), () -> verifier.issuer(issuer.get().trim()));
    String audience = env.optional(Setting.OIDC_AUDIENCE).orElseThrow(() -> new ConfigException(
        "OIDC_AUDIENCE is required with OIDC_ISSUER: " + AUDIENCE_FORM + ", so that tokens the issuer made for"
            + " other clients are refused"));
    apply(Setting.OIDC_AUDIENCE, AUDIENCE_FORM, audience, () -> verifier.audiences(list(audience)));
    env.raw(Setting.OIDC_ROLES_CLAIM).ifPresent(path ->
        apply(Setting.OIDC_ROLES_CLAIM, ROLES_CLAIM_FORM, path, () -> verifier.rolesClaim(path.trim())));
    env.raw(Setting.OIDC_ALGORITHMS).ifPresent(algorithms ->
        apply(Setting.OIDC_ALGORITHMS, ALGORITHMS_FORM, algorithms, () -> verifier.algorithms(list(algorithms))));
    env.raw(Setting.OIDC_CLOCK_SKEW).ifPresent(skew -> apply(Setting.OIDC_CLOCK_SKEW, CLOCK_SKEW_FORM, skew,
        () -> verifier.clockSkew(duration(Setting.OIDC_CLOCK_SKEW, CLOCK_SKEW_FORM, skew))));
    env.raw(Setting.OIDC_SUBJECT_CLAIM).ifPresent(claim -> apply(Setting.OIDC_SUBJECT_CLAIM, SUBJECT_CLAIM_FORM,
        claim, () -> verifier.subjectClaim(claim.trim())));
    env.raw(Setting.OIDC_REQUIRED_TYPE).ifPresent(type -> apply(Setting.OIDC_REQUIRED_TYPE, REQUIRED_TYPE_FORM,
        type, () -> verifier.requiredType(type.trim())));
    env.raw(Setting.OIDC_REQUIRED_SCOPES).ifPresent(scopes -> apply(Setting.OIDC_REQUIRED_SCOPES,
        REQUIRED_SCOPES_FORM, scopes, () -> verifier.requiredScopes(scopeList(scopes))));
    Duration refresh = JwtVerifierConfig.DEFAULT_JWKS_CACHE_TTL;
    Optional<String> refreshText = env.raw(Setting.OIDC_JWKS_REFRESH);
    if (refreshText.isPresent()) {
      refresh = duration(Setting.OIDC_JWKS_REFRESH, JWKS_REFRESH_FORM, refreshText.get());
      if (refresh.compareTo(OidcSettings.MIN_JWKS_REFRESH) < 0
          || refresh.compareTo(OidcSettings.MAX_JWKS_REFRESH) > 0) {
        throw invalid(Setting.OIDC_JWKS_REFRESH, JWKS_REFRESH_FORM, refreshText.get());
      }
      verifier.jwksCacheTtl(refresh);
    }
    Duration cacheTime = refresh;
    Optional<String> tolerance = env.raw(Setting.OIDC_JWKS_OUTAGE_TOLERANCE);
    if (tolerance.isPresent()) {
      Duration parsed = duration(Setting.OIDC_JWKS_OUTAGE_TOLERANCE, OUTAGE_TOLERANCE_FORM, tolerance.get());
      if (parsed.compareTo(cacheTime) < 0) {
        throw invalid(Setting.OIDC_JWKS_OUTAGE_TOLERANCE, OUTAGE_TOLERANCE_FORM, tolerance.get());
      }
      verifier.jwksOutageTolerance(parsed);
    } else if (refresh.compareTo(JwtVerifierConfig.DEFAULT_JWKS_OUTAGE_TOLERANCE) > 0) {
      verifier.jwksOutageTolerance(refresh); // a longer cache time keeps its keys at least that long
    }
    return Optional.of(new OidcSettings(verifier.build(),
        env.bool(Setting.OIDC_START_WITHOUT_KEYS, OidcSettings.DEFAULT_START_WITHOUT_KEYS)));
  }


  private static Duration duration(Setting setting, String form, String value) {
    return DurationText.parse(value).orElseThrow(() -> invalid(setting, form, value));
  }

  /** Space- or comma-separated scopes; none at all is refused, as the setting would then require nothing. */
  private static String[] scopeList(String value) {
    String[] scopes = value.trim().split("[\\s,]+");
    if (scopes.length == 0 || scopes[0].isEmpty()) {
      throw new IllegalArgumentException("no scope in \"" + value + "\"");
    }
    return scopes;
  }

  /** The comma-separated items of {@code value}, trimmed; an empty item is kept, for the builder to refuse. */
  private static String[] list(String value) {
    return Arrays.stream(value.split(",", -1)).map(String::trim).toArray(String[]::new);
  }
}
