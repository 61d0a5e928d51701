package io.gatehouse.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class FirstRunPasswordTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(FirstRunPassword.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void capture() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logged);
  }

  @Test
  void notATerminal_passwordGoesToAnOwnerOnlyFile_andTheLogSaysWhereNotWhat(@TempDir Path dir) throws Exception {
    FirstRunPassword.ownerOnlyFile(dir).deliver("admin", "Xyz-first-run-secret");

    List<Path> files;
    try (var listing = Files.list(dir)) {
      files = listing.toList();
    }
    assertThat(files).hasSize(1);
    Path file = files.get(0);
    assertThat(Files.readString(file)).isEqualTo("username: admin\npassword: Xyz-first-run-secret\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(logged.list).hasSize(1);
    assertThat(logged.list.get(0).getFormattedMessage()).contains(file.toString())
        .doesNotContain("Xyz-first-run-secret");
  }

  @Test
  void terminal_passwordPrintedOnce_nothingLogged() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    FirstRunPassword.printTo(new PrintStream(out, true, StandardCharsets.UTF_8)).deliver("admin", "Xyz-secret");

    assertThat(out.toString(StandardCharsets.UTF_8).split("Xyz-secret", -1)).hasSize(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("     username: admin", "     password: Xyz-secret");
    assertThat(logged.list).isEmpty();
  }
}
