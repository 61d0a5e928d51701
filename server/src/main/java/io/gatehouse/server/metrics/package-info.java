/**
 * The Prometheus metrics behind {@code /metrics}. Internal to the server; may change without notice.
 */
package io.gatehouse.server.metrics;
