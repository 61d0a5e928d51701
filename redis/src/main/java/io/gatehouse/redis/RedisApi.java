package io.gatehouse.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Every Redis command Gatehouse sends, in one place: the whole Redis footprint.
 *
 * <p>Implementations throw {@link io.gatehouse.spi.StoreUnavailableException} when Redis cannot be reached or does not
 * answer in time, {@link NoScriptException} when a script is not loaded, and let every other Redis error through.
 */
interface RedisApi extends AutoCloseable {

  /** {@code EVALSHA sha numkeys keys... args...}, whose reply is an array (or nil, as {@code null}). */
  List<Object> evalsha(String sha, String[] keys, String... args);

  /** {@code EVALSHA} whose reply is an integer. */
  long evalshaInteger(String sha, String[] keys, String... args);

  /**
   * {@code EVAL source numkeys keys... args...}: runs a script the server did not know, which also caches it
   * there, so the following {@code EVALSHA}s on that node (in a Cluster, the key's node) find it.
   */
  List<Object> eval(String source, String[] keys, String... args);

  /** {@code EVAL} whose reply is an integer. */
  long evalInteger(String source, String[] keys, String... args);

  /**
   * {@code EVALSHA} whose integer reply nobody waits for: sent at once, completed later. Failures complete the
   * stage exceptionally, mapped as for the blocking calls.
   */
  CompletionStage<Long> evalshaIntegerAsync(String sha, String[] keys, String... args);

  /** {@code EVAL} whose integer reply nobody waits for; see {@link #evalshaIntegerAsync}. */
  CompletionStage<Long> evalIntegerAsync(String source, String[] keys, String... args);

  /**
   * {@code HGETALL hashKey} and {@code GET stringKey}, pipelined: both sent before either reply is read, so they
   * cost one round trip. Both keys must share a hash tag (on a Cluster, one node answers both).
   */
  HashAndString hgetallAndGet(String hashKey, String stringKey);

  /**
   * {@code WAIT replicas timeout} on the connection to {@code key}'s master: how many replicas acknowledged the
   * writes made so far.
   */
  long waitForReplicas(String key, int replicas, Duration timeout);

  /** {@code GET key}: the value, or {@code null} if the key does not exist. */
  String get(String key);

  /** {@code DEL key}: returns how many keys were removed. */
  long del(String key);

  /** {@code SET key value PX ttl}, or with {@code NX} if {@code onlyIfAbsent}: returns whether it was written. */
  boolean set(String key, String value, Duration ttl, boolean onlyIfAbsent);


  /** {@code GETDEL key} (Redis 6.2+): the value, deleted in the same step, or {@code null}. */
  String getdel(String key);

  /** {@code PING}: returns how long the round trip took. */
  Duration ping();

  @Override
  void close();

  /**
   * The replies of {@link #hgetallAndGet}.
   *
   * @param hash the hash's fields, empty if the key does not exist
   * @param string the string's value, {@code null} if the key does not exist
   */
  record HashAndString(Map<String, String> hash, String string) {}

  /** {@code NOSCRIPT}: the server does not know the script (it restarted, or failed over); send it whole. */
  final class NoScriptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoScriptException(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
