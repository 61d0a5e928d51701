package io.gatehouse.spring.boot.security;

import io.gatehouse.web.api.ApiError;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes an {@link ApiError} as the reference server does: its status and headers, and the body
 * {@code {"error": "<code>", "message": "<message>"}}. Without a JSON library, since the login limit works in
 * applications that have none; both strings are Gatehouse's own, escaped all the same.
 */
final class ErrorAnswers {

  private ErrorAnswers() {}

  static void write(HttpServletResponse response, ApiError error) throws IOException {
    response.setStatus(error.status());
    error.headers().forEach(response::setHeader);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("application/json");
    byte[] body = ("{\"error\":" + quote(error.error()) + ",\"message\":" + quote(error.getMessage()) + "}")
        .getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c < 0x20) {
        quoted.append(String.format("\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
