package io.gatehouse.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.session.Session;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.testing.FakeClock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrincipalTest {

  private final SessionStore sessions = SessionStore.inMemory(SessionConfig.builder().clock(new FakeClock()).build());

  @Test
  void ofSession_rolesFromTheRolesAttribute() {
    Session session = sessions.create("alice", Map.of("roles", "admin,user", "theme", "dark")).session();

    Principal principal = Principal.ofSession(session, AuthenticationMethod.SESSION_COOKIE);

    assertThat(principal.subject()).isEqualTo("alice");
    assertThat(principal.roles()).containsExactlyInAnyOrder("admin", "user");
    assertThat(principal.hasRole("admin")).isTrue();
    assertThat(principal.hasRole("Admin")).isFalse();
    assertThat(principal.method()).isEqualTo(AuthenticationMethod.SESSION_COOKIE);
    assertThat(principal.session()).contains(session);
  }

  @Test
  void ofSession_noRolesAttribute_noRoles() {
    Session session = sessions.create("alice", Map.of()).session();

    assertThat(Principal.ofSession(session, AuthenticationMethod.SESSION_BEARER).roles()).isEmpty();
  }

  @Test
  void formatRoles_sortedCommaSeparated() {
    assertThat(Principal.formatRoles(Set.of("user", "admin", "ops"))).isEqualTo("admin,ops,user");
    assertThat(Principal.formatRoles(Set.of())).isEmpty();
  }

  @Test
  void parseRoles_skipsEmptyEntries() {
    assertThat(Principal.parseRoles("")).isEmpty();
    assertThat(Principal.parseRoles("a,,b,")).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void formatRoles_thenParseRoles_givesTheRolesBack() {
    Set<String> roles = Set.of("admin", "user", "read:reports");

    assertThat(Principal.parseRoles(Principal.formatRoles(roles))).isEqualTo(roles);
  }

  /** Regression: a role holding a comma was stored as is and read back as two roles, "admin" among them. */
  @Test
  void formatRoles_roleWithAComma_rejected_notSplitIntoOtherRoles() {
    assertThatThrownBy(() -> Principal.formatRoles(Set.of("user", "staff,admin")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a role must be non-empty and hold no ',' (roles are stored comma-separated), got \"staff,admin\"");
  }

  @Test
  void formatRoles_emptyRole_rejected_notDropped() {
    assertThatThrownBy(() -> Principal.formatRoles(Set.of("")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a role must be non-empty and hold no ',' (roles are stored comma-separated), got \"\"");
  }

  @Test
  void roles_copied_andImmutable() {
    Principal principal = new Principal("svc", Set.of("a"), AuthenticationMethod.SESSION_BEARER, Optional.empty());

    assertThatThrownBy(() -> principal.roles().add("admin")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void emptySubject_rejected() {
    assertThatThrownBy(() -> new Principal("", Set.of(), AuthenticationMethod.SESSION_BEARER, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("subject must not be empty");
  }

  @Test
  void cookieIsAmbient_bearerIsNot() {
    assertThat(AuthenticationMethod.SESSION_COOKIE.isAmbient()).isTrue();
    assertThat(AuthenticationMethod.SESSION_BEARER.isAmbient()).isFalse();
  }
}
