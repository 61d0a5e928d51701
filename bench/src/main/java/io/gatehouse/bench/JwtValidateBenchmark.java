package io.gatehouse.bench;

import io.gatehouse.oidc.JwtAuthenticator;
import io.gatehouse.oidc.JwtVerification;
import io.gatehouse.oidc.JwtVerifierConfig;
import io.gatehouse.oidc.RevocationCheckConfig;
import io.gatehouse.redis.RedisStores;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * JWT validation beside session validation, what an authenticated request costs either way: Gatehouse's
 * {@code JwtAuthenticator.verify} of an RS256 access token with the key set cached (signature, claims, and the
 * subject's revoke-all marker from its cache), without the revocation check, Gatehouse's session {@code validate}
 * (one {@code EVALSHA}), and the baseline, one raw Lettuce {@code GET}.
 *
 * <ul>
 *   <li>Workload: each call checks one valid credential as a client presents it (the token string).
 *   <li>Keys: {@code HOT}, one token (one subject) checked by every thread; {@code RANDOM_10K}, 10,000 tokens of
 *       10,000 subjects (or sessions), one drawn uniformly at random per call.
 *   <li>Warm: the key set is fetched from a JWKS served in this JVM ({@link LocalJwks}) and every subject's marker
 *       read once before measuring. Markers are then refreshed in the background once a second per subject in use
 *       (one {@code GET} each, off the calling thread), which the throughput includes.
 *   <li>Threads: 1, 16 and 64, set by the run. JWT validation is CPU-bound (an RSA-2048 signature check), so on 2
 *       cores it does not scale with threads as a Redis round trip does.
 * </ul>
 *
 * <p>Run: {@code bench/run.sh --only JwtValidateBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
public class JwtValidateBenchmark {

  /** The contenders. */
  public enum Backend {
    /** One raw Lettuce {@code GET}: the physical limit of anything that asks Redis. */
    RAW_GET,
    /** Gatehouse's session {@code validate}: one {@code EVALSHA}. */
    SESSION,
    /** A JWT: signature, claims and the revoke-all marker from its cache. */
    JWT,
    /** A JWT: signature and claims only. */
    JWT_NO_REVOCATION
  }

  @Param({"RAW_GET", "SESSION", "JWT", "JWT_NO_REVOCATION"})
  public Backend backend;

  @Param({"HOT", "RANDOM_10K"})
  public Keys keys;

  private BenchRedis redis;
  private SessionContender sessions;
  private RedisStores stores;
  private JwtAuthenticator jwt;
  private String[] presented;
  private final Set<String> rejected = ConcurrentHashMap.newKeySet();

  @Setup
  public void setUp() {
    redis = BenchRedis.connect();
    redis.flushAll();
    switch (backend) {
      case RAW_GET, SESSION -> {
        sessions = (backend == Backend.RAW_GET ? SessionBackend.RAW_GET : SessionBackend.GATEHOUSE).open(redis);
        presented = SessionContender.createMany(sessions, keys.count());
      }
      case JWT, JWT_NO_REVOCATION -> {
        LocalJwks provider = LocalJwks.shared();
        JwtVerifierConfig config = JwtVerifierConfig.builder().issuer(provider.issuer())
            .audiences(LocalJwks.AUDIENCE).jwksUri(provider.jwksUri()).rolesClaim("realm_access.roles").build();
        if (backend == Backend.JWT) {
          stores = redis.gatehouse();
          jwt = JwtAuthenticator.create(config, stores.sessionStore(SessionBackend.CONFIG),
              RevocationCheckConfig.create());
        } else {
          jwt = JwtAuthenticator.create(config);
        }
        if (!jwt.prewarm()) {
          throw new IllegalStateException("the local JWKS did not load: " + jwt.jwksStatus());
        }
        presented = new String[keys.count()];
        for (int i = 0; i < presented.length; i++) {
          presented[i] = provider.token(i);
          JwtVerification verification = jwt.verify(presented[i]);
          if (!(verification instanceof JwtVerification.Verified)) {
            throw new IllegalStateException("a benchmark token did not verify: " + verification);
          }
        }
      }
      default -> throw new IllegalStateException("unknown backend " + backend);
    }
  }

  @Benchmark
  public Object validate() {
    String credential = presented[keys.next()];
    if (jwt == null) {
      return sessions.validate(credential);
    }
    JwtVerification verification = jwt.verify(credential);
    if (verification instanceof JwtVerification.Rejected rejected) {
      // A refusal is far cheaper than a verification: counted, so that a figure made of them is thrown away.
      this.rejected.add(rejected.reason().name());
    }
    return verification;
  }

  @TearDown
  public void tearDown(BenchmarkParams params) {
    if (!rejected.isEmpty()) {
      throw new IllegalStateException("benchmark tokens were refused during the measurement: " + rejected);
    }
    if (sessions != null) {
      DecoratorTrips.check(sessions.failovers(), params);
      sessions.close();
    }
    if (jwt != null) {
      jwt.close();
    }
    if (stores != null) {
      stores.close();
    }
    redis.flushAll();
    redis.close();
  }
}
