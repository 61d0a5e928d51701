package io.gatehouse.console;

import io.gatehouse.web.client.ClientAddress;
import io.gatehouse.web.login.LoginLimiter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns what an operator types into the key a limiter counts under, the same way requests are counted: a client
 * address becomes its client key ({@code 203.0.113.7} to {@code ip4:203.0.113.7}, an IPv6 address to its /64), a
 * username its hashed key. A key as the top list shows it ({@code ip4:…}, or {@code key:} and a username's hash)
 * is taken as it is, so an unnamed key can still be looked up and reset.
 */
final class LimiterKeys {

  static final String RAW_PREFIX = "key:";
  private static final Pattern CLIENT_KEY = Pattern.compile("ip4:[0-9.]{7,15}|ip6:[0-9a-f:]{2,39}/64");
  private static final Pattern USERNAME_KEY = Pattern.compile("[A-Za-z0-9_-]{32}");

  private final LimiterNames names;

  LimiterKeys(LimiterNames names) {
    this.names = names;
  }

  /** The key {@code limiter} counts {@code input} under; empty when the input cannot name one of its keys. */
  Optional<String> of(String limiter, String input) {
    String text = input.strip();
    if (names.countsDevices(limiter)) {
      return Optional.empty();
    }
    if (names.countsUsernames(limiter)) {
      if (text.startsWith(RAW_PREFIX)) {
        String raw = text.substring(RAW_PREFIX.length());
        return USERNAME_KEY.matcher(raw).matches() ? Optional.of(raw) : Optional.empty();
      }
      return Optional.of(LoginLimiter.usernameKey(text));
    }
    if (CLIENT_KEY.matcher(text).matches()) {
      return Optional.of(text);
    }
    return ClientAddress.parseLiteral(text).map(ClientAddress::rateLimitKey);
  }

  /** What to type to find {@code key} of {@code limiter} again: the username if known, else the key itself. */
  String input(String limiter, String key, KnownUsernames usernames) {
    if (names.countsDevices(limiter)) {
      String user = key.substring(0, Math.max(0, key.indexOf('.')));
      return usernames.of(user).orElse(RAW_PREFIX + user);
    }
    if (names.countsUsernames(limiter)) {
      return usernames.of(key).orElse(RAW_PREFIX + key);
    }
    return key;
  }

  /** How the console shows {@code key}: a username, or a client address without its {@code ip4:} prefix. */
  String label(String limiter, String key, KnownUsernames usernames) {
    if (names.countsDevices(limiter)) {
      String user = key.substring(0, Math.max(0, key.indexOf('.')));
      return usernames.of(user).map(name -> name + " on one device").orElse("a trusted device");
    }
    if (names.countsUsernames(limiter)) {
      return usernames.of(key).orElse("unknown user (key " + key.substring(0, 8) + "…)");
    }
    return key.startsWith("ip4:") || key.startsWith("ip6:") ? key.substring(4) : key;
  }
}
