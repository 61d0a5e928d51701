package io.gatehouse.server.config;

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
  static final String OUTAGE_TOLERANCE_FORM = "a duration of at least "
      + DurationText.format(JwtVerifierConfig.DEFAULT_JWKS_CACHE_TTL) + " (the key set's cache time) like 1h";

  private static final List<Setting> NEED_ISSUER = List.of(Setting.OIDC_AUDIENCE, Setting.OIDC_ROLES_CLAIM,
      Setting.OIDC_ALGORITHMS, Setting.OIDC_CLOCK_SKEW, Setting.OIDC_JWKS_OUTAGE_TOLERANCE,
      Setting.OIDC_START_WITHOUT_KEYS);

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
    Optional<String> tolerance = env.raw(Setting.OIDC_JWKS_OUTAGE_TOLERANCE);
    tolerance.ifPresent(value -> {
      Duration parsed = duration(Setting.OIDC_JWKS_OUTAGE_TOLERANCE, OUTAGE_TOLERANCE_FORM, value);
      if (parsed.compareTo(JwtVerifierConfig.DEFAULT_JWKS_CACHE_TTL) < 0) {
        throw invalid(Setting.OIDC_JWKS_OUTAGE_TOLERANCE, OUTAGE_TOLERANCE_FORM, value);
      }
      verifier.jwksOutageTolerance(parsed);
    });
    return Optional.of(new OidcSettings(verifier.build(),
        env.bool(Setting.OIDC_START_WITHOUT_KEYS, OidcSettings.DEFAULT_START_WITHOUT_KEYS)));
  }

  /** Runs a builder step, turning its refusal into the standard message about {@code setting}. */
  private static void apply(Setting setting, String form, String value, Runnable step) {
    try {
      step.run();
    } catch (IllegalArgumentException e) {
      throw invalid(setting, form, value);
    }
  }

  private static Duration duration(Setting setting, String form, String value) {
    return DurationText.parse(value).orElseThrow(() -> invalid(setting, form, value));
  }

  /** The comma-separated items of {@code value}, trimmed; an empty item is kept, for the builder to refuse. */
  private static String[] list(String value) {
    return Arrays.stream(value.split(",", -1)).map(String::trim).toArray(String[]::new);
  }
}
