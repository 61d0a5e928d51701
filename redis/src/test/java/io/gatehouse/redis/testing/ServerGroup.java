package io.gatehouse.redis.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link RedisServer}s of one topology: each is recorded before it starts, so that {@link #close()} kills it even
 * when its start fails half-way, and all are closed together.
 */
final class ServerGroup implements AutoCloseable {

  private final List<RedisServer> servers = new CopyOnWriteArrayList<>();

  /** Creates a server with {@code options}, records it and starts it. */
  RedisServer start(RedisServerOptions options) {
    RedisServer server = RedisServer.create(options);
    servers.add(server);
    return server.start();
  }

  /** Closes every server, even when one fails to close; throws the first failure with the others suppressed. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (RedisServer server : servers) {
      try {
        server.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
