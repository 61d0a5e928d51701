package io.gatehouse.redis.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The log file of one {@code redis-server}, which also receives the process's stdout and stderr.
 *
 * <p>Each launch reads only what it appended ({@link #size()} before, {@link #since(long)} after), so a message left
 * by an earlier run, such as "Address already in use", is not mistaken for the current run's.
 */
final class ServerLog {

  private static final int MAX_READ = 64 * 1024;
  private static final int TAIL_LINES = 20;

  private final Path file;

  ServerLog(Path file) {
    this.file = file;
  }

  /** Returns the log file's path. */
  Path file() {
    return file;
  }

  /** Returns the current length in bytes, {@code 0} if the file does not exist yet. */
  long size() {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + file, e);
    }
  }

  /** Returns the text appended after {@code offset}, at most its last 64 KiB. */
  String since(long offset) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      int start = (int) Math.min(bytes.length, Math.max(offset, bytes.length - MAX_READ));
      return new String(bytes, start, bytes.length - start, UTF_8);
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  /** Returns the last lines appended after {@code offset}, headed by the file name, for an exception message. */
  String tail(long offset) {
    List<String> lines = Arrays.asList(since(offset).strip().split("\\R"));
    List<String> tail = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
    return "last lines of " + file + ":" + System.lineSeparator() + String.join(System.lineSeparator(), tail);
  }
}
