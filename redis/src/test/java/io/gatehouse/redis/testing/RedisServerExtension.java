package io.gatehouse.redis.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs one real {@code redis-server} for all tests of a class.
 *
 * <p>It starts the {@link RedisServer} before all tests and closes it after all; tests reach it through
 * {@link #server()} or a {@link RedisServer} parameter. Register it in a static field, or with
 * {@code @ExtendWith(RedisServerExtension.class)} for the defaults:
 *
 * <pre>{@code
 * class RedisSessionStoreIT {
 *   @RegisterExtension
 *   static final RedisServerExtension redis = RedisServerExtension.withAppendOnly();
 *
 *   @BeforeEach
 *   void isolate() {
 *     redis.flushAll();
 *   }
 *
 *   @Test
 *   void session_survives_crash(RedisServer server) {
 *     ...
 *     server.kill();
 *     server.restart();
 *   }
 * }
 * }</pre>
 *
 * <p>{@code @Nested} classes share the enclosing class's server. Tests that need more servers (a replica, a second
 * shard) start them with {@link #newServer(RedisServerOptions)}; they are closed with the main one. One instance
 * serves one test class at a time: two classes running in parallel each need their own.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private final RedisServerOptions options;
  private final List<RedisServer> extraServers = new CopyOnWriteArrayList<>();
  private volatile RedisServer server;
  private volatile String ownerId;

  /** Creates an extension whose server has the {@link RedisServerOptions#defaults() defaults}. */
  public RedisServerExtension() {
    this(RedisServerOptions.defaults());
  }

  private RedisServerExtension(RedisServerOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Returns an extension whose server writes an AOF fsynced on every write, so data survives a kill. */
  public static RedisServerExtension withAppendOnly() {
    return of(RedisServerOptions.builder().appendOnly(true).build());
  }

  /** Returns an extension whose server has {@code options}. */
  public static RedisServerExtension of(RedisServerOptions options) {
    return new RedisServerExtension(options);
  }

  /**
   * Returns the class's server.
   *
   * @throws IllegalStateException outside the class's tests and its {@code @BeforeAll}/{@code @AfterAll} methods
   */
  public RedisServer server() {
    RedisServer current = server;
    if (current == null) {
      throw new IllegalStateException("no redis-server outside the test class: register RedisServerExtension in a"
          + " static field or with @ExtendWith, and call server() from tests or @BeforeAll/@AfterAll methods");
    }
    return current;
  }

  /** Deletes every key on the class's server, and on no other, for tests that need an empty Redis. */
  public void flushAll() {
    server().command("FLUSHALL");
  }

  /** Starts another server with the defaults, closed after all tests of the class. */
  public RedisServer newServer() {
    return newServer(RedisServerOptions.defaults());
  }

  /** Starts another server with {@code options}, closed after all tests of the class. */
  public RedisServer newServer(RedisServerOptions options) {
    RedisServer extra = startOrClose(RedisServer.create(options));
    extraServers.add(extra);
    return extra;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (server != null) {
      return;
    }
    server = startOrClose(RedisServer.create(options));
    ownerId = context.getUniqueId();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!context.getUniqueId().equals(ownerId)) {
      return;
    }
    List<RedisServer> all = new ArrayList<>(extraServers);
    all.add(server);
    extraServers.clear();
    server = null;
    ownerId = null;
    RuntimeException failure = null;
    for (RedisServer each : all) {
      try {
        each.close();
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

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == RedisServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    try {
      return server();
    } catch (IllegalStateException e) {
      throw new ParameterResolutionException(e.getMessage(), e);
    }
  }

  private static RedisServer startOrClose(RedisServer created) {
    try {
      return created.start();
    } catch (RuntimeException e) {
      try {
        created.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
