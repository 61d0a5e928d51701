/**
 * Benchmarks of Gatehouse against the physical limit (a raw Lettuce round trip) and against what users would pick
 * instead (Spring Session Data Redis, Bucket4j), all measured in one run on one {@code redis-server} that the run
 * starts itself.
 *
 * <p>{@link io.gatehouse.bench.BenchmarkRun} is the one entry point ({@code bench/run.sh}): JMH throughput at 1, 16
 * and 64 threads, Redis commands per operation, the HdrHistogram latency driver, the failover timings and the HTTP
 * run under {@code wrk}, written to {@code bench/RESULTS.md} with every figure's ratio to its baseline. Nothing here
 * is shipped; {@code mvn verify} only runs a smoke test that calls each benchmark body once.
 */
package io.gatehouse.bench;
