package io.gatehouse.server.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the environment variables write them: {@code 250ms}, {@code 900s}, {@code 15m}, {@code 1h},
 * {@code 7d}, or ISO-8601 such as {@code PT15M}. Used to read a variable, and to show a value or a default the same
 * way in {@code --help} and the start-up log.
 */
public final class DurationText {

  /** The accepted form, as error messages quote it. */
  static final String FORM = "a positive duration like 250ms, 900s, 15m, 1h, 7d or PT15M";

  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private DurationText() {}

  /** The positive duration {@code text} writes, surrounding whitespace ignored; empty if it is not one. */
  static Optional<Duration> parse(String text) {
    return parseNonNegative(text).filter(parsed -> !parsed.isZero());
  }

  /** As {@link #parse}, zero ({@code 0s}, {@code 0ms}, {@code PT0S}) included. */
  static Optional<Duration> parseNonNegative(String text) {
    String trimmed = text.trim();
    Duration parsed = null;
    Matcher m = SHORT.matcher(trimmed);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      parsed = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    } else if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        parsed = Duration.parse(trimmed);
      } catch (DateTimeParseException e) {
        // not a duration: reported by the caller, with the accepted form
      }
    }
    return parsed == null || parsed.isNegative() ? Optional.empty() : Optional.of(parsed);
  }

  /** {@code d} in the largest whole unit: {@code 250ms}, {@code 15m}, {@code 12h}; ISO-8601 below a millisecond. */
  public static String format(Duration d) {
    long millis = d.toMillis();
    if (d.equals(Duration.ofMillis(millis))) {
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
    return d.toString();
  }
}
