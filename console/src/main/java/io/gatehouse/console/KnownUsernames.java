package io.gatehouse.console;

import io.gatehouse.web.login.LoginLimiter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The usernames behind the hashed keys of the per-username login limit, so that the console can show
 * {@code alice} where the limiter counts {@code q3Jd…}. Only usernames whose login was refused by a limit are kept,
 * and at most {@value #CAPACITY} of them, the least recently refused forgotten first; a key whose name is not
 * known shows as its hash.
 */
final class KnownUsernames {

  static final int CAPACITY = 1000;

  private final Map<String, String> byKey = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > CAPACITY;
    }
  };

  /** Remembers {@code username}, whose login a limit refused. */
  synchronized void refused(String username) {
    byKey.put(LoginLimiter.usernameKey(username), username);
  }

  /** The username whose hashed key is {@code key}, if it was refused lately. */
  synchronized Optional<String> of(String key) {
    return Optional.ofNullable(byKey.get(key));
  }
}
