package io.gatehouse.server.http;

import io.gatehouse.ratelimit.RateLimitDecision;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.server.metrics.ServerMetrics;
import io.gatehouse.web.api.RateLimitHeaders;
import io.javalin.http.Context;

/**
 * The optional limit on {@code /api/*} per client IP ({@code API_RATE_LIMIT}, a token bucket): every answer carries
 * the {@code RateLimit-*} headers, and a client over the limit gets 429 with {@code Retry-After}. The health
 * endpoints are exempt, so that load balancers probing them never see a 429.
 */
public final class ApiRateLimit {

  /** The limiter's label in {@code gatehouse_rate_limit_rejections_total}. */
  static final String METRIC_LABEL = "api";

  private final RateLimiter limiter;
  private final RequestIdentity requests;
  private final ServerMetrics metrics;

  public ApiRateLimit(RateLimiter limiter, RequestIdentity requests, ServerMetrics metrics) {
    this.limiter = limiter;
    this.requests = requests;
    this.metrics = metrics;
  }

  /** Takes one permit for the request's client, or throws 429. */
  public void apply(Context ctx) {
    if (ctx.path().startsWith("/api/health")) {
      return;
    }
    RateLimitDecision decision = limiter.tryAcquire(requests.clientKey(ctx));
    if (!decision.allowed()) {
      metrics.rateLimitRejection(METRIC_LABEL);
      throw RateLimitHeaders.tooManyRequests(decision, "too many requests; retry after "
          + Math.max(1, decision.retryAfterSeconds()) + " s");
    }
    RateLimitHeaders.of(decision).forEach(ctx::header);
  }
}
