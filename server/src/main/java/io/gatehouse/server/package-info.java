/**
 * The reference Gatehouse HTTP server: configuration from environment variables, the HTTP routes, and start-up.
 */
package io.gatehouse.server;
