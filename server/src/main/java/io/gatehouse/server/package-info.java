/**
 * The reference Gatehouse HTTP server: {@link io.gatehouse.server.Main} (the command line),
 * {@link io.gatehouse.server.ServerConfig} (every environment variable, read once and checked) and
 * {@link io.gatehouse.server.GatehouseServer} (start, stop, port 0 for tests).
 *
 * <p>The sub-packages hold the server's parts by feature: {@code auth} (accounts, login, sessions), {@code http}
 * (client address, same-origin check, JSON errors, rate-limit headers), {@code health} and {@code metrics}. Their
 * public types are public only so the wiring here can reach them; they are not an API and may change without
 * notice.
 */
package io.gatehouse.server;
