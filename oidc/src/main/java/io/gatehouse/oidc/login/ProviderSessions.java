package io.gatehouse.oidc.login;

import io.gatehouse.onetime.OneTimeValues;
import io.gatehouse.session.SessionId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What links a Gatehouse session to the provider: per provider session ({@code sid}), the Gatehouse sessions it
 * created, for back-channel logout; and per Gatehouse session, its ID token (sealed), for the logout's
 * {@code id_token_hint}. Both in the one-time values, for the Gatehouse session's lifetime, under a hash of the
 * {@code sid} (which the provider chooses, so its length and alphabet are not ours).
 *
 * <p>The sid index is read, extended and written back: two logins finishing at the same instant under one provider
 * session could lose one entry, leaving that Gatehouse session to its own expiry. A provider session normally
 * belongs to one browser, which logs in once at a time, so this is accepted rather than made atomic with a script.
 */
final class ProviderSessions {

  private static final String SID_PREFIX = "oidc:sid:";
  private static final String ID_TOKEN_PREFIX = "oidc:idt:";
  /** Gatehouse sessions kept per provider session at most; the oldest are dropped from the index beyond it. */
  static final int MAX_PER_SID = 32;

  private final OneTimeValues values;
  private final Duration lifetime;
  private final TokenSealer sealer;

  ProviderSessions(OneTimeValues values, Duration lifetime, TokenSealer sealer) {
    this.values = values;
    this.lifetime = lifetime;
    this.sealer = sealer;
  }

  /** Records that {@code session} was created from the provider session {@code sid} with {@code idToken}. */
  void created(SessionId session, Optional<String> sid, String idToken) {
    sid.ifPresent(id -> {
      String key = SID_PREFIX + hash(id);
      List<String> ids = new ArrayList<>(values.get(key).map(ProviderSessions::split).orElse(List.of()));
      ids.add(session.value());
      List<String> kept = ids.subList(Math.max(0, ids.size() - MAX_PER_SID), ids.size());
      values.put(key, String.join(" ", kept), lifetime);
    });
    values.put(ID_TOKEN_PREFIX + session.value(), sealer.seal(idToken), lifetime);
  }

  /** The Gatehouse sessions created from {@code sid}, forgotten in the same step. */
  Set<SessionId> takeSessions(String sid) {
    Set<SessionId> ids = new LinkedHashSet<>();
    values.take(SID_PREFIX + hash(sid)).map(ProviderSessions::split).orElse(List.of())
        .forEach(value -> SessionId.parse(value).ifPresent(ids::add));
    return ids;
  }

  /** The ID token {@code session} was created with, forgotten in the same step. */
  Optional<String> takeIdToken(SessionId session) {
    return values.take(ID_TOKEN_PREFIX + session.value()).flatMap(sealer::open);
  }

  private static List<String> split(String value) {
    return value.isEmpty() ? List.of() : Arrays.asList(value.split(" "));
  }

  static String hash(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
