package io.gatehouse.server.auth;

import io.gatehouse.web.AccountCheck;
import io.gatehouse.web.login.CredentialVerifier;
import io.gatehouse.web.login.VerifiedAccount;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The accounts that can log in: the password check that {@link io.gatehouse.web.api.AuthApi} calls, and the account
 * check through which every request's session follows its account ({@link AccountCheck}).
 *
 * <p>The check costs the same whether or not the username exists: every account's hash has one bcrypt cost (mixed
 * costs are refused at start-up, see {@link #mixedCosts}), and an unknown name is checked against a dummy hash of that
 * cost, so response times do not tell an attacker which names are real.
 *
 * <p>An account's version is a digest of its password hash, stored in each session at login: a new password, or the
 * account's removal, ends its sessions on the next request to an instance that loaded the change. Roles are not in
 * the version: each request takes them from the loaded accounts, so a changed role applies at once.
 *
 * <p>With no accounts configured, {@link #orFirstRunAdmin} creates {@code admin} with a random password and hands it
 * over once through {@link FirstRunPassword} (the terminal, or an owner-only file; never the log). That password
 * lives only in this process: each instance that starts without accounts makes its own.
 */
public final class Accounts implements CredentialVerifier, AccountCheck {

  /** Cost of the first-run admin's hash: its password is 128 random bits, so a high cost would add nothing. */
  static final int FIRST_RUN_COST = 10;
  /** What {@link #mixedCosts} checks, as the start-up error states it after "accounts" or the variables' names. */
  public static final String ONE_COST_RULE = "must all have password hashes of one bcrypt cost, or login times tell "
      + "which names exist (hash the passwords again with: java -jar gatehouse-server.jar hash-password)";

  private final Map<String, Account> byName;
  private final String dummyHash;

  private Accounts(List<Account> accounts) {
    mixedCosts(accounts).ifPresent(mixed -> {
      throw new IllegalArgumentException("accounts " + ONE_COST_RULE + ", got " + mixed);
    });
    this.byName = accounts.stream().collect(Collectors.toUnmodifiableMap(Account::username, Function.identity()));
    int cost = accounts.stream().mapToInt(a -> BcryptPasswords.cost(a.passwordHash())).max().orElse(FIRST_RUN_COST);
    this.dummyHash = BcryptPasswords.hash("not a password: " + randomPassword(new SecureRandom()), cost);
  }

  /**
   * The accounts' bcrypt costs and who has each, if there is more than one cost, as in
   * {@code cost 4 (alice, bob) and cost 12 (admin)}; empty if all have one.
   */
  public static Optional<String> mixedCosts(List<Account> accounts) {
    Map<Integer, List<String>> byCost = new TreeMap<>();
    for (Account account : accounts) {
      byCost.computeIfAbsent(BcryptPasswords.cost(account.passwordHash()), cost -> new ArrayList<>())
          .add(account.username());
    }
    if (byCost.size() < 2) {
      return Optional.empty();
    }
    return Optional.of(byCost.entrySet().stream()
        .map(e -> "cost " + e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
        .collect(Collectors.joining(" and ")));
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
        ? Optional.of(new VerifiedAccount(account.username(), account.roles(), version(account)))
        : Optional.empty();
  }

  /** The account of a session's subject as loaded now: its roles, and the version of its password. */
  @Override
  public Optional<Current> current(String subject) {
    Account account = byName.get(subject);
    return account == null ? Optional.empty() : Optional.of(new Current(account.roles(), version(account)));
  }

  /** A digest of the password hash: changes with the password, and tells nothing about it. */
  static String version(Account account) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("gatehouse-account-v1\n" + account.passwordHash()).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime must provide SHA-256", e);
    }
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
