package io.gatehouse.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.web.AccountCheck;
import io.gatehouse.web.login.VerifiedAccount;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** The accounts as the password check and as the account check every session request consults. */
class AccountsTest {

  private static final String ALICE = BCrypt.hashpw("wonderland", BCrypt.gensalt(4));
  private static final String ROOT = BCrypt.hashpw("hunter2", BCrypt.gensalt(4));

  private final Accounts accounts = accounts(new Account("alice", ALICE, Set.of("user")),
      new Account("root", ROOT, Set.of("admin", "user")));

  @Test
  void verify_rightPassword_givesTheAccountWithItsVersion() {
    VerifiedAccount root = accounts.verify("root", "hunter2").orElseThrow();

    assertThat(root.subject()).isEqualTo("root");
    assertThat(root.roles()).containsExactlyInAnyOrder("admin", "user");
    assertThat(root.version()).hasSize(22).isEqualTo(accounts.current("root").orElseThrow().version());
    assertThat(accounts.verify("root", "wrong")).isEmpty();
    assertThat(accounts.verify("nobody", "hunter2")).isEmpty();
  }

  @Test
  void current_theLoadedAccount_orEmpty() {
    AccountCheck.Current alice = accounts.current("alice").orElseThrow();

    assertThat(alice.roles()).containsExactly("user");
    assertThat(accounts.current("nobody")).isEmpty();
    assertThat(accounts.current("ALICE")).as("subjects are exact").isEmpty();
  }

  @Test
  void version_changesWithThePassword_notWithTheRoles() {
    Accounts rolesChanged = accounts(new Account("alice", ALICE, Set.of("user", "auditor")));
    Accounts passwordChanged = accounts(new Account("alice", BCrypt.hashpw("new", BCrypt.gensalt(4)), Set.of("user")));

    String version = accounts.current("alice").orElseThrow().version();
    assertThat(rolesChanged.current("alice").orElseThrow().version()).isEqualTo(version);
    assertThat(passwordChanged.current("alice").orElseThrow().version()).isNotEqualTo(version);
    assertThat(version).doesNotContain(ALICE.substring(7));
  }

  @Test
  void mixedCosts_describedByCost() {
    List<Account> mixed = List.of(new Account("bob", BCrypt.hashpw("pw", BCrypt.gensalt(5)), Set.of()),
        new Account("alice", ALICE, Set.of()), new Account("root", ROOT, Set.of()));

    assertThat(Accounts.mixedCosts(mixed)).contains("cost 4 (alice, root) and cost 5 (bob)");
    assertThat(Accounts.mixedCosts(mixed.subList(1, 3))).isEmpty();
    assertThat(Accounts.mixedCosts(List.of())).isEmpty();
    FirstRunPassword silent = FirstRunPassword.printTo(new PrintStream(new ByteArrayOutputStream()));
    assertThatThrownBy(() -> Accounts.orFirstRunAdmin(mixed, silent))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accounts " + Accounts.ONE_COST_RULE + ", got cost 4 (alice, root) and cost 5 (bob)");
  }

  private static Accounts accounts(Account... accounts) {
    return Accounts.orFirstRunAdmin(List.of(accounts),
        FirstRunPassword.printTo(new PrintStream(new ByteArrayOutputStream())));
  }
}
