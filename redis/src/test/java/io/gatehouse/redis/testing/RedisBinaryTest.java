package io.gatehouse.redis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests of how an explicitly configured {@code redis-server} path is rejected; needs no Redis. */
class RedisBinaryTest {

  private static final String SOURCE = "system property gatehouse.redis.server";

  @Test
  void explicit_missingFile_failsNamingTheSetting() {
    assertThatThrownBy(() -> RedisBinary.explicit(SOURCE, "/no/such/redis-server"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("system property gatehouse.redis.server is \"/no/such/redis-server\", which is not an executable"
            + " file");
  }

  @Test
  void supportsTls_binaryThatDoesNotConfigureTls_isFalse(@TempDir Path directory) throws Exception {
    Path withoutTls = Files.writeString(directory.resolve("redis-server"),
        "#!/bin/sh\necho \"Redis server v=7.0.15 sha=00000000:0 malloc=libc bits=64\"\n");
    Files.setPosixFilePermissions(withoutTls, PosixFilePermissions.fromString("rwx------"));

    assertThat(RedisBinary.explicit(SOURCE, withoutTls.toString()).supportsTls()).isFalse();
  }

  @Test
  void explicit_notRedis_failsWithWhatItPrinted(@TempDir Path directory) throws Exception {
    Path fake = Files.writeString(directory.resolve("redis-server"), "#!/bin/sh\necho hello\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

    assertThatThrownBy(() -> RedisBinary.explicit(SOURCE, fake.toString()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("system property gatehouse.redis.server is \"%s\", which is not a working redis-server: \"%s"
            + " --version\" exited with code 0 and printed \"hello\", expected \"Redis server v=7.x.y ...\"", fake, fake);
  }
}
