package io.gatehouse.redis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Integration test of the harness itself, against real {@code redis-server} processes. */
class RedisServerIT {

  @RegisterExtension
  static final RedisServerExtension redis = RedisServerExtension.withAppendOnly();

  @BeforeEach
  void isolate() {
    redis.flushAll();
  }

  @Test
  void start_answersPing_onFreeLoopbackPortOtherThan6379(RedisServer server) {
    assertThat(server.port()).isPositive().isNotEqualTo(6379);
    assertThat(server.host()).isEqualTo("127.0.0.1");
    assertThat(server.uri()).isEqualTo("redis://127.0.0.1:" + server.port());
    assertThat(server.command("PING")).isEqualTo("PONG");
    assertThat(server.version()).isEqualTo(RedisBinary.find().version());
    assertThat(RedisBinary.find().majorVersion()).isGreaterThanOrEqualTo(7);
    assertThat(server.command("CONFIG", "GET", "appendonly")).isEqualTo(List.of("appendonly", "yes"));
  }

  @Test
  void command_mapsEachReplyType(RedisServer server) {
    assertThat(server.command("SET", "greeting", "héllo")).isEqualTo("OK");
    assertThat(server.command("GET", "greeting")).isEqualTo("héllo");
    assertThat(server.command("GET", "missing")).isNull();
    assertThat(server.command("INCR", "counter")).isEqualTo(1L);
    assertThat(server.command("RPUSH", "list", "a", "")).isEqualTo(2L);
    assertThat(server.command("LRANGE", "list", "0", "-1")).isEqualTo(List.of("a", ""));
    assertThat(server.command("DBSIZE")).isEqualTo(3L);
  }

  @Test
  void command_errorReply_throwsWithItsText(RedisServer server) {
    server.command("SET", "text", "x");

    assertThatThrownBy(() -> server.command("INCR", "text"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ERR value is not an integer or out of range");
  }

  @Test
  void kill_thenRestart_keepsAppendOnlyData_onSamePort(RedisServer server) {
    server.command("SET", "survivor", "yes");
    int port = server.port();
    long pid = server.pid();

    server.kill();
    assertThat(server.isRunning()).isFalse();
    assertThatThrownBy(() -> server.command("PING"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("\"PING\" to redis://127.0.0.1:" + port + " failed: ");

    server.restart();
    assertThat(server.port()).isEqualTo(port);
    assertThat(server.pid()).isNotEqualTo(pid);
    assertThat(server.command("GET", "survivor")).isEqualTo("yes");
  }

  @Test
  void stop_isGraceful_thenRestart_keepsData(RedisServer server) {
    server.command("SET", "survivor", "yes");

    server.stop();
    assertThat(server.isRunning()).isFalse();
    server.restart();

    assertThat(server.command("GET", "survivor")).isEqualTo("yes");
  }

  @Test
  void pause_makesPingTimeOut_resume_answersAgain(RedisServer server) {
    server.pause();
    try {
      assertThat(server.isRunning()).isTrue();
      assertThatThrownBy(() -> server.command(Duration.ofMillis(300), "PING"))
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(SocketTimeoutException.class)
          .hasMessage("\"PING\" to redis://127.0.0.1:%d timed out after 300 ms", server.port());
    } finally {
      server.resume();
    }
    assertThat(server.command(Duration.ofMillis(300), "PING")).isEqualTo("PONG");
  }

  @Test
  void newServer_isIndependentOfTheClassServer(RedisServer server) {
    RedisServer other = redis.newServer();
    other.command("SET", "only-there", "1");

    assertThat(other.port()).isNotEqualTo(server.port()).isNotEqualTo(6379);
    assertThat(other.command("DBSIZE")).isEqualTo(1L);
    assertThat(server.command("DBSIZE")).isEqualTo(0L);
    assertThat(other.command("CONFIG", "GET", "appendonly")).isEqualTo(List.of("appendonly", "no"));
  }

  @Test
  void start_badArgument_failsWithLogTail() {
    RedisServerOptions options = RedisServerOptions.builder().args("--no-such-directive", "x").build();
    try (RedisServer broken = RedisServer.create(options)) {
      assertThatThrownBy(broken::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("exited with code 1 while starting; last lines of ")
          .hasMessageContaining("Bad directive or wrong number of arguments");
    }
  }

  @Test
  void start_fixedPortInUse_failsAfterStartTimeout() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      RedisServerOptions options = RedisServerOptions.builder()
          .port(taken.getLocalPort())
          .startTimeout(Duration.ofMillis(300))
          .build();
      try (RedisServer blocked = RedisServer.create(options)) {
        assertThatThrownBy(blocked::start)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("port " + taken.getLocalPort() + " stayed in use for 300 ms; last lines of ")
            .hasMessageContaining("Failed listening on port " + taken.getLocalPort());
        assertThat(blocked.isRunning()).isFalse();
      }
    }
  }

  @Test
  void port_6379_isRejected() {
    assertThatThrownBy(() -> RedisServerOptions.builder().port(6379))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must not be 6379, the default Redis port, where a real Redis may hold data; leave the port"
            + " unset to get a free one");
  }

  @Test
  void args_requirepass_isRejected_sinceTheHarnessMustAuthenticate() {
    assertThatThrownBy(() -> RedisServerOptions.builder().args("--requirepass", "secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("args must not contain \"--requirepass\"; use password(String), so that the harness"
            + " authenticates");
  }

  @Test
  void args_tlsPort_isRejected_sinceTheHarnessMustSpeakTls() {
    assertThatThrownBy(() -> RedisServerOptions.builder().args("--tls-port", "6380"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("args must not contain \"--tls-port\"; use tls(TlsCertificates, boolean), so that the harness"
            + " connects over TLS");
  }

  @Test
  void password_needingUriEscapes_isRejected_withoutPrintingIt() {
    assertThatThrownBy(() -> RedisServerOptions.builder().password("p@ss:word"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("password must be one or more letters, digits and . _ ~ - (which need no escaping in a URI); the"
            + " 9-character value given has other characters");
  }

  @Test
  void args_portOverride_isRejected() {
    assertThatThrownBy(() -> RedisServerOptions.builder().args("--port", "6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("args must not contain \"--port\"; the harness sets --port and --daemonize itself (use port(int)"
            + " for a fixed port)");
  }
}
