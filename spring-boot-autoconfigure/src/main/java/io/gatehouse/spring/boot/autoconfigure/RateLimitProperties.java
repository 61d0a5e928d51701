package io.gatehouse.spring.boot.autoconfigure;

import io.gatehouse.failover.RateLimitFallback;
import java.time.Duration;

/**
 * One named rate limit, {@code gatehouse.rate-limits.<name>.*}: a sliding window ({@code limit} per {@code window})
 * or a token bucket ({@code permits} per {@code period}, bursts of {@code burst}).
 *
 * <pre>
 * gatehouse.rate-limits.api.policy=token-bucket
 * gatehouse.rate-limits.api.permits=100
 * gatehouse.rate-limits.api.period=1s
 * gatehouse.rate-limits.api.burst=200
 * </pre>
 */
public class RateLimitProperties {

  /** Which policy: sliding-window or token-bucket. */
  private Policy policy;

  /** Sliding window: events allowed per window. */
  private Integer limit;

  /** Sliding window: the window's length. */
  private Duration window;

  /** Token bucket: permits added per period. */
  private Long permits;

  /** Token bucket: the refill period. */
  private Duration period;

  /** Token bucket: the most permits available at once; defaults to permits. */
  private Long burst;

  /**
   * What the limit does while Redis is away: local (enforced per instance), allow (fail open, still counted) or deny.
   * Defaults to local for a sliding window and allow for a token bucket.
   */
  private RateLimitFallback.Kind whileDegraded;

  /** The two rate-limit policies. */
  public enum Policy {
    /** At most limit events in any window, exactly; for small limits such as login attempts. */
    SLIDING_WINDOW,
    /** A steady rate with bursts (GCRA); for API limits. */
    TOKEN_BUCKET
  }

  public Policy getPolicy() {
    return policy;
  }

  public void setPolicy(Policy policy) {
    this.policy = policy;
  }

  public Integer getLimit() {
    return limit;
  }

  public void setLimit(Integer limit) {
    this.limit = limit;
  }

  public Duration getWindow() {
    return window;
  }

  public void setWindow(Duration window) {
    this.window = window;
  }

  public Long getPermits() {
    return permits;
  }

  public void setPermits(Long permits) {
    this.permits = permits;
  }

  public Duration getPeriod() {
    return period;
  }

  public void setPeriod(Duration period) {
    this.period = period;
  }

  public Long getBurst() {
    return burst;
  }

  public void setBurst(Long burst) {
    this.burst = burst;
  }

  public RateLimitFallback.Kind getWhileDegraded() {
    return whileDegraded;
  }

  public void setWhileDegraded(RateLimitFallback.Kind whileDegraded) {
    this.whileDegraded = whileDegraded;
  }
}
