package io.gatehouse.servlet;

import io.gatehouse.web.api.HttpResponseView;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Objects;

/** A Servlet response as {@code gatehouse-web} writes its headers: added ({@code Set-Cookie}) or set. */
public final class ServletResponseView implements HttpResponseView {

  private final HttpServletResponse response;

  private ServletResponseView(HttpServletResponse response) {
    this.response = Objects.requireNonNull(response, "response");
  }

  public static ServletResponseView of(HttpServletResponse response) {
    return new ServletResponseView(response);
  }

  @Override
  public void addHeader(String name, String value) {
    response.addHeader(name, value);
  }

  @Override
  public void setHeader(String name, String value) {
    response.setHeader(name, value);
  }
}
