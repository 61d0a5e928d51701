package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

class HashPasswordCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String stdin) {
    return HashPasswordCommand.run(null, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void hashPassword_printsABcryptHashOfTheFirstLine() {
    int code = run("correct horse battery staple\nignored\n");

    String hash = out.toString(StandardCharsets.UTF_8).strip();
    assertThat(code).isZero();
    assertThat(hash).startsWith("$2a$12$").hasSize(60);
    assertThat(BCrypt.checkpw("correct horse battery staple", hash)).isTrue();
  }

  @Test
  void hashPassword_emptyInput_isRefused() {
    assertThat(run("")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("gatehouse: hash-password: password must not be empty\n");
  }

  @Test
  void hashPassword_longerThan72Bytes_isRefused() {
    assertThat(run("x".repeat(73))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("gatehouse: hash-password: password must be at most 72 bytes (bcrypt ignores the rest), got 73 "
            + "bytes\n");
  }
}
