package io.gatehouse.server.config;

/**
 * A setting that cannot be used: its message names the variable, the accepted form and the value (masked when
 * secret), as in {@code RATE_LIMIT_WINDOW must be a positive duration like 250ms, ..., got "fifteen"}. It stops
 * start-up; nothing bad is silently replaced by a default.
 */
public final class ConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
