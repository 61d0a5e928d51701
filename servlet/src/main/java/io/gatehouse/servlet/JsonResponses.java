package io.gatehouse.servlet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.web.api.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Writes the JSON answers of the filter, the auth servlet and other Gatehouse servlets (the console's): bodies, {@link ApiError}s as
 * {@code {"error": ..., "message": ...}} with their headers, and the 500 of an unexpected exception, which is logged
 * once with an incident id that the client is given instead of any detail.
 *
 * <p>One plain {@link ObjectMapper}, not the application's: the answers must be byte for byte those of the reference
 * server, whatever naming strategy or indentation an application configures for its own JSON.
 */
public final class JsonResponses {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private static final System.Logger LOG = System.getLogger(JsonResponses.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_LOGGED_PATH = 200;

  private JsonResponses() {}

  /** Writes {@code body} as JSON with {@code status}. */
  public static void write(HttpServletResponse response, int status, Object body) throws IOException {
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + body.getClass().getName() + " as JSON", e);
    }
    response.setStatus(status);
    response.setContentType("application/json");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** Writes {@code error} with its status and headers. */
  public static void error(HttpServletResponse response, ApiError error) throws IOException {
    error.headers().forEach(response::setHeader);
    write(response, error.status(), new ApiError.Body(error.error(), error.getMessage()));
  }

  /**
   * Logs {@code failure} once, with its stack trace and a new incident id, and answers 500 with that id only. Logs
   * the method and path, never the query, headers or body, which may hold credentials.
   */
  public static void unexpected(HttpServletRequest request, HttpServletResponse response, RuntimeException failure)
      throws IOException {
    String incident = HexFormat.of().formatHex(randomBytes());
    LOG.log(Level.ERROR, "Unexpected error answering " + request.getMethod() + " " + loggable(request)
        + " (incident " + incident + ")", failure);
    if (response.isCommitted()) {
      return;
    }
    response.reset();
    write(response, 500, new ApiError.Body("internal_error", "an unexpected error occurred; it was logged as incident "
        + incident));
  }

  private static String loggable(HttpServletRequest request) {
    String path = request.getRequestURI();
    if (path == null) {
      return "(no path)";
    }
    String shown = path.length() > MAX_LOGGED_PATH ? path.substring(0, MAX_LOGGED_PATH) + "..." : path;
    return shown.replaceAll("[\\p{Cntrl}]", "?");
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
