package io.gatehouse.spring.boot.autoconfigure;

import java.time.Duration;

/**
 * A {@code gatehouse.*} property whose value Gatehouse cannot use, found while building the beans. Start-up stops, and
 * {@link InvalidGatehousePropertyFailureAnalyzer} reports the property, the value and the accepted form.
 */
final class InvalidGatehousePropertyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String property;
  private final String value;
  private final String accepted;

  /**
   * Creates the exception.
   *
   * @param property the property's canonical name, such as {@code gatehouse.session.idle-timeout}
   * @param value the value as bound, {@code null} when the property is not set
   * @param accepted what the property takes, completing "must be ...", such as {@code a positive duration like 30m}
   * @param cause the core's own rejection, whose message says which rule was broken; may be {@code null}
   */
  InvalidGatehousePropertyException(String property, Object value, String accepted, Throwable cause) {
    this(property, accepted, cause, display(value));
  }

  /** With the value as the message shows it, {@code shown}. */
  private InvalidGatehousePropertyException(String property, String accepted, Throwable cause, String shown) {
    super(property + " must be " + accepted + ", got " + shown, cause);
    this.property = property;
    this.value = shown;
    this.accepted = accepted;
  }

  /**
   * The exception for a secret {@code property}: the message shows the value's length, never the value, and keeps no
   * cause, whose message might quote it.
   */
  static InvalidGatehousePropertyException secret(String property, String value, String accepted) {
    return new InvalidGatehousePropertyException(property, accepted, null, "a value of " + value.length()
        + " characters (not shown: it is a secret)");
  }

  String property() {
    return property;
  }

  /** The value as the message shows it: quoted, durations written as in properties files ({@code "15m"}). */
  String value() {
    return value;
  }

  String accepted() {
    return accepted;
  }

  static String display(Object value) {
    if (value == null) {
      return "nothing (not set)";
    }
    return "\"" + (value instanceof Duration duration ? format(duration) : value) + "\"";
  }

  /** A duration in the shortest form Spring Boot reads back: {@code 15m}, {@code 250ms}, {@code -5s}. */
  static String format(Duration duration) {
    if (duration.getNano() % 1_000_000 != 0) {
      return duration.toString();
    }
    long millis = duration.toMillis();
    if (millis != 0 && millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis != 0 && millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
