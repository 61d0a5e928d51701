package io.gatehouse.server.auth;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the first-run admin's password goes: the one password Gatehouse ever shows.
 *
 * <p>Printed to the terminal when standard output is one ({@link #printTo}). Otherwise standard output is where the
 * logs go too (Docker, journald, a log shipper), so the password is written instead to a new file that only this
 * user can read ({@link #ownerOnlyFile}), and the log says where, never what.
 */
@FunctionalInterface
public interface FirstRunPassword {

  /** Hands {@code password} of the account {@code username} to the operator, once. */
  void deliver(String username, String password);

  /** Prints a banner with the password to {@code terminal}, which must not be a log stream. */
  static FirstRunPassword printTo(PrintStream terminal) {
    return (username, password) -> {
      String rule = "=".repeat(78);
      terminal.println(rule);
      terminal.println(" Gatehouse: no accounts are configured (USERS_FILE, ADMIN_PASSWORD_HASH), so this instance");
      terminal.println(" created one for a first try. The password is shown only here, only this once:");
      terminal.println();
      terminal.println("     username: " + username);
      terminal.println("     password: " + password);
      terminal.println();
      terminal.println(" It lasts until this process stops. For lasting accounts, hash a password with");
      terminal.println("   java -jar gatehouse-server.jar hash-password");
      terminal.println(" and set ADMIN_PASSWORD_HASH (or list accounts in USERS_FILE).");
      terminal.println(rule);
      terminal.flush();
    };
  }

  /**
   * Writes the password to a new file in {@code directory} that only the current user can read (created with those
   * permissions, so it is never readable by others, not even briefly), and logs the file's path.
   */
  static FirstRunPassword ownerOnlyFile(Path directory) {
    return (username, password) -> {
      Logger log = LoggerFactory.getLogger(FirstRunPassword.class);
      try {
        Path file = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
            ? Files.createTempFile(directory, "gatehouse-first-run-admin-", ".txt",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createTempFile(directory, "gatehouse-first-run-admin-", ".txt");
        Files.writeString(file, "username: " + username + "\npassword: " + password + "\n", StandardCharsets.UTF_8);
        log.warn("No accounts are configured (USERS_FILE, ADMIN_PASSWORD_HASH), so this instance created \"{}\" for a"
            + " first try; its password is in {} (readable only by this user) and lasts until this process stops. For"
            + " lasting accounts set ADMIN_PASSWORD_HASH (java -jar gatehouse-server.jar hash-password)", username, file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the first-run admin's password to a file in " + directory, e);
      }
    };
  }

  /** The terminal when standard output is one, an owner-only file in the temporary directory otherwise. */
  static FirstRunPassword forThisProcess() {
    return System.console() != null ? printTo(System.out)
        : ownerOnlyFile(Path.of(System.getProperty("java.io.tmpdir")));
  }
}
