package io.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.failover.FailoverConfig;
import io.gatehouse.failover.FailoverMode;
import io.gatehouse.failover.RateLimitFallback;
import io.gatehouse.onetime.OneTimeValues;
import io.gatehouse.ratelimit.RateLimit;
import io.gatehouse.ratelimit.RateLimitBackend;
import io.gatehouse.ratelimit.RateLimitDecision;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.LocalInvalidationChannel;
import io.gatehouse.nearcache.NearCacheConfig;
import io.gatehouse.session.SessionBackend;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.InvalidationChannel;
import io.gatehouse.spi.StoreBackend;
import io.gatehouse.spi.StoreUnavailableException;
import io.gatehouse.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The entry point's wiring: memory only, on a back end that answers, and on one that does not. The back end here is
 * the in-memory one behind the SPI, with a switch that makes it unreachable; the Redis back end is covered by
 * {@code GatehouseIT} in the redis module.
 */
class GatehouseTest {

  private static final RateLimit LOGIN = RateLimit.slidingWindow(2, Duration.ofMinutes(15));
  private static final RateLimit API = RateLimit.tokenBucket(10, Duration.ofSeconds(1), 20);

  private final FakeClock clock = new FakeClock();
  private final List<Gatehouse> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(Gatehouse::close);
  }

  private Gatehouse open(Gatehouse.Builder builder) {
    Gatehouse gatehouse = builder.failover(FailoverConfig.builder().clock(clock).build()).build();
    opened.add(gatehouse);
    return gatehouse;
  }

  @Test
  void memoryOnly_isDisabledFailover_withWorkingStores() {
    Gatehouse gatehouse = open(Gatehouse.builder().rateLimit("login", LOGIN).rateLimit("api", API));

    assertThat(gatehouse.status().mode()).isEqualTo(FailoverMode.DISABLED);
    assertThat(gatehouse.isShared()).isFalse();
    assertThat(gatehouse.probe()).isEmpty();
    assertThat(gatehouse.location()).isEqualTo("memory");
    assertThat(gatehouse.rateLimiterNames()).containsExactly("login", "api");

    CreatedSession created = gatehouse.sessions().create("alice", Map.of());
    assertThat(gatehouse.sessions().validate(created.token().value())).isPresent();
    assertThat(gatehouse.rateLimiter("login").tryAcquire("k").allowed()).isTrue();
    assertThat(gatehouse.rateLimiter("login").tryAcquire("k").allowed()).isTrue();
    assertThat(gatehouse.rateLimiter("login").tryAcquire("k").allowed()).isFalse();
  }

  @Test
  void memoryOnly_sessionsUseTheFailoverClock() {
    Gatehouse gatehouse = open(Gatehouse.builder()
        .sessions(SessionConfig.builder().idleTimeout(Duration.ofMinutes(5)).build()));
    CreatedSession created = gatehouse.sessions().create("alice", Map.of());

    clock.advance(Duration.ofMinutes(6));

    assertThat(gatehouse.sessions().validate(created.token())).isEmpty();
  }

  @Test
  void backendUp_servesFromIt() {
    SwitchableBackend backend = new SwitchableBackend();
    Gatehouse gatehouse = open(Gatehouse.builder().backend(backend).rateLimit("login", LOGIN));

    CreatedSession created = gatehouse.sessions().create("alice", Map.of());

    assertThat(gatehouse.status().mode()).isEqualTo(FailoverMode.PRIMARY);
    assertThat(gatehouse.isShared()).isTrue();
    assertThat(gatehouse.location()).isEqualTo("memory://test");
    assertThat(gatehouse.probe()).isPresent();
    assertThat(backend.sessions.validate(created.token())).as("written to the back end").isPresent();
  }

  @Test
  void backendDown_atStart_startsDegraded_andStillAnswers() {
    SwitchableBackend backend = new SwitchableBackend();
    backend.down.set(true);
    Gatehouse gatehouse = open(Gatehouse.builder().backend(backend).rateLimit("login", LOGIN));

    assertThat(gatehouse.status().mode()).isEqualTo(FailoverMode.DEGRADED);
    CreatedSession created = gatehouse.sessions().create("alice", Map.of());
    assertThat(gatehouse.sessions().validate(created.token())).isPresent();
    assertThat(gatehouse.rateLimiter("login").tryAcquire("k").allowed()).isTrue();
  }

  @Test
  void close_closesTheBackend() {
    SwitchableBackend backend = new SwitchableBackend();
    Gatehouse gatehouse = Gatehouse.builder().backend(backend).build();

    gatehouse.close();

    assertThat(backend.closed).isTrue();
  }

  @Test
  void build_failing_closesTheBackend() {
    SwitchableBackend backend = new SwitchableBackend() {
      @Override
      public RateLimitBackend rateLimiter(String name, RateLimit limit) {
        throw new IllegalStateException("no limiters here");
      }
    };
    Gatehouse.Builder builder = Gatehouse.builder().backend(backend).rateLimit("login", LOGIN);

    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class).hasMessage("no limiters here");
    assertThat(backend.closed).isTrue();
  }

  @Test
  void nearCache_onABackendWithoutInvalidations_isRefusedAndClosesIt() {
    SwitchableBackend backend = new SwitchableBackend();
    Gatehouse.Builder builder = Gatehouse.builder().backend(backend).nearCache(NearCacheConfig.create());

    assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the session near cache needs a back end that announces revocations, and memory://test does not");
    assertThat(backend.closed).isTrue();
  }

  @Test
  void nearCache_answersFromMemory_untilTheBackendAnnouncesARevocation() {
    LocalInvalidationChannel channel = new LocalInvalidationChannel();
    SwitchableBackend backend = new SwitchableBackend() {
      @Override
      public Optional<InvalidationChannel> invalidations() {
        return Optional.of(channel);
      }
    };
    Gatehouse gatehouse = open(Gatehouse.builder().backend(backend).nearCache(NearCacheConfig.builder()
        .clock(clock).build()));
    CreatedSession created = gatehouse.sessions().create("alice", Map.of());
    assertThat(gatehouse.sessions().validate(created.token())).isPresent();

    backend.sessions.revoke(created.session().id());
    assertThat(gatehouse.sessions().validate(created.token())).as("from the near cache").isPresent();
    channel.sessionRevoked(created.session().id());

    assertThat(gatehouse.sessions().validate(created.token())).isEmpty();
  }

  @Test
  void nearCache_withoutABackend_isIgnored() {
    Gatehouse gatehouse = open(Gatehouse.builder().nearCache(NearCacheConfig.create()));

    CreatedSession created = gatehouse.sessions().create("alice", Map.of());

    assertThat(gatehouse.sessions().validate(created.token())).isPresent();
  }

  @Test
  void shadow_limiterCountsButNeverRefuses_andTheOthersStillEnforce() {
    Gatehouse gatehouse = open(Gatehouse.builder().rateLimit("login", LOGIN).rateLimit("new-login", LOGIN)
        .shadow("new-login"));

    assertThat(gatehouse.isShadow("new-login")).isTrue();
    assertThat(gatehouse.isShadow("login")).isFalse();
    for (int i = 0; i < 2; i++) {
      gatehouse.rateLimiter("login").tryAcquire("k");
      gatehouse.rateLimiter("new-login").tryAcquire("k");
    }
    assertThat(gatehouse.rateLimiter("login").tryAcquire("k").allowed()).isFalse();
    RateLimitDecision shadowed = gatehouse.rateLimiter("new-login").tryAcquire("k");
    assertThat(shadowed.allowed()).isTrue();
    assertThat(shadowed.shadowRefused()).isTrue();
    assertThat(shadowed.retryAfter()).isPositive();
  }

  @Test
  void shadow_ofAnUnregisteredLimiter_isRefusedAtOnce() {
    assertThatThrownBy(() -> Gatehouse.builder().rateLimit("login", LOGIN).shadow("api"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no rate limiter named \"api\" to put in shadow mode; register it with rateLimit() first"
            + " (registered: login)");
  }

  @Test
  void rateLimiter_unknownName_namesTheRegisteredOnes() {
    Gatehouse gatehouse = open(Gatehouse.builder().rateLimit("login", LOGIN).rateLimit("api", API));

    assertThatThrownBy(() -> gatehouse.rateLimiter("nope")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no rate limiter named \"nope\"; registered: login, api");
    assertThatThrownBy(() -> open(Gatehouse.builder()).rateLimiter("x"))
        .hasMessage("no rate limiter named \"x\"; registered: none");
  }

  @Test
  void rateLimit_badOrDuplicateName_isRefused() {
    assertThatThrownBy(() -> Gatehouse.builder().rateLimit("log in", LOGIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate limiter name must be 1 to 64 letters, digits, '_', '.' or '-', got \"log in\"");
    assertThatThrownBy(() -> Gatehouse.builder().rateLimit("login", LOGIN).rateLimit("login", API))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate limiter \"login\" is registered twice");
  }

  @Test
  void rateLimit_defaultFallback_followsThePolicy() {
    SwitchableBackend backend = new SwitchableBackend();
    backend.down.set(true);
    Gatehouse gatehouse = open(Gatehouse.builder().backend(backend)
        .rateLimit("login", LOGIN)
        .rateLimit("api", RateLimit.tokenBucket(1, Duration.ofHours(1), 1))
        .rateLimit("closed", LOGIN, RateLimitFallback.deny()));

    gatehouse.rateLimiter("login").tryAcquire("k");
    gatehouse.rateLimiter("login").tryAcquire("k");
    gatehouse.rateLimiter("api").tryAcquire("k");

    assertThat(gatehouse.rateLimiter("login").tryAcquire("k").allowed()).as("local: enforced").isFalse();
    assertThat(gatehouse.rateLimiter("api").tryAcquire("k").allowed()).as("api: fails open").isTrue();
    assertThat(gatehouse.rateLimiter("closed").tryAcquire("k").allowed()).as("deny: fails closed").isFalse();
  }

  /** The in-memory back end, reachable or not at the flip of a switch. */
  private class SwitchableBackend implements StoreBackend {
    final AtomicBoolean down = new AtomicBoolean();
    final SessionBackend sessions = SessionBackend.inMemory(SessionConfig.builder().clock(clock).build());
    final OneTimeValues oneTimeValues = OneTimeValues.inMemory(clock, 1000);
    volatile boolean closed;

    @Override
    public SessionBackend sessionStore(SessionConfig config) {
      return sessions;
    }

    @Override
    public RateLimitBackend rateLimiter(String name, RateLimit limit) {
      return RateLimitBackend.inMemory(limit, clock, 1000);
    }

    @Override
    public OneTimeValues oneTimeValues() {
      return oneTimeValues;
    }

    @Override
    public Duration ping() {
      if (down.get()) {
        throw new StoreUnavailableException("switched off", null);
      }
      return Duration.ZERO;
    }

    @Override
    public String location() {
      return "memory://test";
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
