package io.gatehouse.web.api;

import io.gatehouse.ratelimit.RateLimitDecision;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rate-limit response headers of a {@link RateLimitDecision}: {@code RateLimit-Limit}, {@code RateLimit-Remaining}
 * and {@code RateLimit-Reset} (seconds until the key is back to full capacity), as in the IETF
 * {@code draft-ietf-httpapi-ratelimit-headers}, plus {@code Retry-After} (seconds) when refused.
 */
public final class RateLimitHeaders {

  /**
   * Names the limits in shadow mode that would have refused the request and let it through, comma-separated, so that
   * a new limit can be watched at work on real traffic: {@code Gatehouse-Shadow-Refused: login_ip}.
   */
  public static final String SHADOW_REFUSED = "Gatehouse-Shadow-Refused";

  private RateLimitHeaders() {}

  /** The headers of {@code decision}. */
  public static Map<String, String> of(RateLimitDecision decision) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("RateLimit-Limit", Long.toString(decision.limit()));
    headers.put("RateLimit-Remaining", Long.toString(Math.max(0, decision.remaining())));
    headers.put("RateLimit-Reset", Long.toString(decision.resetAfterSeconds()));
    if (!decision.allowed()) {
      // Never 0: a client told "retry after 0 s" retries at once, and would be refused again.
      headers.put("Retry-After", Long.toString(Math.max(1, decision.retryAfterSeconds())));
    }
    return headers;
  }

  /** A 429 answer carrying the headers of {@code decision}. */
  public static ApiError tooManyRequests(RateLimitDecision decision, String message) {
    return new ApiError(429, "too_many_requests", message, of(decision));
  }
}
