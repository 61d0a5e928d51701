package io.gatehouse.example.spring;

import io.gatehouse.Gatehouse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One running instance of the example application, on a random port, as a separate application context: two of them
 * on one Redis are two instances of the application behind a load balancer.
 */
final class ExampleInstance implements AutoCloseable {

  /**
   * What every test instance is started with: a random port, quiet logs, and 127.0.0.1 trusted as a proxy so that
   * each test can be a different client through {@code X-Forwarded-For} (the login limit counts per client). Probes
   * back off to at most a second, so recovery after a Redis restart shows within the tests' bounded waits.
   */
  private static final List<String> DEFAULTS = List.of("server.port=0", "spring.main.banner-mode=off",
      "logging.level.root=WARN", "gatehouse.trusted-proxies=127.0.0.1,::1", "gatehouse.failover.max-probe-interval=1s",
      "gatehouse.rate-limits.api.permits=1", "gatehouse.rate-limits.api.period=1m", "gatehouse.rate-limits.api.burst=3");

  private final ConfigurableApplicationContext context;
  private final URI base;

  private ExampleInstance(ConfigurableApplicationContext context) {
    this.context = context;
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  /** Starts an instance on the Redis at {@code redisUrl}, with {@code properties} on top of the defaults. */
  static ExampleInstance start(String redisUrl, String... properties) {
    return start(List.of(), redisUrl, properties);
  }

  /** Starts an instance with extra bean sources, such as a class with {@code @Bean} methods. */
  static ExampleInstance start(List<Class<?>> sources, String redisUrl, String... properties) {
    List<String> all = new ArrayList<>(DEFAULTS);
    all.add("spring.data.redis.url=" + redisUrl);
    all.addAll(List.of(properties));
    List<Class<?>> classes = new ArrayList<>(List.of(ExampleApplication.class));
    classes.addAll(sources);
    // As command-line arguments: they must win over the example's application.properties, which points at
    // localhost:6379, a developer's own Redis that tests never touch.
    ExampleInstance instance = new ExampleInstance(new SpringApplicationBuilder(classes.toArray(Class<?>[]::new))
        .run(all.stream().map(property -> "--" + property).toArray(String[]::new)));
    String location = instance.bean(Gatehouse.class).location();
    if (location.contains(":6379")) {
      instance.close();
      throw new IllegalStateException("the test instance went to " + location + " instead of " + redisUrl);
    }
    return instance;
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    context.close();
  }

  @Override
  public String toString() {
    return "example at " + base;
  }
}
