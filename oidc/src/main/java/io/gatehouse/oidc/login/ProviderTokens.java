package io.gatehouse.oidc.login;

import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import io.gatehouse.onetime.OneTimeValues;
import io.gatehouse.session.SessionId;
import io.gatehouse.web.api.ApiError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The provider's access and refresh tokens of each session, for calls to downstream APIs on the user's behalf:
 * kept only sealed (encrypted) in the one-time values under {@code oidc:tok:<session id>} for the session's
 * lifetime, and refreshed shortly before the access token expires.
 *
 * <h2>Why refresh under a lock?</h2>
 *
 * <p>Providers rotate refresh tokens: the first use of one returns a new one and retires the old, and some (Keycloak
 * with revoke-refresh-token) end the whole session if a retired one is used again. Two instances refreshing the same
 * session at once would do exactly that. So the refresh happens under a per-session lock, the one-time values'
 * {@code putIfAbsent} ({@code SET NX PX} on Redis) under {@code oidc:tokl:<session id>}, which expires by itself
 * if its holder dies. An instance that finds the lock taken waits, boundedly, for the holder's result, and
 * otherwise answers with the current access token while it is still valid.
 */
public final class ProviderTokens {

  public static final Duration DEFAULT_REFRESH_AHEAD = Duration.ofSeconds(60);
  /** How long a refresh may hold the lock: longer than a token request can take. */
  static final Duration LOCK_TTL = Duration.ofSeconds(30);
  /** How long an instance waits for another's refresh. */
  static final Duration WAIT = Duration.ofSeconds(3);
  /** The access token's assumed lifetime when the provider does not say ({@code expires_in}). */
  static final Duration UNKNOWN_LIFETIME = Duration.ofMinutes(5);

  private static final String PREFIX = "oidc:tok:";
  private static final String LOCK = "oidc:tokl:";

  private final OneTimeValues values;
  private final Duration lifetime;
  private final Duration refreshAhead;
  private final TokenSealer sealer;
  private final CodeExchange exchange;
  private final ProviderEndpoints endpoints;
  private final Clock clock;
  private final boolean enabled;

  ProviderTokens(OidcLoginConfig config, OneTimeValues values, Duration lifetime, TokenSealer sealer,
      CodeExchange exchange, ProviderEndpoints endpoints) {
    this.values = values;
    this.lifetime = lifetime;
    this.refreshAhead = config.refreshAhead();
    this.sealer = sealer;
    this.exchange = exchange;
    this.endpoints = endpoints;
    this.clock = config.clock();
    this.enabled = config.keepProviderTokens();
  }

  /** Keeps the tokens of a session just created; nothing if keeping them is off. */
  void keep(SessionId session, Tokens tokens) {
    if (enabled && tokens.getAccessToken() != null) {
      store(session, tokens, Optional.empty());
    }
  }

  /** Forgets the tokens of a session that ended. */
  void forget(SessionId session) {
    if (enabled) {
      values.take(PREFIX + session.value());
    }
  }

  /**
   * The session's access token for a downstream call, refreshed first if it expires within the refresh margin
   * (once across instances). Empty if tokens are not kept, the session has none, or the provider refused the
   * refresh (its session ended).
   *
   * @throws ApiError 502/503 if the provider cannot be reached for a due refresh and the token has expired
   */
  public Optional<String> accessToken(SessionId session) {
    if (!enabled) {
      return Optional.empty();
    }
    Optional<Kept> kept = read(session);
    if (kept.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (now.isBefore(kept.get().expiresAt().minus(refreshAhead)) || kept.get().refresh() == null) {
      return kept.get().validAt(now);
    }
    if (!values.putIfAbsent(LOCK + session.value(), "", LOCK_TTL)) {
      return awaitOtherRefresh(session, kept.get());
    }
    try {
      Optional<Tokens> fresh = exchange.refresh(endpoints.get().token(), new RefreshToken(kept.get().refresh()));
      if (fresh.isEmpty()) {
        forget(session);
        return Optional.empty();
      }
      return Optional.of(store(session, fresh.get(), Optional.of(kept.get().refresh())).access());
    } catch (ApiError providerUnavailable) {
      Optional<String> stillValid = kept.get().validAt(clock.instant());
      if (stillValid.isPresent()) {
        return stillValid;
      }
      throw providerUnavailable;
    } finally {
      values.take(LOCK + session.value());
    }
  }

  private Optional<String> awaitOtherRefresh(SessionId session, Kept before) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Kept> now = read(session);
      if (now.isEmpty()) {
        return Optional.empty();
      }
      if (!now.get().access().equals(before.access())) {
        return Optional.of(now.get().access());
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return before.validAt(clock.instant());
  }

  private Kept store(SessionId session, Tokens tokens, Optional<String> previousRefresh) {
    long seconds = tokens.getAccessToken().getLifetime();
    Instant expiresAt = clock.instant().plus(seconds > 0 ? Duration.ofSeconds(seconds) : UNKNOWN_LIFETIME);
    String refresh = tokens.getRefreshToken() != null ? tokens.getRefreshToken().getValue()
        : previousRefresh.orElse(null);
    Kept kept = new Kept(expiresAt, tokens.getAccessToken().getValue(), refresh);
    values.put(PREFIX + session.value(), sealer.seal(kept.format()), lifetime);
    return kept;
  }

  private Optional<Kept> read(SessionId session) {
    return values.get(PREFIX + session.value()).flatMap(sealer::open).flatMap(Kept::parse);
  }

  /** What is kept: when the access token expires, it, and the refresh token if any. */
  private record Kept(Instant expiresAt, String access, String refresh) {

    Optional<String> validAt(Instant now) {
      return now.isBefore(expiresAt) ? Optional.of(access) : Optional.empty();
    }

    String format() {
      return expiresAt.getEpochSecond() + " " + access + " " + (refresh == null ? "-" : refresh);
    }

    static Optional<Kept> parse(String text) {
      String[] parts = text.split(" ");
      if (parts.length != 3) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Kept(Instant.ofEpochSecond(Long.parseLong(parts[0])), parts[1],
            parts[2].equals("-") ? null : parts[2]));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }
}
