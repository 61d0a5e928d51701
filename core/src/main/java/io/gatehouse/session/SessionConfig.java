package io.gatehouse.session;

import static io.gatehouse.internal.Arguments.requireAtLeast;
import static io.gatehouse.internal.Arguments.requirePositive;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable settings of a session store: timeouts, per-subject cap and attribute limits. Every value is checked
 * when the config is built, with a message that names the setting, the value and the rule.
 *
 * <pre>{@code
 * SessionConfig config = SessionConfig.builder()
 *     .idleTimeout(Duration.ofMinutes(30))
 *     .absoluteTimeout(Duration.ofHours(12))
 *     .maxSessionsPerSubject(10)
 *     .build();
 * }</pre>
 */
public final class SessionConfig {

  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
  public static final Duration DEFAULT_ABSOLUTE_TIMEOUT = Duration.ofHours(12);
  /** No cap on sessions per subject. */
  public static final int UNLIMITED = 0;
  /**
   * Live sessions one subject may hold unless configured otherwise: enough for every device a person uses, few
   * enough that no subject can make per-subject work (listing, revoke-all, the cap itself) expensive.
   */
  public static final int DEFAULT_MAX_SESSIONS_PER_SUBJECT = 50;
  public static final int DEFAULT_MAX_ATTRIBUTES = 16;
  public static final int DEFAULT_MAX_ATTRIBUTE_BYTES = 4096;
  public static final int DEFAULT_MAX_IN_MEMORY_SESSIONS = 100_000;
  /** Longest subject accepted, in characters. */
  public static final int MAX_SUBJECT_LENGTH = 256;
  /** Longest attribute name accepted, in characters. */
  public static final int MAX_ATTRIBUTE_NAME_LENGTH = 64;
  /** The shortest touch interval the default picks (unless half the idle timeout is shorter still). */
  public static final Duration MIN_DEFAULT_TOUCH_INTERVAL = Duration.ofSeconds(1);

  private final Duration idleTimeout;
  private final Duration absoluteTimeout;
  private final int maxSessionsPerSubject;
  private final int maxAttributes;
  private final int maxAttributeBytes;
  private final int maxInMemorySessions;
  /** As configured; {@code null} for the default derived from the idle timeout. */
  private final Duration configuredTouchInterval;
  private final Duration touchInterval;
  private final Clock clock;

  private SessionConfig(Builder builder) {
    this.idleTimeout = builder.idleTimeout;
    this.absoluteTimeout = builder.absoluteTimeout;
    this.maxSessionsPerSubject = builder.maxSessionsPerSubject;
    this.maxAttributes = builder.maxAttributes;
    this.maxAttributeBytes = builder.maxAttributeBytes;
    this.maxInMemorySessions = builder.maxInMemorySessions;
    this.configuredTouchInterval = builder.touchInterval;
    this.touchInterval = builder.touchInterval != null ? builder.touchInterval : defaultTouchInterval(idleTimeout);
    this.clock = builder.clock;
  }

  /**
   * The touch interval used unless one is set: a tenth of the idle timeout, at least
   * {@link #MIN_DEFAULT_TOUCH_INTERVAL}, and at most half the idle timeout (which wins for idle timeouts under 2 s).
   */
  public static Duration defaultTouchInterval(Duration idleTimeout) {
    Duration tenth = idleTimeout.dividedBy(10);
    Duration half = idleTimeout.dividedBy(2);
    Duration atLeast = tenth.compareTo(MIN_DEFAULT_TOUCH_INTERVAL) < 0 ? MIN_DEFAULT_TOUCH_INTERVAL : tenth;
    return atLeast.compareTo(half) > 0 ? half : atLeast;
  }

  /** The defaults: 30 minutes idle, 12 hours absolute, at most 50 live sessions per subject. */
  public static SessionConfig create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this config's values. */
  public Builder mutate() {
    return new Builder()
        .idleTimeout(idleTimeout)
        .absoluteTimeout(absoluteTimeout)
        .maxSessionsPerSubject(maxSessionsPerSubject)
        .maxAttributes(maxAttributes)
        .maxAttributeBytes(maxAttributeBytes)
        .maxInMemorySessions(maxInMemorySessions)
        .touchInterval(configuredTouchInterval)
        .clock(clock);
  }

  /** How long a session lives without being validated. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** How long a session lives at most, however active. */
  public Duration absoluteTimeout() {
    return absoluteTimeout;
  }

  /**
   * How old a session's last refresh must be before a validation refreshes it again (moves its last-seen time
   * and its idle deadline forward). Validations within the interval only read, which is what makes them cheap on
   * a shared store; the price is that a session's idle deadline is measured from its last refresh, so it expires
   * between {@code idleTimeout - touchInterval} and {@code idleTimeout} after its last use. {@link Duration#ZERO}
   * refreshes on every validation. Defaults to {@link #defaultTouchInterval(Duration)}. The in-memory store,
   * where a refresh costs nothing, refreshes on every validation whatever this says.
   */
  public Duration touchInterval() {
    return touchInterval;
  }

  /** Most live sessions one subject may have, the oldest being revoked to make room; {@link #UNLIMITED} for none. */
  public int maxSessionsPerSubject() {
    return maxSessionsPerSubject;
  }

  /** Most attributes one session may carry. */
  public int maxAttributes() {
    return maxAttributes;
  }

  /** Most bytes (UTF-8, names plus values) of one session's attributes. */
  public int maxAttributeBytes() {
    return maxAttributeBytes;
  }

  /** Bound of an in-memory store; the least recently used sessions are dropped beyond it. */
  public int maxInMemorySessions() {
    return maxInMemorySessions;
  }

  /**
   * Time source of the in-memory store. Redis stores keep times in the Redis server's clock and use this one only
   * to decide, on validation, whether the absolute lifetime is over and whether a refresh is due.
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Checks a subject against the rules every store applies.
   *
   * @throws IllegalArgumentException naming the rule, if the subject is null, blank or too long
   */
  public static String checkSubject(String subject) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("subject must not be null or blank, got " + quote(subject));
    }
    if (subject.length() > MAX_SUBJECT_LENGTH) {
      throw new IllegalArgumentException(
          "subject must be at most " + MAX_SUBJECT_LENGTH + " characters, got " + subject.length());
    }
    return subject;
  }

  /**
   * Checks the {@code limit} of {@link SessionStore#list(String, int)} against the rule every store applies.
   *
   * @throws IllegalArgumentException quoting the limit, unless it is 1 to {@value SessionStore#MAX_LIST_LIMIT}
   */
  public static int checkListLimit(int limit) {
    if (limit < 1 || limit > SessionStore.MAX_LIST_LIMIT) {
      throw new IllegalArgumentException(
          "list limit must be from 1 to " + SessionStore.MAX_LIST_LIMIT + ", got " + limit);
    }
    return limit;
  }

  /**
   * Checks attributes against this config's limits and returns an immutable copy.
   *
   * @throws IllegalArgumentException naming the limit and the value, if any is exceeded or a name or value is null
   */
  public Map<String, String> checkAttributes(Map<String, String> attributes) {
    if (attributes == null) {
      return Map.of();
    }
    if (attributes.size() > maxAttributes) {
      throw new IllegalArgumentException(
          "a session may carry at most " + maxAttributes + " attributes, got " + attributes.size());
    }
    long bytes = 0;
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      String name = e.getKey();
      if (name == null || name.isEmpty() || name.length() > MAX_ATTRIBUTE_NAME_LENGTH) {
        throw new IllegalArgumentException("attribute names must be 1 to " + MAX_ATTRIBUTE_NAME_LENGTH
            + " characters, got " + quote(name));
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException("attribute \"" + name + "\" must not be null");
      }
      bytes += name.getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    if (bytes > maxAttributeBytes) {
      throw new IllegalArgumentException(
          "session attributes may take at most " + maxAttributeBytes + " bytes, got " + bytes);
    }
    return Map.copyOf(attributes);
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + (s.length() > 64 ? s.substring(0, 64) + "…" : s) + "\"";
  }

  @Override
  public String toString() {
    return "SessionConfig{idleTimeout=" + idleTimeout + ", absoluteTimeout=" + absoluteTimeout
        + ", maxSessionsPerSubject=" + (maxSessionsPerSubject == UNLIMITED ? "unlimited" : maxSessionsPerSubject)
        + ", maxAttributes=" + maxAttributes + ", maxAttributeBytes=" + maxAttributeBytes
        + ", maxInMemorySessions=" + maxInMemorySessions + ", touchInterval=" + touchInterval
        + (configuredTouchInterval == null ? " (default)" : "") + "}";
  }

  /** Builds a {@link SessionConfig}; each setter rejects a bad value at once. */
  public static final class Builder {
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration absoluteTimeout = DEFAULT_ABSOLUTE_TIMEOUT;
    private int maxSessionsPerSubject = DEFAULT_MAX_SESSIONS_PER_SUBJECT;
    private int maxAttributes = DEFAULT_MAX_ATTRIBUTES;
    private int maxAttributeBytes = DEFAULT_MAX_ATTRIBUTE_BYTES;
    private int maxInMemorySessions = DEFAULT_MAX_IN_MEMORY_SESSIONS;
    private Duration touchInterval;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Lifetime without validation; positive. */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = requirePositive("idleTimeout", idleTimeout);
      return this;
    }

    /** Lifetime at most; positive, and not shorter than the idle timeout (checked in {@link #build()}). */
    public Builder absoluteTimeout(Duration absoluteTimeout) {
      this.absoluteTimeout = requirePositive("absoluteTimeout", absoluteTimeout);
      return this;
    }

    /**
     * Cap on live sessions per subject, the oldest being revoked to make room; {@link #UNLIMITED} for none.
     * Defaults to {@value #DEFAULT_MAX_SESSIONS_PER_SUBJECT}. Without a cap, nothing bounds how many sessions
     * (and how much memory) one subject can accumulate.
     */
    public Builder maxSessionsPerSubject(int max) {
      this.maxSessionsPerSubject = (int) requireAtLeast("maxSessionsPerSubject", max, UNLIMITED);
      return this;
    }

    public Builder maxAttributes(int max) {
      this.maxAttributes = (int) requireAtLeast("maxAttributes", max, 0);
      return this;
    }

    public Builder maxAttributeBytes(int max) {
      this.maxAttributeBytes = (int) requireAtLeast("maxAttributeBytes", max, 0);
      return this;
    }

    public Builder maxInMemorySessions(int max) {
      this.maxInMemorySessions = (int) requireAtLeast("maxInMemorySessions", max, 1);
      return this;
    }

    /**
     * How old the last refresh must be before a validation refreshes a session again; zero to refresh on every
     * validation, {@code null} for the default ({@link SessionConfig#defaultTouchInterval(Duration)}). At most
     * half the idle timeout (checked in {@link #build()}).
     */
    public Builder touchInterval(Duration touchInterval) {
      if (touchInterval != null && touchInterval.isNegative()) {
        throw new IllegalArgumentException("touchInterval must be zero or a positive duration, got " + touchInterval);
      }
      this.touchInterval = touchInterval;
      return this;
    }

    /** Time source of the in-memory store; tests pass a fake clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public SessionConfig build() {
      if (absoluteTimeout.compareTo(idleTimeout) < 0) {
        throw new IllegalArgumentException("absoluteTimeout must not be shorter than idleTimeout, got absoluteTimeout="
            + absoluteTimeout + " and idleTimeout=" + idleTimeout);
      }
      if (touchInterval != null && touchInterval.compareTo(idleTimeout.dividedBy(2)) > 0) {
        throw new IllegalArgumentException("touchInterval must be at most half the idleTimeout, got touchInterval="
            + touchInterval + " and idleTimeout=" + idleTimeout);
      }
      return new SessionConfig(this);
    }
  }
}
