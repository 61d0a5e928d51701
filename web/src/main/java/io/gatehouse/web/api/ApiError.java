package io.gatehouse.web.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer: an HTTP status, a stable machine-readable code and a message for people, sent as
 * {@code {"error": "<code>", "message": "<message>"}} ({@link Body}). Thrown by handlers and turned into the response
 * by each adapter's error handling; it carries no stack trace, since it is an answer, not a fault.
 */
public final class ApiError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;
  private final transient Map<String, String> headers;

  /**
   * Creates an error answer.
   *
   * @param status the HTTP status, 400 to 599
   * @param error the code, in snake_case, stable across versions
   * @param message what went wrong, for people; must not contain secrets or echo long client input
   * @param headers response headers to send with it, such as {@code Retry-After}
   */
  public ApiError(int status, String error, String message, Map<String, String> headers) {
    super(message, null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 400 to 599, got " + status);
    }
    this.status = status;
    this.error = error;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  public ApiError(int status, String error, String message) {
    this(status, error, message, Map.of());
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, "bad_request", message);
  }

  /** 401 with {@code WWW-Authenticate: Bearer}, so clients know how to authenticate. */
  public static ApiError unauthorized(String message) {
    return new ApiError(401, "unauthorized", message, Map.of("WWW-Authenticate", "Bearer"));
  }

  public static ApiError forbidden(String message) {
    return new ApiError(403, "forbidden", message);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The JSON body of an error answer. */
  public record Body(String error, String message) {}
}
