package io.gatehouse.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The temporary working directory of one {@code redis-server}: its {@code --dir}, holding {@code redis.conf},
 * {@code redis.log} and the AOF files. It outlives restarts, which is how AOF data survives them.
 */
final class ServerDirectory {

  private final Path path;
  private final ServerLog log;

  private ServerDirectory(Path path) {
    this.path = path;
    this.log = new ServerLog(path.resolve("redis.log"));
  }

  /** Creates a new directory under {@code java.io.tmpdir} with an empty {@code redis.conf}. */
  static ServerDirectory create() {
    try {
      Path path = Files.createTempDirectory("gatehouse-redis-");
      // Sentinel refuses to start without a writable config file, and CONFIG REWRITE needs one too.
      Files.createFile(path.resolve("redis.conf"));
      return new ServerDirectory(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for redis-server", e);
    }
  }

  Path path() {
    return path;
  }

  Path configFile() {
    return path.resolve("redis.conf");
  }

  ServerLog log() {
    return log;
  }

  /** Deletes the directory and everything in it; does nothing if it is gone already. */
  void delete() {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path file : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
