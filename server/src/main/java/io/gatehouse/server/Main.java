package io.gatehouse.server;

import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.config.ServerConfig;
import io.gatehouse.server.config.Setting;
import io.javalin.util.JavalinBindException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line: {@code java -jar gatehouse-server.jar [--help | hash-password]}. Without arguments it reads the
 * environment (see {@link Setting}), logs the effective configuration with secrets masked, and starts the server
 * until the process is stopped.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
      System.out.print(Setting.help());
      return;
    }
    if (args.length == 1 && args[0].equals("hash-password")) {
      System.exit(HashPasswordCommand.run(System.console(), System.in, System.out, System.err));
      return;
    }
    if (args.length > 0) {
      System.err.println("gatehouse: unknown arguments " + Arrays.toString(args) + "\n");
      System.err.print(Setting.help());
      System.exit(2);
      return;
    }
    ServerConfig config;
    try {
      config = ServerConfig.fromEnvironment(System.getenv());
    } catch (ConfigException e) {
      System.err.println("gatehouse: configuration error: " + e.getMessage());
      System.err.println("gatehouse: see java -jar gatehouse-server.jar --help");
      System.exit(2);
      return;
    }
    LOG.info("Configuration (secrets masked):\n{}", config);
    GatehouseServer server;
    try {
      server = GatehouseServer.start(config);
    } catch (JavalinBindException e) {
      System.err.println("gatehouse: cannot listen on port " + config.port() + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "gatehouse-shutdown"));
  }
}
