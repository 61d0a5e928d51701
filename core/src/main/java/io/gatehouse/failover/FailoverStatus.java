package io.gatehouse.failover;

import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of a {@link Failover}'s state, for health endpoints and metrics. Holds no secret.
 *
 * @param mode where requests are served from now
 * @param since when that mode began
 * @param lastError why the primary was last considered unavailable, or {@code null} if it never was
 * @param failovers how many times requests switched from the primary to memory
 * @param fallbackCalls how many calls were answered from memory because the primary was unavailable
 * @param pendingWriteBack changes made in memory that the primary has not received yet
 * @param lastProbeLatency the round trip of the last successful probe, or {@code null} if none succeeded yet
 */
public record FailoverStatus(
    FailoverMode mode,
    Instant since,
    String lastError,
    long failovers,
    long fallbackCalls,
    long pendingWriteBack,
    Duration lastProbeLatency) {

  /** Whether the primary is in use: mode {@link FailoverMode#PRIMARY}. */
  public boolean onPrimary() {
    return mode == FailoverMode.PRIMARY;
  }
}
