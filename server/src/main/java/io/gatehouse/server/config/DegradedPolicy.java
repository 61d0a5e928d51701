package io.gatehouse.server.config;

import java.util.Locale;

/**
 * What a rate limit does while Redis is away ({@code LOGIN_LIMIT_WHILE_DEGRADED}, {@code API_LIMIT_WHILE_DEGRADED}).
 */
public enum DegradedPolicy {
  /** Enforce the limit per instance, divided by {@code INSTANCE_COUNT}: the safe default for logins. */
  LOCAL,
  /** Let every request through (fail open): the default for the API limit, which guards capacity, not secrets. */
  ALLOW,
  /** Refuse every request (fail closed). */
  DENY;

  /** As the variables write it: {@code local}, {@code allow} or {@code deny}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}
