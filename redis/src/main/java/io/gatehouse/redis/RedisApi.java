package io.gatehouse.redis;

import java.time.Duration;
import java.util.List;

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
   * {@code WAIT replicas timeout} on the connection to {@code key}'s master: how many replicas acknowledged the
   * writes made so far.
   */
  long waitForReplicas(String key, int replicas, Duration timeout);

  /** {@code GET key}: the value, or {@code null} if the key does not exist. */
  String get(String key);

  /** {@code DEL key}: returns how many keys were removed. */
  long del(String key);

  /** {@code PING}: returns how long the round trip took. */
  Duration ping();

  @Override
  void close();

  /** {@code NOSCRIPT}: the server does not know the script (it restarted, or failed over); send it whole. */
  final class NoScriptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoScriptException(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
