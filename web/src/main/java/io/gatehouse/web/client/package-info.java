/**
 * The client's IP address behind trusted proxies ({@link io.gatehouse.web.client.ClientAddress}), the CIDR blocks
 * that name those proxies, and the rate-limit key of a client (an IPv4 address, or an IPv6 /64).
 */
package io.gatehouse.web.client;
