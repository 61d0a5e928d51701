/**
 * The test harness for real {@code redis-server} processes: {@link io.gatehouse.redis.testing.RedisServer} runs one
 * on a free loopback port and can kill, pause and restart it for fault tests, and
 * {@link io.gatehouse.redis.testing.RedisServerExtension} gives one to a JUnit 5 test class.
 * {@link io.gatehouse.redis.testing.RedisSentinelTopology} and {@link io.gatehouse.redis.testing.RedisClusterTopology}
 * run multi-process deployments that fail over within seconds, {@link io.gatehouse.redis.testing.TlsCertificates}
 * makes certificates for TLS servers, and {@link io.gatehouse.redis.testing.RedisServerOptions} adds a password or TLS
 * that the harness's own connections use too.
 *
 * <p>It ships in the {@code gatehouse-redis} test-jar for the integration tests of the {@code redis}, {@code server}
 * and {@code bench} modules. It never uses port 6379, where a developer's own Redis usually runs, and it talks to the
 * servers it starts through a few lines of RESP over a socket (TLS and AUTH when the server needs them), so it does not
 * depend on the client under test.
 */
package io.gatehouse.redis.testing;
