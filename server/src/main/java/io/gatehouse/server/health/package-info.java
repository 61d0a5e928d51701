/**
 * The health endpoints: overall status (Actuator-like or IETF {@code application/health+json}), Redis, database,
 * liveness and readiness. Internal to the server; may change without notice.
 */
package io.gatehouse.server.health;
