package io.gatehouse.redis;

import io.gatehouse.session.SessionId;
import io.gatehouse.session.InvalidationChannel;
import io.gatehouse.session.InvalidationListener;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link InvalidationChannel} of a Redis deployment: a pub/sub subscription to {@code <prefix>invalidations},
 * on which the session scripts publish what they revoke ({@code session-revoke.lua}, {@code session-revoke-all.lua},
 * the cap in {@code session-create.lua}).
 *
 * <h2>How is "connected" known, and why is it safe?</h2>
 *
 * <p>It has its own client, with two connections: the subscription (a subscribed connection can send little else)
 * and one to publish a probe. It counts as connected once its own probe, published after the server confirmed the
 * {@code SUBSCRIBE}, has come back on the subscription: that proves this Redis user may publish and subscribe on
 * the channel (the scripts publish with {@code pcall}, so that a user without that right still revokes) and, on a
 * Cluster, that the message crossed the cluster bus. It stops counting as connected the moment Lettuce reports the
 * subscription's connection lost. Subscribers are {@linkplain InvalidationListener#reset() reset} at both moments,
 * so whatever was published in between (and so never delivered) cannot have left a stale copy behind. Lettuce
 * reconnects and subscribes again by itself; the first connection and a failed probe are retried here, every
 * {@link #RETRY_INTERVAL}.
 *
 * <p>On a Cluster, a classic {@code PUBLISH}, also from a script, reaches every node over the cluster bus, so one
 * subscription to any node receives the messages of all masters.
 *
 * <p>Messages: {@code r <session id> [<session id>...]} (sessions revoked, or evicted by the cap),
 * {@code a <not valid before, ms> <subject>} (a revoke-all) and {@code p <nonce>} (an instance's probe). Anything
 * else resets the subscribers, to be safe.
 */
final class RedisInvalidations implements InvalidationChannel, AutoCloseable {

  static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);
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
  private final SecureRandom random = new SecureRandom();
  private final AtomicBoolean probeRefusalLogged = new AtomicBoolean();
  private volatile StatefulRedisPubSubConnection<String, String> subscription;
  private volatile StatefulConnection<String, String> publisher;
  /** The probe awaited back on the subscription; {@code null} when none is (not subscribed, or connected). */
  private volatile String awaitedProbe;
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
    try {
      if (publisher == null) {
        publisher = LettuceClients.connect(client);
      }
      StatefulRedisPubSubConnection<String, String> opened = client instanceof RedisClusterClient cluster
          ? cluster.connectPubSub(StringCodec.UTF8)
          : ((RedisClient) client).connectPubSub(StringCodec.UTF8);
      opened.addListener(new Messages());
      opened.addListener(new ConnectionState());
      subscription = opened;
      opened.sync().subscribe(channel);
      if (closed) {
        close();
      }
    } catch (RedisException e) {
      StatefulRedisPubSubConnection<String, String> failed = subscription;
      subscription = null;
      if (failed != null) {
        failed.closeAsync();
      }
      LOG.log(Level.WARNING, "Cannot subscribe to {0} at {1} ({2}); session near caches unused, retrying every {3} ms",
          channel, location, e.getMessage(), RETRY_INTERVAL.toMillis());
      retryLater(this::connect);
    }
  }

  private void retryLater(Runnable task) {
    if (!closed) {
      connector.schedule(task, RETRY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Publishes a fresh probe; {@link #deliver} marks the channel connected when it comes back. */
  private void probe() {
    String nonce = Long.toUnsignedString(random.nextLong(), 36);
    awaitedProbe = nonce;
    publish("p " + nonce).whenComplete((receivers, failure) -> {
      if (failure != null && nonce.equals(awaitedProbe)) {
        if (probeRefusalLogged.compareAndSet(false, true)) {
          LOG.log(Level.WARNING, "Cannot publish on {0} at {1} ({2}); session near caches unused until it can",
              channel, location, failure.getMessage());
        }
        retryLater(() -> {
          if (nonce.equals(awaitedProbe)) {
            probe();
          }
        });
      }
    });
  }

  private CompletionStage<Long> publish(String message) {
    StatefulConnection<String, String> open = publisher;
    if (open instanceof StatefulRedisClusterConnection<String, String> cluster) {
      return cluster.async().publish(channel, message);
    }
    return ((StatefulRedisConnection<String, String>) open).async().publish(channel, message);
  }

  private void reset() {
    for (InvalidationListener listener : listeners) {
      listener.reset();
    }
  }

  private void deliver(String message) {
    if (message.startsWith("p ")) {
      if (message.substring(2).equals(awaitedProbe)) {
        awaitedProbe = null;
        connected = true;
        probeRefusalLogged.set(false);
        LOG.log(Level.INFO, "Subscribed to {0} at {1}: session near caches in use", channel, location);
      }
      return;   // another instance's probe
    }
    if (message.startsWith("r ")) {
      String[] ids = message.substring(2).split(" ");
      List<Optional<SessionId>> parsed = Arrays.stream(ids).map(SessionId::parse).toList();
      if (parsed.stream().allMatch(Optional::isPresent)) {
        parsed.forEach(id -> listeners.forEach(listener -> listener.sessionRevoked(id.get())));
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
    if (subscription != null) {
      subscription.close();
    }
    if (publisher != null) {
      publisher.close();
    }
    LettuceClients.shutdown(client); // and its resources (threads, timers), which are its own
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
        probe();
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

  /** Marks the channel disconnected the moment Lettuce reports the subscription's connection lost. */
  private final class ConnectionState implements RedisConnectionStateListener {
    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
      boolean was = connected;
      connected = false;
      awaitedProbe = null;
      reset();
      if (was && !closed) {
        LOG.log(Level.WARNING, "Lost the subscription to {0} at {1}: session near caches unused until it is back",
            channel, location);
      }
    }
  }
}
