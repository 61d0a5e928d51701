package io.gatehouse.example.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.Gatehouse;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionId;
import io.gatehouse.session.SessionStore;
import io.gatehouse.session.SessionToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;

/**
 * How the example starts, or refuses to: a bad Gatehouse property stops it with the failure analysis, and a
 * {@link SessionStore} of the application's own replaces Gatehouse's everywhere, logins included. Neither needs
 * Redis; the second turns it off.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupIT {

  @Test
  void badProperty_stopsStartUp_namingPropertyValueAndAcceptedForm(CapturedOutput output) {
    assertThatThrownBy(() -> ExampleInstance.start("redis://127.0.0.1:1", "gatehouse.session.idle-timeout=0s"))
        .isNotNull();
    assertThat(output.getAll()).contains("APPLICATION FAILED TO START", """
        Invalid Gatehouse configuration:

            Property: gatehouse.session.idle-timeout
            Value: "0s"
            Accepted: a positive duration like 250ms, 30s or 15m
            Reason: idleTimeout must be a positive duration, got PT0S

        Action:

        Set gatehouse.session.idle-timeout to a positive duration like 250ms, 30s or 15m.""");
  }

  @Test
  void applicationsOwnSessionStore_theStarterBacksOff_andLoginsLiveInIt() {
    try (ExampleInstance instance = ExampleInstance.start(List.of(OwnSessionStore.class), "redis://127.0.0.1:1",
        "gatehouse.redis.enabled=false")) {
      SessionStore own = instance.bean(SessionStore.class);
      assertThat(own).isInstanceOf(OwnSessionStore.Marked.class);

      String token = Logins.bearer(instance, "alice", "alice-password", "203.0.113.30");

      assertThat(own.list("alice")).hasSize(1);
      assertThat(instance.bean(Gatehouse.class).sessions().list("alice")).isEmpty();
      assertThat(Http.get(instance.uri("/api/me"), "Authorization", "Bearer " + token).status()).isEqualTo(200);
    }
  }

  /** The application's own session store; a bean source, not a scanned configuration. */
  static class OwnSessionStore {

    @Bean
    SessionStore ownSessionStore() {
      return new Marked(SessionStore.inMemory(SessionConfig.create()));
    }

    /** An in-memory store the test can tell apart from Gatehouse's. */
    record Marked(SessionStore store) implements SessionStore {
      @Override
      public CreatedSession create(String subject, Map<String, String> attributes) {
        return store.create(subject, attributes);
      }

      @Override
      public Optional<Session> validate(SessionToken token) {
        return store.validate(token);
      }

      @Override
      public boolean revoke(SessionId id) {
        return store.revoke(id);
      }

      @Override
      public int revokeAll(String subject) {
        return store.revokeAll(subject);
      }

      @Override
      public Optional<Instant> notValidBefore(String subject) {
        return store.notValidBefore(subject);
      }

      @Override
      public List<Session> list(String subject, int limit) {
        return store.list(subject, limit);
      }
    }
  }
}
