package io.gatehouse.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A set of path prefixes, such as {@code /api} and {@code /admin}, matched against a request's path within the
 * application. A prefix matches itself and every path below it: {@code /api} matches {@code /api} and
 * {@code /api/notes}, not {@code /apis}; {@code /} matches every path.
 */
final class PathPrefixes {

  /** Every path. */
  static final PathPrefixes ALL = new PathPrefixes(List.of("/"));
  /** No path. */
  static final PathPrefixes NONE = new PathPrefixes(List.of());

  // Segments of visible ASCII other than the characters that start a query, fragment, path parameter or pattern.
  private static final Pattern PREFIX = Pattern.compile("/|(/[\\x21-\\x7E&&[^/?#;*\\\\%]]+)+/?");

  private final List<String> prefixes;

  private PathPrefixes(List<String> prefixes) {
    this.prefixes = List.copyOf(prefixes);
  }

  /**
   * Checks and keeps {@code prefixes}.
   *
   * @param what what the prefixes are for, as the start of an error message, such as {@code "login path prefix"}
   * @throws IllegalArgumentException for no prefix, or one that is not a plain path
   */
  static PathPrefixes of(String what, String... prefixes) {
    if (prefixes == null || prefixes.length == 0) {
      throw new IllegalArgumentException("at least one " + what + " is needed, such as /api");
    }
    List<String> checked = new ArrayList<>();
    for (String prefix : prefixes) {
      if (prefix == null || !PREFIX.matcher(prefix).matches() || prefix.contains("//")
          || prefix.matches(".*/\\.{1,2}(/.*)?")) {
        throw new IllegalArgumentException(what + " must be a path such as /api (starting with /, without wildcards,"
            + " query, spaces, '.' or '..' segments), got " + (prefix == null ? "null" : "\"" + prefix + "\""));
      }
      checked.add(prefix.length() > 1 && prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
    }
    return new PathPrefixes(checked);
  }

  /** Whether {@code path} is one of the prefixes or below one. */
  boolean matches(String path) {
    for (String prefix : prefixes) {
      if (prefix.equals("/") || path.equals(prefix)
          || (path.startsWith(prefix) && path.charAt(prefix.length()) == '/')) {
        return true;
      }
    }
    return false;
  }

  /**
   * The request's path within the application, decoded and normalized by the container: servlet path and path info,
   * without the context path, query or path parameters.
   */
  static String pathOf(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }

  @Override
  public String toString() {
    return prefixes.isEmpty() ? "(none)" : String.join(", ", prefixes);
  }
}
