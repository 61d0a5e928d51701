package io.gatehouse.console;

import io.gatehouse.Gatehouse;
import io.gatehouse.failover.FailoverStatus;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimitDecision;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionId;
import io.gatehouse.web.Principal;
import io.gatehouse.web.api.ApiError;
import io.gatehouse.web.api.AuthApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the console's JSON endpoints answer, each one method: the overview and history of this instance, a user's
 * sessions and their revocation, a key's state in every limiter and its reset, and the top limited keys. The caller
 * ({@link ConsoleServlet}, or a framework adapter) checks the admin role before calling; this class checks the input
 * and throws {@link ApiError} for bad input. Each answer is a map for a JSON mapper to write.
 */
public final class ConsoleApi {

  /** The longest client address or username a look-up or reset accepts. */
  public static final int MAX_LOOKUP_LENGTH = SessionConfig.MAX_SUBJECT_LENGTH;
  /** The longest limiter name a reset accepts. */
  public static final int MAX_LIMITER_LENGTH = 64;
  static final int TOP_KEYS = 20;

  private final Gatehouse gatehouse;
  private final ConsoleHistory history;
  private final ConsoleSampler sampler;
  private final LimitedKeys limited;
  private final KnownUsernames usernames;
  private final LimiterKeys keys;

  ConsoleApi(Gatehouse gatehouse, ConsoleHistory history, ConsoleSampler sampler, LimitedKeys limited,
      KnownUsernames usernames, LimiterKeys keys) {
    this.gatehouse = gatehouse;
    this.history = history;
    this.sampler = sampler;
    this.limited = limited;
    this.usernames = usernames;
    this.keys = keys;
  }

  /** This instance now: where state lives, the failover's state, Redis latency, and the limiters. */
  public Map<String, Object> overview() {
    FailoverStatus status = gatehouse.status();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", status.mode().name());
    out.put("since", status.since().toString());
    out.put("lastError", status.lastError());
    out.put("failovers", status.failovers());
    out.put("fallbackCalls", status.fallbackCalls());
    out.put("pendingWriteBack", status.pendingWriteBack());
    out.put("probeLatencyMs", millis(status.lastProbeLatency()));
    out.put("redisLatencyMs", millis(sampler.redisLatency().orElse(null)));
    out.put("location", gatehouse.location());
    List<Map<String, Object>> limiters = new ArrayList<>();
    for (String name : gatehouse.rateLimiterNames()) {
      limiters.add(Map.of("name", name, "policy", describe(gatehouse.rateLimiter(name).limit()),
          "shadow", gatehouse.isShadow(name)));
    }
    out.put("limiters", limiters);
    return out;
  }

  /** The last hour in intervals, as columns for the charts. */
  public Map<String, Object> history() {
    return history.snapshot().columns();
  }

  /** The live sessions of {@code subject}, oldest first, with where and with what each logged in. */
  public Map<String, Object> sessions(Principal admin, String subject) {
    String checked = subject(subject);
    List<Map<String, Object>> views = new ArrayList<>();
    for (Session session : gatehouse.sessions().list(checked)) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("sessionId", session.id().value());
      view.put("createdAt", session.createdAt().toString());
      view.put("lastSeenAt", session.lastSeenAt().toString());
      view.put("expiresAt", session.expiresAt().toString());
      view.put("client", session.attributes().getOrDefault(AuthApi.CLIENT_ATTRIBUTE, ""));
      view.put("userAgent", session.attributes().getOrDefault(AuthApi.USER_AGENT_ATTRIBUTE, ""));
      view.put("roles", Principal.parseRoles(session.attributes().getOrDefault(Principal.ROLES_ATTRIBUTE, "")));
      view.put("current", admin.session().map(s -> s.id().equals(session.id())).orElse(false));
      views.add(view);
    }
    return Map.of("subject", checked, "sessions", views);
  }

  /** Revokes one session of anyone. */
  public Map<String, Object> revoke(String id) {
    Optional<SessionId> parsed = SessionId.parse(id);
    if (parsed.isEmpty() || !gatehouse.sessions().revoke(parsed.get())) {
      throw ApiError.notFound("no such session");
    }
    return Map.of("revoked", true, "sessionId", parsed.get().value());
  }

  /** Revokes every session of {@code subject}. */
  public Map<String, Object> revokeAll(String subject) {
    String checked = subject(subject);
    return Map.of("subject", checked, "revoked", gatehouse.sessions().revokeAll(checked));
  }

  /** What each limiter holds for the client address or username {@code input}, without counting anything. */
  public Map<String, Object> lookUp(String input) {
    String checked = lookupText(input);
    List<Map<String, Object>> entries = new ArrayList<>();
    for (String limiter : gatehouse.rateLimiterNames()) {
      entries.add(entry(limiter, checked));
    }
    return Map.of("input", checked, "limiters", entries);
  }

  /** Forgets what {@code limiter} counted for {@code input}, and answers the key's state after. */
  public Map<String, Object> reset(String limiter, String input) {
    String checked = lookupText(input);
    if (limiter == null || !gatehouse.rateLimiterNames().contains(limiter)) {
      throw ApiError.notFound("no rate limiter named \"" + limiter + "\"; there are "
          + String.join(", ", gatehouse.rateLimiterNames()));
    }
    String key = keys.of(limiter, checked).orElseThrow(() -> ApiError.badRequest(
        limiter + " counts client addresses; \"" + checked + "\" is not an IP address"));
    gatehouse.rateLimiter(limiter).reset(key);
    return entry(limiter, checked);
  }

  /** The most refused keys of the last hour, most refused first. */
  public Map<String, Object> top() {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (LimitedKeys.Top top : limited.top(TOP_KEYS)) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("limiter", top.limiter());
      entry.put("label", keys.label(top.limiter(), top.key(), usernames));
      entry.put("input", keys.input(top.limiter(), top.key(), usernames));
      entry.put("shadow", top.shadow());
      entry.put("refusals", top.refusals());
      entries.add(entry);
    }
    return Map.of("keys", entries);
  }

  private Map<String, Object> entry(String limiter, String input) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("limiter", limiter);
    entry.put("shadow", gatehouse.isShadow(limiter));
    entry.put("policy", describe(gatehouse.rateLimiter(limiter).limit()));
    Optional<String> key = keys.of(limiter, input);
    entry.put("applies", key.isPresent());
    key.ifPresent(k -> {
      RateLimitDecision decision = gatehouse.rateLimiter(limiter).peek(k);
      entry.put("key", k);
      entry.put("limited", !decision.allowed() || decision.shadowRefused());
      entry.put("remaining", Math.max(0, decision.remaining()));
      entry.put("limit", decision.limit());
      entry.put("retryAfterSeconds", decision.allowed() && !decision.shadowRefused() ? 0
          : Math.max(1, decision.retryAfterSeconds()));
      entry.put("resetAfterSeconds", decision.resetAfterSeconds());
    });
    return entry;
  }

  static String describe(RateLimit limit) {
    if (limit instanceof RateLimit.SlidingWindow window) {
      return window.limit() + " per " + Durations.format(window.window()) + " (sliding window)";
    }
    RateLimit.TokenBucket bucket = (RateLimit.TokenBucket) limit;
    return bucket.permits() + " per " + Durations.format(bucket.period()) + ", bursts of " + bucket.burst();
  }

  private static String subject(String subject) {
    if (subject == null || subject.isBlank()) {
      throw ApiError.badRequest("subject is required: the username whose sessions to list or revoke");
    }
    if (subject.length() > SessionConfig.MAX_SUBJECT_LENGTH) {
      throw ApiError.badRequest("subject must be at most " + SessionConfig.MAX_SUBJECT_LENGTH + " characters");
    }
    return subject;
  }

  private static String lookupText(String input) {
    if (input == null || input.isBlank()) {
      throw ApiError.badRequest("key is required: a client address such as 203.0.113.7, or a username");
    }
    if (input.length() > MAX_LOOKUP_LENGTH) {
      throw ApiError.badRequest("key must be at most " + MAX_LOOKUP_LENGTH + " characters");
    }
    return input.strip();
  }

  private static Double millis(Duration d) {
    return d == null ? null : d.toNanos() / 1e6;
  }
}
