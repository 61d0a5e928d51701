package io.gatehouse.server.auth;

import io.gatehouse.web.login.CredentialVerifier;
import io.gatehouse.web.login.VerifiedAccount;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The accounts that can log in, and the password check that {@link io.gatehouse.web.api.AuthApi} calls.
 *
 * <p>The check costs the same whether or not the username exists: an unknown name is checked against a dummy hash
 * of the same bcrypt cost, so response times do not tell an attacker which names are real.
 *
 * <p>With no accounts configured, {@link #orFirstRunAdmin} creates {@code admin} with a random password and hands it
 * over once through {@link FirstRunPassword} (the terminal, or an owner-only file; never the log). That password
 * lives only in this process: each instance that starts without accounts makes its own.
 */
public final class Accounts implements CredentialVerifier {

  /** Cost of the first-run admin's hash: its password is 128 random bits, so a high cost would add nothing. */
  static final int FIRST_RUN_COST = 10;

  private final Map<String, Account> byName;
  private final String dummyHash;

  private Accounts(List<Account> accounts) {
    this.byName = accounts.stream().collect(Collectors.toUnmodifiableMap(Account::username, Function.identity()));
    int cost = accounts.stream().mapToInt(a -> BcryptPasswords.cost(a.passwordHash())).max().orElse(FIRST_RUN_COST);
    this.dummyHash = BcryptPasswords.hash("not a password: " + randomPassword(new SecureRandom()), cost);
  }

  /**
   * The given accounts; if there are none, a first-run {@code admin} with a random password, handed to the operator
   * by {@code firstRun}.
   */
  public static Accounts orFirstRunAdmin(List<Account> accounts, FirstRunPassword firstRun) {
    if (!accounts.isEmpty()) {
      return new Accounts(accounts);
    }
    String password = randomPassword(new SecureRandom());
    Account admin = new Account("admin", BcryptPasswords.hash(password, FIRST_RUN_COST), Set.of(Account.ADMIN, "user"));
    firstRun.deliver(admin.username(), password);
    return new Accounts(List.of(admin));
  }

  /**
   * The account, as the session's subject and roles, if {@code password} is its password; empty otherwise, after
   * the same amount of work.
   */
  @Override
  public Optional<VerifiedAccount> verify(String username, String password) {
    Account account = byName.get(username);
    if (account == null) {
      BcryptPasswords.matches(password, dummyHash);
      return Optional.empty();
    }
    return BcryptPasswords.matches(password, account.passwordHash())
        ? Optional.of(new VerifiedAccount(account.username(), account.roles()))
        : Optional.empty();
  }

  /** How many accounts there are. */
  public int size() {
    return byName.size();
  }

  static String randomPassword(SecureRandom random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
