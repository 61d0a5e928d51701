/**
 * HTTP concerns shared by the endpoints: the client's address behind trusted proxies, the same-origin check against
 * CSRF, bounded JSON bodies, rate-limit headers, and JSON error answers at every layer. Internal to the server; may
 * change without notice.
 */
package io.gatehouse.server.http;
