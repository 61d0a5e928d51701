package io.gatehouse.spi;

/**
 * A store could not be reached or did not answer in time: a Redis outage, not a defect.
 *
 * <p>This is the one exception that a remote store throws for connection failures and timeouts (the cause is
 * kept). Failover decorators fall back to memory on this type and only on this type; any other exception from a
 * store (a Lua error, a wrong key type) is a bug and propagates unchanged.
 */
public class StoreUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be reached and for how long; must not contain secrets
   * @param cause the client's exception, kept for diagnosis
   */
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
