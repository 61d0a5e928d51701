package io.gatehouse.redis;

import io.gatehouse.spi.StoreUnavailableException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.NodeSelection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * {@link RedisApi} on one Lettuce connection (to a standalone server, a Sentinel-managed master, or a Cluster),
 * configured to fail fast rather than wait for Redis.
 *
 * <p>How it behaves while Redis is away, and why:
 * <ul>
 *   <li>Commands are rejected at once while disconnected ({@code REJECT_COMMANDS}) instead of being buffered
 *       without bound until Redis returns; the caller gets {@link StoreUnavailableException} and can answer from
 *       memory.
 *   <li>Commands in flight when the connection drops are not replayed after reconnecting ({@code replayFilter}).
 *       A rate-limit script whose reply was lost may already have counted; running it again would count twice.
 *   <li>Every command has the configured command timeout; the request queue is bounded.
 *   <li>The first connection is made lazily and retried on use, at most once per {@link #CONNECT_RETRY_INTERVAL}
 *       and by one thread at a time; threads arriving meanwhile wait for its outcome (at most the connect
 *       timeout), and calls between failed attempts fail at once. Once connected, Lettuce reconnects by itself,
 *       at most {@link LettuceClients#MAX_RECONNECT_DELAY} apart, so a returning Redis is used soon.
 * </ul>
 * Connection failures and timeouts become {@link StoreUnavailableException}. So do the server's own "cannot
 * serve right now" errors ({@code LOADING}, {@code BUSY}, {@code MASTERDOWN}, {@code READONLY}, {@code TRYAGAIN},
 * {@code CLUSTERDOWN}, and {@code OOM}: a full Redis under {@code noeviction} refuses writes, and serving from memory
 * beats failing every login). Any other error reply (a Lua bug, {@code WRONGTYPE}) propagates: it is a defect.
 */
final class LettuceRedisApi implements RedisApi {

  static final Duration CONNECT_RETRY_INTERVAL = Duration.ofMillis(500);
  private static final List<String> UNAVAILABLE_REPLIES =
      List.of("LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN", "OOM");
  private static final System.Logger LOG = System.getLogger(LettuceRedisApi.class.getName());

  private final RedisConfig config;
  private final AbstractRedisClient client;
  private final ReentrantLock connecting = new ReentrantLock();
  private volatile StatefulConnection<String, String> connection;
  private volatile long nextConnectAttempt;
  private volatile RuntimeException lastConnectFailure;

  LettuceRedisApi(RedisConfig config) {
    this.config = config;
    this.client = LettuceClients.create(config);
  }

  @Override
  public List<Object> evalsha(String sha, String[] keys, String... args) {
    return call(redis -> redis.evalsha(sha, ScriptOutputType.MULTI, keys, args));
  }

  @Override
  public long evalshaInteger(String sha, String[] keys, String... args) {
    Long reply = call(redis -> redis.evalsha(sha, ScriptOutputType.INTEGER, keys, args));
    return reply;
  }

  @Override
  public List<Object> eval(String source, String[] keys, String... args) {
    return call(redis -> redis.eval(source, ScriptOutputType.MULTI, keys, args));
  }

  @Override
  public long evalInteger(String source, String[] keys, String... args) {
    Long reply = call(redis -> redis.eval(source, ScriptOutputType.INTEGER, keys, args));
    return reply;
  }

  @Override
  public CompletionStage<Long> evalshaIntegerAsync(String sha, String[] keys, String... args) {
    return callAsync(redis -> redis.evalsha(sha, ScriptOutputType.INTEGER, keys, args));
  }

  @Override
  public CompletionStage<Long> evalIntegerAsync(String source, String[] keys, String... args) {
    return callAsync(redis -> redis.eval(source, ScriptOutputType.INTEGER, keys, args));
  }

  /**
   * Both commands are written to the one shared connection back to back, before either reply is awaited, so the
   * caller waits for one round trip (on a Cluster, on the connection of the node serving their common slot). A
   * {@code MULTI} would add two commands and buy nothing: both are reads, and a write landing between them changes
   * nothing that one just before or after would not. Each is flushed on its own, so Redis mostly reads them in two
   * socket reads (1.9 per validation measured with {@code total_reads_processed}); dispatching both as one batch
   * ({@code StatefulConnection.dispatch(Collection)}) made that one read but, measured with Lettuce 7.7, cut
   * single-thread throughput to a seventh, so it is not done.
   */
  @Override
  public HashAndString hgetallAndGet(String hashKey, String stringKey) {
    try {
      RedisClusterAsyncCommands<String, String> async = async(openConnection());
      RedisFuture<Map<String, String>> hash = async.hgetall(hashKey);
      RedisFuture<String> string = async.get(stringKey);
      return new HashAndString(await(hash), await(string));
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  /**
   * The reply of a command sent with the async API. Its timeout is the command timeout: the client's
   * {@code TimeoutOptions} fail it with {@link RedisCommandTimeoutException} then.
   */
  private static <T> T await(RedisFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisCommandInterruptedException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new RedisException(e.getCause());
    }
  }

  @Override
  public long waitForReplicas(String key, int replicas, Duration timeout) {
    return call(redis -> {
      RedisClusterCommands<String, String> node = redis;
      if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
        // WAIT counts the writes of the connection it runs on: the one to the key's master.
        String nodeId = cluster.getPartitions().getPartitionBySlot(SlotHash.getSlot(key)).getNodeId();
        node = cluster.sync().getConnection(nodeId);
      }
      return node.waitForReplication(replicas, timeout.toMillis());
    });
  }

  @Override
  public String get(String key) {
    return call(redis -> redis.get(key));
  }

  @Override
  public long del(String key) {
    return call(redis -> redis.del(key));
  }

  @Override
  public boolean set(String key, String value, Duration ttl, boolean onlyIfAbsent) {
    SetArgs args = SetArgs.Builder.px(ttl.toMillis());
    String reply = call(redis -> redis.set(key, value, onlyIfAbsent ? args.nx() : args));
    return "OK".equals(reply);
  }

  @Override
  public String getdel(String key) {
    return call(redis -> redis.getdel(key));
  }

  /**
   * {@code PING}; on a Cluster, to every master that serves slots, which must all answer (and so have a connection
   * open): a failed master whose slots a replica took over is no longer asked.
   */
  @Override
  public Duration ping() {
    return call(redis -> {
      long start = System.nanoTime();
      if (redis instanceof RedisAdvancedClusterCommands<String, String> cluster) {
        servingMasters(cluster).commands().ping();
      } else {
        redis.ping();
      }
      return Duration.ofNanos(System.nanoTime() - start);
    });
  }

  private static NodeSelection<String, String> servingMasters(RedisAdvancedClusterCommands<String, String> cluster) {
    return cluster.nodes(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty());
  }

  @Override
  public void close() {
    StatefulConnection<String, String> open = connection;
    if (open != null) {
      open.close();
    }
    LettuceClients.shutdown(client);
  }

  private <T> T call(Function<RedisClusterCommands<String, String>, T> command) {
    try {
      return command.apply(commands());
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  /** Sends a command without waiting for it; its stage fails as {@link #call} would throw. */
  private <T> CompletionStage<T> callAsync(Function<RedisClusterAsyncCommands<String, String>, RedisFuture<T>> command) {
    CompletableFuture<T> reply = new CompletableFuture<>();
    try {
      command.apply(async(openConnection())).whenComplete((value, failure) -> {
        if (failure == null) {
          reply.complete(value);
        } else {
          Throwable cause = failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause() : failure;
          reply.completeExceptionally(cause instanceof RuntimeException e ? translate(e) : cause);
        }
      });
    } catch (RuntimeException e) {
      reply.completeExceptionally(translate(e));
    }
    return reply;
  }

  /** Maps a Lettuce failure to what {@link RedisApi} promises: outage, {@code NOSCRIPT}, or the failure itself. */
  private RuntimeException translate(RuntimeException e) {
    if (e instanceof RedisCommandExecutionException) {
      String reply = String.valueOf(e.getMessage());
      if (reply.startsWith("NOSCRIPT")) {
        return new NoScriptException(e);
      }
      return UNAVAILABLE_REPLIES.stream().anyMatch(reply::startsWith) ? unavailable(e) : e;
    }
    if (e instanceof RedisCommandInterruptedException) {
      Thread.currentThread().interrupt();
      return unavailable(e);
    }
    if (e instanceof RedisCommandTimeoutException || e instanceof RedisConnectionException
        || e instanceof CancellationException) {
      return unavailable(e);
    }
    // Lettuce reports "not connected", "connection closed" and the like as a plain RedisException.
    return e.getClass() == RedisException.class ? unavailable(e) : e;
  }

  private RedisClusterCommands<String, String> commands() {
    return sync(openConnection());
  }

  /** The connection, opened now if it never was. */
  private StatefulConnection<String, String> openConnection() {
    StatefulConnection<String, String> open = connection;
    if (open != null) {
      return open;
    }
    if (System.nanoTime() - nextConnectAttempt < 0 || !awaitConnectLock()) {
      throw notConnected();
    }
    try {
      if (connection == null) {
        if (System.nanoTime() - nextConnectAttempt < 0) {
          throw notConnected();
        }
        connect();
      }
      return connection;
    } finally {
      connecting.unlock();
    }
  }

  /** Waits, at most the connect timeout, while another thread is connecting: its result serves this one too. */
  private boolean awaitConnectLock() {
    try {
      return connecting.tryLock(config.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static RedisClusterAsyncCommands<String, String> async(StatefulConnection<String, String> connection) {
    if (connection instanceof StatefulRedisClusterConnection<?, ?> cluster) {
      return ((StatefulRedisClusterConnection<String, String>) cluster).async();
    }
    return ((StatefulRedisConnection<String, String>) connection).async();
  }

  @SuppressWarnings("unchecked")
  private static RedisClusterCommands<String, String> sync(StatefulConnection<String, String> connection) {
    if (connection instanceof StatefulRedisClusterConnection<?, ?> cluster) {
      return ((StatefulRedisClusterConnection<String, String>) cluster).sync();
    }
    return ((StatefulRedisConnection<String, String>) connection).sync();
  }

  private void connect() {
    try {
      StatefulConnection<String, String> opened = LettuceClients.connect(client);
      if (opened instanceof StatefulRedisClusterConnection<String, String> cluster) {
        // Lettuce opens a connection to each master on first use, and while it is being opened rejects commands
        // (fail fast): open them all now, so that the first requests are not answered from memory needlessly.
        try {
          servingMasters(cluster.sync()).commands().ping();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "Not every Redis Cluster master answered: {0}", describe(e));
        }
      }
      connection = opened;
      lastConnectFailure = null;
      LOG.log(Level.INFO, "Connected to Redis at {0}", config.displayUrl());
    } catch (RuntimeException e) {
      lastConnectFailure = e;
      nextConnectAttempt = System.nanoTime() + CONNECT_RETRY_INTERVAL.toNanos();
      throw unavailable(e);
    }
  }

  private StoreUnavailableException notConnected() {
    RuntimeException cause = lastConnectFailure;
    return new StoreUnavailableException("Redis at " + config.displayUrl() + " is not connected"
        + (cause == null ? "" : ": " + describe(cause)), cause);
  }

  private StoreUnavailableException unavailable(Exception cause) {
    return new StoreUnavailableException("Redis at " + config.displayUrl() + " unavailable: " + describe(cause), cause);
  }

  /** The exception's message and, if different, its root cause's: "Unable to connect" alone hides a WRONGPASS. */
  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(e.getMessage());
    return root == e || root.getMessage() == null || message.contains(root.getMessage())
        ? message : message + " (" + root.getMessage() + ")";
  }
}
