package io.gatehouse.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The accounts of the server tests: alice and bob (role user) and root (role admin), with the lowest bcrypt cost so
 * that tests spend their time on what they test.
 */
final class TestAccounts {

  static final String PASSWORD = "correct horse battery staple";

  private TestAccounts() {}

  /** Writes the users file into {@code dir} and returns its path. */
  static Path usersFile(Path dir) {
    String hash = BCrypt.hashpw(PASSWORD, BCrypt.gensalt(4));
    Path file = dir.resolve("users.txt");
    try {
      Files.write(file, List.of("# test accounts", "alice:" + hash + ":user", "bob:" + hash + ":user",
          "root:" + hash + ":admin,user"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
