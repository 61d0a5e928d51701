package io.gatehouse.server;

/** Starts the Gatehouse server from environment variables: {@code java -jar gatehouse-server.jar}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    ServerConfig config;
    try {
      config = ServerConfig.fromEnvironment(System.getenv());
    } catch (ServerConfig.ConfigException e) {
      System.err.println("gatehouse: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    GatehouseServer server = GatehouseServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "gatehouse-shutdown"));
  }
}
