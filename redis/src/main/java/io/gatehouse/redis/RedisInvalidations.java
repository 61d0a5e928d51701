package io.gatehouse.redis;

import io.gatehouse.session.SessionId;
import io.gatehouse.spi.InvalidationChannel;
import io.gatehouse.spi.InvalidationListener;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@link InvalidationChannel} of a Redis deployment: a pub/sub subscription to {@code <prefix>invalidations},
 * on which the session scripts publish what they revoke ({@code session-revoke.lua}, {@code session-revoke-all.lua},
 * the cap in {@code session-create.lua}).
 *
 * <h2>How is "connected" known, and why is it safe?</h2>
 *
 * <p>It has its own client and connection (a subscribed connection can send nothing else). It counts as connected
 * from the server's confirmation of {@code SUBSCRIBE} until Lettuce reports the connection lost; subscribers are
 * {@linkplain InvalidationListener#reset() reset} at both moments, so whatever was published in between (and so
 * never delivered) cannot have left a stale copy behind. Lettuce reconnects and subscribes again by itself; the
 * first connection is retried here, every {@link #CONNECT_RETRY_INTERVAL}, until it succeeds.
 *
 * <p>On a Cluster, a classic {@code PUBLISH}, also from a script, reaches every node over the cluster bus, so one
 * subscription to any node receives the messages of all masters.
 *
 * <p>Messages: {@code r <session id>} (one session revoked, or evicted by the cap) and
 * {@code a <not valid before, ms> <subject>} (a revoke-all). Anything else resets the subscribers, to be safe.
 */
final class RedisInvalidations implements InvalidationChannel, AutoCloseable {

  static final Duration CONNECT_RETRY_INTERVAL = Duration.ofSeconds(1);
  private static final System.Logger LOG = System.getLogger(RedisInvalidations.class.getName());

  private final String channel;
  private final String location;
  private final AbstractRedisClient client;
  private final List<InvalidationListener> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "gatehouse-invalidations-connect");
    thread.setDaemon(true);
    return thread;
  });
  private volatile StatefulRedisPubSubConnection<String, String> connection;
  private volatile boolean connected;
  private volatile boolean closed;

  RedisInvalidations(RedisConfig config) {
    this.channel = channelOf(config);
    this.location = config.displayUrl();
    this.client = LettuceClients.create(config);
    connector.execute(this::connect);
  }

  /** The channel the scripts publish on: the key prefix, then {@code invalidations}. */
  static String channelOf(RedisConfig config) {
    return config.keyPrefix() + "invalidations";
  }

  @Override
  public boolean isConnected() {
    return connected;
  }

  @Override
  public void subscribe(InvalidationListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  private void connect() {
    if (closed) {
      return;
    }
    StatefulRedisPubSubConnection<String, String> opened = null;
    try {
      opened = client instanceof RedisClusterClient cluster
          ? cluster.connectPubSub(StringCodec.UTF8)
          : ((RedisClient) client).connectPubSub(StringCodec.UTF8);
      opened.addListener(new Messages());
      opened.addListener(new ConnectionState());
      connection = opened;
      opened.sync().subscribe(channel);
      if (closed) {
        opened.close();
        return;
      }
      LOG.log(Level.INFO, "Subscribed to {0} at {1}: session near caches are in use", channel, location);
    } catch (RedisException e) {
      if (opened != null) {
        connection = null;
        opened.closeAsync();
      }
      LOG.log(Level.DEBUG, "Cannot subscribe to {0} at {1} yet ({2}); retrying in {3} ms", channel, location,
          e.getMessage(), CONNECT_RETRY_INTERVAL.toMillis());
      if (!closed) {
        connector.schedule(this::connect, CONNECT_RETRY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private void reset() {
    for (InvalidationListener listener : listeners) {
      listener.reset();
    }
  }

  private void deliver(String message) {
    if (message.startsWith("r ")) {
      Optional<SessionId> id = SessionId.parse(message.substring(2));
      if (id.isPresent()) {
        listeners.forEach(listener -> listener.sessionRevoked(id.get()));
        return;
      }
    } else if (message.startsWith("a ")) {
      int space = message.indexOf(' ', 2);
      if (space > 2) {
        try {
          Instant notValidBefore = Instant.ofEpochMilli(Long.parseLong(message.substring(2, space)));
          String subject = message.substring(space + 1);
          listeners.forEach(listener -> listener.subjectRevoked(subject, notValidBefore));
          return;
        } catch (NumberFormatException e) {
          // Falls through to the reset below.
        }
      }
    }
    LOG.log(Level.WARNING, "Unreadable message on {0}; resetting the session near caches", channel);
    reset();
  }

  @Override
  public void close() {
    closed = true;
    connected = false;
    connector.shutdownNow();
    StatefulRedisPubSubConnection<String, String> open = connection;
    if (open != null) {
      open.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  @Override
  public String toString() {
    return "RedisInvalidations{" + channel + " at " + location + ", connected=" + connected + "}";
  }

  private final class Messages extends RedisPubSubAdapter<String, String> {
    @Override
    public void subscribed(String subscribedTo, long count) {
      if (channel.equals(subscribedTo)) {
        reset();
        connected = true;
      }
    }

    @Override
    public void message(String from, String message) {
      if (!channel.equals(from)) {
        return;
      }
      try {
        deliver(message);
      } catch (RuntimeException e) {
        // A subscriber's defect must not stop the subscription's thread; resetting keeps every copy safe.
        LOG.log(Level.ERROR, "A subscriber to " + channel + " failed on a message; resetting the near caches", e);
        reset();
      }
    }
  }

  /** Marks the channel disconnected the moment Lettuce reports the connection lost. */
  private final class ConnectionState implements RedisConnectionStateListener {
    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
      boolean was = connected;
      connected = false;
      reset();
      if (was && !closed) {
        LOG.log(Level.WARNING, "Lost the subscription to {0} at {1}: session near caches unused until it is back",
            channel, location);
      }
    }
  }
}
