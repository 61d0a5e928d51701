package io.gatehouse.failover;

/** Where a {@link Failover} serves requests from. */
public enum FailoverMode {
  /** From the primary store (Redis); memory only keeps a near cache of recently seen sessions. */
  PRIMARY,
  /** From memory, because the primary failed or was too slow; a background probe waits for it to return. */
  DEGRADED,
  /** From memory, while what changed during the outage is written back to the primary. */
  RECOVERING,
  /** From memory only, by configuration: there is no primary. */
  DISABLED
}
