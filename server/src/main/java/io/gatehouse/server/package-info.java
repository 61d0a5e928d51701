/**
 * The reference Gatehouse HTTP server: {@link io.gatehouse.server.Main} (the command line) and
 * {@link io.gatehouse.server.GatehouseServer} (start, stop, port 0 for tests), which builds one
 * {@link io.gatehouse.Gatehouse} from the configuration and wires the routes.
 *
 * <p>The sub-packages hold the server's parts by feature: {@code config} (every environment variable, read once and
 * checked), {@code auth} (accounts and the auth endpoints), {@code http} (the request's client and principal, the API
 * rate limit, JSON errors), {@code health} and {@code metrics}. The HTTP-auth logic itself lives in
 * {@code gatehouse-web}; the routes are thin Javalin adapters over it. Their public types are public only so the
 * wiring here can reach them; they are not an API and may change without notice.
 */
package io.gatehouse.server;
