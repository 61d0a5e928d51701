/**
 * Spring Boot auto-configuration of the Gatehouse entry point: the {@code gatehouse.*} properties, their checks and
 * failure analyses, the Redis settings taken from Spring Boot's {@code spring.data.redis.*} connection details, and
 * the {@link io.gatehouse.Gatehouse}, {@link io.gatehouse.session.SessionStore}, session cookie and client address
 * beans. The Spring Security integration and the actuator support live in sibling packages.
 */
package io.gatehouse.spring.boot.autoconfigure;
