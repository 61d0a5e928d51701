package io.gatehouse.console;

import java.time.Duration;

/** Durations as the reference server's settings write them, for the limiters' policies: {@code 15m}, {@code 1h}. */
final class Durations {

  private Durations() {}

  /** {@code d} in the largest whole unit: {@code 250ms}, {@code 15m}, {@code 12h}; ISO-8601 below a millisecond. */
  static String format(Duration d) {
    long millis = d.toMillis();
    if (!d.equals(Duration.ofMillis(millis))) {
      return d.toString();
    }
    if (millis % 86_400_000 == 0) {
      return millis / 86_400_000 + "d";
    } else if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    } else if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    } else if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
