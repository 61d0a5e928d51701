package io.gatehouse.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a users file ({@code USERS_FILE}): one account per line, {@code username:bcrypt-hash:role1,role2}; the roles
 * may be left out; blank lines and lines starting with {@code #} are skipped.
 */
public final class AccountsFile {

  public static final String LINE_FORM = "username:bcrypt-hash:role1,role2";

  private AccountsFile() {}

  /**
   * Reads and checks every line.
   *
   * @throws IllegalArgumentException with a message starting "must name a readable file" or "line N must be",
   *     which never repeats a password hash
   */
  public static List<Account> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException("must name a readable file of " + LINE_FORM + " lines, got \"" + file
          + "\" (" + e.getClass().getSimpleName() + ")");
    }
    List<Account> accounts = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Account account = parse(line, i + 1);
      if (!seen.add(account.username())) {
        throw new IllegalArgumentException("line " + (i + 1) + " must not repeat a username, got \""
            + account.username() + "\" again");
      }
      accounts.add(account);
    }
    return accounts;
  }

  private static Account parse(String line, int number) {
    String[] fields = line.split(":", -1);
    if (fields.length == 2 || fields.length == 3) {
      Set<String> roles = new LinkedHashSet<>();
      if (fields.length == 3 && !fields[2].isBlank()) {
        Arrays.stream(fields[2].split(",")).map(String::strip).forEach(roles::add);
      }
      try {
        return new Account(fields[0].strip(), fields[1].strip(), roles);
      } catch (IllegalArgumentException e) {
        throw malformed(number, fields, e.getMessage());
      }
    }
    throw malformed(number, fields, "expected 2 or 3 fields separated by ':'");
  }

  private static IllegalArgumentException malformed(int number, String[] fields, String reason) {
    StringBuilder shown = new StringBuilder(fields[0]);
    if (fields.length > 1) {
      shown.append(":<").append(fields[1].length()).append(" characters>");
    }
    for (int i = 2; i < fields.length; i++) {
      shown.append(':').append(fields[i]);
    }
    return new IllegalArgumentException("line " + number + " must be " + LINE_FORM + ", got \"" + shown + "\" ("
        + reason + ")");
  }
}
