package io.gatehouse.server.config;

import static io.gatehouse.server.config.EnvironmentVariables.apply;
import static io.gatehouse.server.config.EnvironmentVariables.invalid;

import io.gatehouse.oidc.login.OidcLoginConfig;
import io.gatehouse.oidc.tokens.TokenKeyRing;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads the browser login's {@link OidcLoginConfig} from the {@code OIDC_*} variables: none without
 * {@code OIDC_CLIENT_ID}, and then none of its other variables may be set; with it, {@code OIDC_ISSUER},
 * {@code OIDC_CLIENT_SECRET} and {@code OIDC_REDIRECT_URI} are required. The issuer, roles claim, algorithms and
 * clock skew are the JWT bearer settings' ({@link OidcSettingsReader} has checked them). A bad value stops start-up
 * with the variable's name, the value (never the secret's) and the accepted form.
 */
final class OidcLoginSettingsReader {

  static final String CLIENT_ID_FORM = "the client id registered at the provider, 1 to 255 printable characters";
  static final String CLIENT_SECRET_FORM = "the client secret, 1 to 1024 printable characters";
  static final String REDIRECT_URI_FORM = "an absolute https URL of this server's callback such as "
      + "https://gate.example/api/auth/oidc/callback (http only for localhost), without fragment";
  static final String SCOPES_FORM = "space- or comma-separated scopes including openid, such as openid profile email";
  static final String POST_LOGIN_PATH_FORM = "a path on this site starting with a single /, such as /app";
  static final String TOKEN_KEYS_FORM = "<key id>:<base64 32-byte key> entries separated by commas, the first one"
      + " current, such as 2026-11:<openssl rand -base64 32>; key ids 1 to 32 letters, digits, _ or -";
  static final String POST_LOGOUT_FORM = "an absolute https URL such as https://gate.example/ (http only for "
      + "localhost), without fragment";

  private static final List<Setting> NEED_CLIENT_ID = List.of(Setting.OIDC_CLIENT_SECRET, Setting.OIDC_CLIENT_AUTH,
      Setting.OIDC_REDIRECT_URI, Setting.OIDC_SCOPES, Setting.OIDC_POST_LOGIN_PATH,
      Setting.OIDC_POST_LOGOUT_REDIRECT_URI, Setting.OIDC_TOKEN_KEYS);

  private final EnvironmentVariables env;

  OidcLoginSettingsReader(EnvironmentVariables env) {
    this.env = env;
  }

  Optional<OidcLoginConfig> read() {
    Optional<String> clientId = env.optional(Setting.OIDC_CLIENT_ID);
    if (clientId.isEmpty()) {
      for (Setting setting : NEED_CLIENT_ID) {
        // Set to its default it means what unset does, as with every other variable.
        if (env.optional(setting).filter(value -> !value.trim().equals(setting.defaultValue())).isPresent()) {
          throw new ConfigException(setting.name() + " is set but OIDC_CLIENT_ID is not: set OIDC_CLIENT_ID to "
              + "enable the browser login, or unset " + setting.name());
        }
      }
      return Optional.empty();
    }
    String issuer = env.optional(Setting.OIDC_ISSUER).orElseThrow(() -> new ConfigException(
        "OIDC_CLIENT_ID is set but OIDC_ISSUER is not: the browser login needs the provider's issuer URL"));
    OidcLoginConfig.Builder login = OidcLoginConfig.builder().issuer(issuer.trim());
    apply(Setting.OIDC_CLIENT_ID, CLIENT_ID_FORM, clientId.get(), () -> login.clientId(clientId.get().trim()));
    String secret = required(Setting.OIDC_CLIENT_SECRET, CLIENT_SECRET_FORM);
    apply(Setting.OIDC_CLIENT_SECRET, CLIENT_SECRET_FORM, secret, () -> login.clientSecret(secret));
    login.clientAuthentication(env.choice(Setting.OIDC_CLIENT_AUTH, OidcLoginConfig.ClientAuthentication.class,
        OidcLoginConfig.ClientAuthentication.CLIENT_SECRET_BASIC));
    String redirect = required(Setting.OIDC_REDIRECT_URI, REDIRECT_URI_FORM);
    apply(Setting.OIDC_REDIRECT_URI, REDIRECT_URI_FORM, redirect, () -> login.redirectUri(redirect.trim()));
    env.raw(Setting.OIDC_SCOPES).ifPresent(scopes -> apply(Setting.OIDC_SCOPES, SCOPES_FORM, scopes,
        () -> login.scopes(Arrays.stream(scopes.trim().split("[\\s,]+")).toArray(String[]::new))));
    env.raw(Setting.OIDC_POST_LOGIN_PATH).ifPresent(path -> apply(Setting.OIDC_POST_LOGIN_PATH,
        POST_LOGIN_PATH_FORM, path, () -> login.postLoginPath(path.trim())));
    env.optional(Setting.OIDC_POST_LOGOUT_REDIRECT_URI).ifPresent(uri -> apply(
        Setting.OIDC_POST_LOGOUT_REDIRECT_URI, POST_LOGOUT_FORM, uri, () -> login.postLogoutRedirectUri(uri.trim())));
    // Checked by OidcSettingsReader already, which runs first.
    env.raw(Setting.OIDC_ROLES_CLAIM).ifPresent(path -> login.rolesClaim(path.trim()));
    env.raw(Setting.OIDC_ALGORITHMS).ifPresent(algorithms -> login.algorithms(
        Arrays.stream(algorithms.split(",", -1)).map(String::trim).toArray(String[]::new)));
    env.raw(Setting.OIDC_CLOCK_SKEW).ifPresent(skew -> DurationText.parse(skew).ifPresent(login::clockSkew));
    return Optional.of(login.build());
  }

  /**
   * {@code OIDC_TOKEN_KEYS}: the keys that encrypt the provider tokens kept beside a session; empty if unset (the
   * server then uses a random key of its own). Read after {@link #read()}, which refuses it without a client id.
   */
  Optional<TokenKeyRing> tokenKeys() {
    return env.optional(Setting.OIDC_TOKEN_KEYS).map(text -> {
      try {
        return TokenKeyRing.parse(text.trim());
      } catch (IllegalArgumentException e) {
        // The ring's message names the entry and never quotes key material.
        throw new ConfigException(Setting.OIDC_TOKEN_KEYS.name() + " must be " + TOKEN_KEYS_FORM + ": "
            + e.getMessage() + ", got " + EnvironmentVariables.quote(Setting.OIDC_TOKEN_KEYS, text));
      }
    });
  }

  private String required(Setting setting, String form) {
    return env.optional(setting).orElseThrow(() -> new ConfigException(setting.name()
        + " is required with OIDC_CLIENT_ID: " + form));
  }
}
