package io.gatehouse.server;

import io.gatehouse.server.auth.BcryptPasswords;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code hash-password}: reads one password (without echo on a terminal, else the first line of standard input) and
 * prints its bcrypt hash, for {@code ADMIN_PASSWORD_HASH} or a {@code USERS_FILE} line.
 */
final class HashPasswordCommand {

  private HashPasswordCommand() {}

  /** Runs the command; returns the process exit code. */
  static int run(Console console, InputStream in, PrintStream out, PrintStream err) {
    String password;
    if (console != null) {
      char[] typed = console.readPassword("Password: ");
      password = typed == null ? null : new String(typed);
    } else {
      try {
        password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      } catch (IOException e) {
        err.println("gatehouse: hash-password: cannot read standard input: " + e.getMessage());
        return 1;
      }
    }
    try {
      out.println(BcryptPasswords.hash(password, BcryptPasswords.COST));
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("gatehouse: hash-password: " + e.getMessage());
      return 2;
    }
  }
}
