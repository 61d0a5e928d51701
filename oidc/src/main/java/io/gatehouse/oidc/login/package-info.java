/**
 * The browser login against an OpenID Connect provider: the authorization code flow with PKCE, state and nonce
 * ({@link io.gatehouse.oidc.login.OidcLogin}), RP-initiated logout ({@link io.gatehouse.oidc.login.RpLogout}) and
 * Back-Channel Logout 1.0 ({@link io.gatehouse.oidc.login.BackChannelLogout}), configured by
 * {@link io.gatehouse.oidc.login.OidcLoginConfig}. Framework-neutral: adapters hand in the web module's request and
 * response views and the callback's query parameters, and send the returned redirect.
 *
 * <p>Protocol messages and token validation are the Nimbus OAuth 2.0 SDK's; the provider's keys are cached as the
 * bearer tokens' are ({@link io.gatehouse.oidc.ProviderKeys}); every short-lived value (pending logins, the
 * {@code sid} index, ID tokens for the logout hint, seen logout-token ids) lives in the shared
 * {@link io.gatehouse.onetime.OneTimeValues}, so any instance can finish what another started. ID tokens are kept as
 * the configured {@link io.gatehouse.oidc.login.TokenSealer} protects them ({@code NONE} by default: they then sit in
 * Redis as issued, as the sessions' own data does).
 */
package io.gatehouse.oidc.login;
