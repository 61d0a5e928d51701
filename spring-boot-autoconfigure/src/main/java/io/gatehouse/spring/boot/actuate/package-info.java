/**
 * Actuator support: the {@code gatehouse} health component, which stays HTTP 200 with a {@code DEGRADED} status while
 * sessions are served from memory, its place in the health status order, and Micrometer meters named as the reference
 * server's.
 */
package io.gatehouse.spring.boot.actuate;
