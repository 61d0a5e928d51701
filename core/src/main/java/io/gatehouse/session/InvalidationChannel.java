package io.gatehouse.session;

/**
 * Where a back end announces, to every instance, the sessions revoked in it: the Redis back end publishes from the
 * scripts that revoke and subscribes over pub/sub. It lets an in-process copy of a session (the near cache, the
 * failover's outage copies) be dropped as soon as the session is revoked anywhere.
 *
 * <p>Delivery is at most once. A message published while the channel is not {@linkplain #isConnected() connected}
 * is lost, so a subscriber must not trust a copy learned before a {@link InvalidationListener#reset()}, and must not
 * rely on its copies while the channel is not connected.
 */
public interface InvalidationChannel {

  /**
   * Whether messages are being received now: subscribed, and told of every revocation since the last
   * {@link InvalidationListener#reset()}. While {@code false}, a revocation may go unnoticed.
   */
  boolean isConnected();

  /** Adds a listener for every message from now on. Must not be {@code null}. */
  void subscribe(InvalidationListener listener);
}
