package io.gatehouse.servlet;

import io.gatehouse.web.api.ApiError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads one parameter from a raw query string. Read here rather than with {@code getParameter}, whose errors for a
 * malformed query would be the container's, not a JSON 400.
 */
public final class QueryParameter {

  private QueryParameter() {}

  /**
   * The first value of the parameter {@code name} in {@code query}, decoded; {@code null} if absent.
   *
   * @throws ApiError 400 if the query string is not correctly percent-encoded
   */
  public static String value(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (decode(eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
        return eq < 0 ? "" : decode(pair.substring(eq + 1));
      }
    }
    return null;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("the query string is not correctly percent-encoded");
    }
  }
}
