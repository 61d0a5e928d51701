package io.gatehouse.server.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of environment variables, each failing with a {@link ConfigException} that names the variable, the
 * accepted form and the value. An unset variable yields the default; nothing bad is silently replaced.
 */
final class EnvironmentVariables {

  private final Map<String, String> env;

  EnvironmentVariables(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The raw value, or empty when the variable is unset. */
  Optional<String> raw(Setting setting) {
    return Optional.ofNullable(env.get(setting.name()));
  }

  /** The value, or empty when the variable is unset or blank (for settings whose empty value means "none"). */
  Optional<String> optional(Setting setting) {
    return raw(setting).map(String::trim).filter(s -> !s.isEmpty());
  }

  int integer(Setting setting, int fallback, int min, int max) {
    return raw(setting).map(value -> parseInteger(setting, value, min, max)).orElse(fallback);
  }

  static int parseInteger(Setting setting, String value, int min, int max) {
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below, with the accepted form
    }
    throw invalid(setting, "a whole number from " + min + " to " + max, value);
  }

  boolean bool(Setting setting, boolean fallback) {
    Optional<String> value = raw(setting);
    if (value.isEmpty()) {
      return fallback;
    }
    switch (value.get().trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "on":
        return true;
      case "false", "no", "0", "off":
        return false;
      default:
        throw invalid(setting, "true or false", value.get());
    }
  }

  Duration duration(Setting setting, Duration fallback) {
    return raw(setting).map(value -> parseDuration(setting, value)).orElse(fallback);
  }

  /** Parses {@code 250ms}, {@code 900s}, {@code 15m}, {@code 1h}, {@code 7d} or ISO-8601 ({@code PT15M}). */
  static Duration parseDuration(Setting setting, String value) {
    return DurationText.parse(value).orElseThrow(() -> invalid(setting, DurationText.FORM, value));
  }

  /** One of {@code choices} (case-insensitive), as its enum constant. */
  <E extends Enum<E>> E choice(Setting setting, Class<E> type, E fallback) {
    Optional<String> value = raw(setting);
    if (value.isEmpty()) {
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value.get().trim())) {
        return constant;
      }
    }
    StringBuilder choices = new StringBuilder();
    E[] constants = type.getEnumConstants();
    for (int i = 0; i < constants.length; i++) {
      choices.append(i == 0 ? "" : i == constants.length - 1 ? " or " : ", ")
          .append(constants[i].name().toLowerCase(Locale.ROOT));
    }
    throw invalid(setting, "one of " + choices, value.get());
  }

  /** The standard message: {@code NAME must be <form>, got "<value>"}, with the value shortened if long. */
  static ConfigException invalid(Setting setting, String form, String value) {
    return new ConfigException(setting.name() + " must be " + form + ", got " + quote(setting, value));
  }

  /**
   * Runs a builder step for {@code setting}'s {@code value}, turning the builder's refusal
   * ({@link IllegalArgumentException}) into the standard message naming the setting, the value and {@code form}.
   */
  static void apply(Setting setting, String form, String value, Runnable step) {
    try {
      step.run();
    } catch (IllegalArgumentException e) {
      throw invalid(setting, form, value);
    }
  }

  static String quote(Setting setting, String value) {
    if (setting.secret()) {
      return "a value of " + value.length() + " characters (not shown: it is a secret)";
    }
    String shown = value.length() > 120 ? value.substring(0, 120) + "…" : value;
    StringBuilder escaped = new StringBuilder("\"");
    for (char c : shown.toCharArray()) {
      escaped.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return escaped.append('"').toString();
  }
}
