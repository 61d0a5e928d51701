/**
 * Spring Security on Gatehouse sessions: {@link io.gatehouse.spring.boot.security.GatehouseSecurityConfigurer}, the
 * one line a {@code SecurityFilterChain} needs, and {@link io.gatehouse.spring.boot.security.GatehouseAuthentication},
 * what a request authenticated by its session looks like. Behind them, package-private: the security context
 * repository that keeps logins in sessions, the logout handler that revokes them, the failed-login limit wired into
 * Spring Security's login mechanisms, and the JSON login endpoint.
 */
package io.gatehouse.spring.boot.security;
