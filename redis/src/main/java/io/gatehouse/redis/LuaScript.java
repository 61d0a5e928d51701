package io.gatehouse.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One Lua script from this package's resources, run with {@code EVALSHA}.
 *
 * <p>The SHA-1 is computed locally, so no {@code SCRIPT LOAD} is needed. On {@code NOSCRIPT} (a new or restarted
 * server, a failover to a replica, a Cluster node seeing the script for the first time) the call is repeated once
 * as {@code EVAL} with the source, routed like the original, which runs it and caches it on that node.
 * {@code NOSCRIPT} means the script did not run, so repeating it cannot count anything twice.
 */
final class LuaScript {

  private final String name;
  private final String source;
  private final String sha;

  private LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha = sha1(source);
  }

  /** Loads {@code <name>.lua} from this package's resources. */
  static LuaScript load(String name) {
    String resource = name + ".lua";
    try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Lua script " + resource + " is missing from the gatehouse-redis jar");
      }
      return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Lua script " + resource, e);
    }
  }

  /** Runs the script for an array (or nil) reply. */
  List<Object> run(RedisApi redis, String[] keys, String... args) {
    try {
      return redis.evalsha(sha, keys, args);
    } catch (RedisApi.NoScriptException e) {
      return redis.eval(source, keys, args);
    }
  }

  /** Runs the script for an integer reply. */
  long runForInteger(RedisApi redis, String[] keys, String... args) {
    try {
      return redis.evalshaInteger(sha, keys, args);
    } catch (RedisApi.NoScriptException e) {
      return redis.evalInteger(source, keys, args);
    }
  }

  /**
   * Sends the script for an integer reply without waiting for it; on {@code NOSCRIPT} it is sent again whole, as
   * the blocking calls do.
   */
  CompletionStage<Long> runForIntegerAsync(RedisApi redis, String[] keys, String... args) {
    return redis.evalshaIntegerAsync(sha, keys, args).exceptionallyCompose(failure ->
        failure instanceof RedisApi.NoScriptException
            ? redis.evalIntegerAsync(source, keys, args)
            : CompletableFuture.failedStage(failure));
  }

  String name() {
    return name;
  }

  private static String sha1(String source) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime must provide SHA-1", e);
    }
  }

  @Override
  public String toString() {
    return "LuaScript[" + name + ", " + sha + "]";
  }
}
