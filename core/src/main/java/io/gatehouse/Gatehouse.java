package io.gatehouse;

import io.gatehouse.failover.Failover;
import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.failover.FailoverStatus;
import io.gatehouse.failover.Probe;
import io.gatehouse.failover.RateLimitFallback;
import io.gatehouse.onetime.OneTimeValues;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.nearcache.NearCacheConfig;
import io.gatehouse.nearcache.NearCachedSessionStore;
import io.gatehouse.session.SessionBackend;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.InvalidationChannel;
import io.gatehouse.spi.StoreBackend;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The entry point to Gatehouse: one session store and any number of named rate limiters, on a shared store behind
 * the failover decorators, or in memory only. Everything an application or an integration (the Servlet filter, the
 * reference server, the Spring Boot starter) needs comes from here; nothing else wires a {@link Failover}.
 *
 * <pre>{@code
 * try (Gatehouse gatehouse = Gatehouse.builder()
 *     .backend(RedisStores.create(RedisConfig.create("redis://localhost:6379/0")))   // leave out: memory only
 *     .sessions(SessionConfig.builder().idleTimeout(Duration.ofMinutes(30)).build())
 *     .rateLimit("login", RateLimit.slidingWindow(5, Duration.ofMinutes(15)))
 *     .build()) {
 *   SessionStore sessions = gatehouse.sessions();
 *   RateLimiter logins = gatehouse.rateLimiter("login");
 *   FailoverStatus status = gatehouse.status();
 * }
 * }</pre>
 *
 * <p>With a back end, every store is wrapped by one {@link Failover}: calls go to the back end while it answers
 * within the deadline, and to memory (written back later) while it does not. Without one, the mode is
 * {@link io.gatehouse.failover.FailoverMode#DISABLED} and everything lives in this process. Closing the Gatehouse
 * stops the failover's probe, then closes the stores and the back end.
 */
public final class Gatehouse implements AutoCloseable {

  private static final Pattern LIMITER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  /** Keys each rate limiter holds in memory-only mode; beyond it the least recently used are forgotten. */
  private static final int IN_MEMORY_KEYS = 100_000;

  private final StoreBackend backend;
  private final Failover failover;
  private final SessionConfig sessionConfig;
  private final SessionStore sessions;
  private final OneTimeValues oneTimeValues;
  private final Map<String, RateLimiter> limiters;
  private final Set<String> shadows;

  private Gatehouse(Builder builder, Failover failover, SessionStore sessions, OneTimeValues oneTimeValues,
      Map<String, RateLimiter> limiters) {
    this.backend = builder.backend;
    this.failover = failover;
    this.sessionConfig = builder.sessions;
    this.sessions = sessions;
    this.oneTimeValues = oneTimeValues;
    this.limiters = Collections.unmodifiableMap(limiters);
    this.shadows = Set.copyOf(builder.shadows);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The session store. */
  public SessionStore sessions() {
    return sessions;
  }

  /** The one-time values: short-lived, read-once values shared with the other instances (OAuth state, locks). */
  public OneTimeValues oneTimeValues() {
    return oneTimeValues;
  }

  /** The settings the session store was built with. */
  public SessionConfig sessionConfig() {
    return sessionConfig;
  }

  /**
   * The rate limiter registered under {@code name}.
   *
   * @throws IllegalArgumentException naming the registered limiters, if none has that name
   */
  public RateLimiter rateLimiter(String name) {
    RateLimiter limiter = limiters.get(name);
    if (limiter == null) {
      throw new IllegalArgumentException("no rate limiter named " + (name == null ? "null" : "\"" + name + "\"")
          + "; registered: " + (limiters.isEmpty() ? "none" : String.join(", ", limiters.keySet())));
    }
    return limiter;
  }

  /** The names of the registered rate limiters, in the order they were registered. */
  public Set<String> rateLimiterNames() {
    return limiters.keySet();
  }

  /**
   * Whether the rate limiter {@code name} is in shadow mode: it reports what it would refuse and refuses nothing.
   *
   * @throws IllegalArgumentException naming the registered limiters, if none has that name
   */
  public boolean isShadow(String name) {
    rateLimiter(name);
    return shadows.contains(name);
  }

  /** The failover's state: mode, since when, last error, pending write-back. For health endpoints and metrics. */
  public FailoverStatus status() {
    return failover.status();
  }

  /** Whether state is shared with other instances through a back end (even while degraded to memory). */
  public boolean isShared() {
    return backend != null;
  }

  /** A check that the back end answers now, for readiness probes; empty in memory-only mode. */
  public Optional<Probe> probe() {
    return backend == null ? Optional.empty() : Optional.of(backend::ping);
  }

  /** Where state lives: the back end's location, such as {@code redis://10.0.0.5:6379/0}, or {@code memory}. */
  public String location() {
    return backend == null ? "memory" : backend.location();
  }

  /** Stops the probe first, so that it does not see the connection close, then the stores and the back end. */
  @Override
  public void close() {
    List<AutoCloseable> closeables = new ArrayList<>(List.of(failover, sessions, oneTimeValues));
    closeables.addAll(limiters.values());
    if (backend != null) {
      closeables.add(backend);
    }
    closeAll(closeables);
  }

  private static void closeAll(List<AutoCloseable> closeables) {
    RuntimeException failure = null;
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing Gatehouse failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "Gatehouse{" + location() + ", " + failover.mode() + ", rate limiters " + limiters.keySet() + "}";
  }

  /** Collects the settings of a {@link Gatehouse}; {@link #build()} checks them and opens the stores. */
  public static final class Builder {

    private StoreBackend backend;
    private SessionConfig sessions = SessionConfig.create();
    private FailoverConfig failover = FailoverConfig.create();
    private NearCacheConfig nearCache;
    private final Map<String, Limit> limits = new LinkedHashMap<>();
    private final Set<String> shadows = new LinkedHashSet<>();

    private Builder() {}

    /**
     * The shared store, such as {@code RedisStores.create(redisConfig)}; not set (or {@code null}) keeps everything
     * in memory. The Gatehouse built owns it and closes it, also when {@link #build()} fails.
     */
    public Builder backend(StoreBackend backend) {
      this.backend = backend;
      return this;
    }

    /** The session settings; {@link SessionConfig#create()} if not set. */
    public Builder sessions(SessionConfig sessions) {
      this.sessions = Objects.requireNonNull(sessions, "sessions");
      return this;
    }

    /** The failover settings (deadline, probe intervals, clock); {@link FailoverConfig#create()} if not set. */
    public Builder failover(FailoverConfig failover) {
      this.failover = Objects.requireNonNull(failover, "failover");
      return this;
    }

    /**
     * Puts a near cache of validated sessions in front of the back end (off unless set; {@code null} turns it off):
     * {@code validate} is answered in this process for up to {@link NearCacheConfig#maxStaleness()}, and not at all
     * while the back end's invalidation channel is down. The same channel also clears the failover's outage copies of
     * sessions revoked on other instances. Needs a back end with an invalidation channel; ignored without a back end.
     */
    public Builder nearCache(NearCacheConfig nearCache) {
      this.nearCache = nearCache;
      return this;
    }

    /**
     * Registers a rate limiter with the default behaviour while degraded: {@link RateLimitFallback#FOR_LOGIN}
     * (enforced per instance) for a sliding window, {@link RateLimitFallback#FOR_API} (fail open, still counted)
     * for a token bucket.
     */
    public Builder rateLimit(String name, RateLimit limit) {
      Objects.requireNonNull(limit, "limit");
      return rateLimit(name, limit, limit instanceof RateLimit.SlidingWindow
          ? RateLimitFallback.FOR_LOGIN : RateLimitFallback.FOR_API);
    }

    /**
     * Registers a rate limiter. Its counts live in the back end under its name, so instances that register the same
     * name and policy share them.
     *
     * @param name 1 to 64 letters, digits, {@code _}, {@code .} or {@code -}; unique within this builder
     * @param whileDegraded what the limiter does while the back end is unavailable
     */
    public Builder rateLimit(String name, RateLimit limit, RateLimitFallback whileDegraded) {
      if (name == null || !LIMITER_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("rate limiter name must be 1 to 64 letters, digits, '_', '.' or '-', got "
            + (name == null ? "null" : "\"" + name + "\""));
      }
      if (limits.containsKey(name)) {
        throw new IllegalArgumentException("rate limiter \"" + name + "\" is registered twice");
      }
      limits.put(name, new Limit(Objects.requireNonNull(limit, "limit"),
          Objects.requireNonNull(whileDegraded, "whileDegraded")));
      return this;
    }

    /**
     * Puts the rate limiter {@code name}, registered before, in shadow mode ({@link RateLimiter#shadow}): it counts as
     * its policy says, never refuses, and marks with {@link io.gatehouse.ratelimit.RateLimitDecision#shadowRefused()}
     * each decision that an enforcing limiter would have refused. For trying a new limit on real traffic first.
     *
     * @throws IllegalArgumentException if no rate limiter of that name is registered yet
     */
    public Builder shadow(String name) {
      if (!limits.containsKey(name)) {
        throw new IllegalArgumentException("no rate limiter named " + (name == null ? "null" : "\"" + name + "\"")
            + " to put in shadow mode; register it with rateLimit() first (registered: "
            + (limits.isEmpty() ? "none" : String.join(", ", limits.keySet())) + ")");
      }
      shadows.add(name);
      return this;
    }

    private SessionStore openSessions(Failover watcher) {
      if (backend == null) {
        return watcher.sessionStore(null, sessions);
      }
      if (nearCache == null) {
        return watcher.sessionStore(backend.sessionStore(sessions), sessions);
      }
      InvalidationChannel channel = backend.invalidations().orElseThrow(() -> new IllegalArgumentException(
          "the session near cache needs a back end that announces revocations, and " + backend.location()
              + " does not"));
      SessionBackend cached = NearCachedSessionStore.wrap(backend.sessionStore(sessions), channel, nearCache);
      return watcher.sessionStore(cached, sessions, channel);
    }

    /**
     * Opens the stores. With a back end this probes it once (bounded by its own command timeout): the Gatehouse
     * starts on the back end if it answers, and in memory, probing, if it does not. It never fails for an outage.
     */
    public Gatehouse build() {
      Failover watcher = null;
      List<AutoCloseable> opened = new ArrayList<>();
      try {
        watcher = backend == null ? Failover.disabled(failover) : Failover.create(backend::ping, failover);
        opened.add(watcher);
        SessionStore sessionStore = openSessions(watcher);
        opened.add(sessionStore);
        Map<String, RateLimiter> built = new LinkedHashMap<>();
        for (Map.Entry<String, Limit> entry : limits.entrySet()) {
          Limit limit = entry.getValue();
          RateLimiter limiter = backend == null
              ? RateLimiter.inMemory(limit.limit, failover.clock(), IN_MEMORY_KEYS)
              : watcher.rateLimiter(backend.rateLimiter(entry.getKey(), limit.limit), limit.whileDegraded);
          opened.add(limiter);
          built.put(entry.getKey(), shadows.contains(entry.getKey()) ? RateLimiter.shadow(limiter) : limiter);
        }
        OneTimeValues values = watcher.oneTimeValues(backend == null ? null : backend.oneTimeValues());
        opened.add(values);
        return new Gatehouse(this, watcher, sessionStore, values, built);
      } catch (RuntimeException e) {
        if (backend != null) {
          opened.add(backend);
        }
        try {
          closeAll(opened);
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
  }

  private record Limit(RateLimit limit, RateLimitFallback whileDegraded) {}
}
