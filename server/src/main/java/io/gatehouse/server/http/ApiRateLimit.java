package io.gatehouse.server.http;

import io.gatehouse.ratelimit.RateLimitDecision;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.console.ConsoleRecorder;
import io.gatehouse.web.api.RateLimitHeaders;
import io.javalin.http.Context;

/**
 * The optional limit on {@code /api/*} per client IP ({@code API_RATE_LIMIT}, a token bucket): every answer carries
 * the {@code RateLimit-*} headers, and a client over the limit gets 429 with {@code Retry-After}. The health
 * endpoints are exempt, so that load balancers probing them never see a 429. In shadow mode, a request over the
 * limit goes through with {@code Gatehouse-Shadow-Refused: api}, and is counted as a shadow refusal.
 */
public final class ApiRateLimit {

  private final RateLimiter limiter;
  private final RequestIdentity requests;
  private final ConsoleRecorder recorder;

  public ApiRateLimit(RateLimiter limiter, RequestIdentity requests, ConsoleRecorder recorder) {
    this.limiter = limiter;
    this.requests = requests;
    this.recorder = recorder;
  }

  /** Takes one permit for the request's client, or throws 429. */
  public void apply(Context ctx) {
    if (ctx.path().startsWith("/api/health")) {
      return;
    }
    String client = requests.clientKey(ctx);
    RateLimitDecision decision = limiter.tryAcquire(client);
    if (decision.shadowRefused()) {
      recorder.apiRefused(client, true);
      ctx.header(RateLimitHeaders.SHADOW_REFUSED, "api");
    }
    if (!decision.allowed()) {
      recorder.apiRefused(client, false);
      throw RateLimitHeaders.tooManyRequests(decision, "too many requests; retry after "
          + Math.max(1, decision.retryAfterSeconds()) + " s");
    }
    RateLimitHeaders.of(decision).forEach(ctx::header);
  }
}
