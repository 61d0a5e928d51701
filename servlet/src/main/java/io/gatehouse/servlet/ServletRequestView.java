package io.gatehouse.servlet;

import io.gatehouse.web.HttpRequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/** A Servlet request as {@code gatehouse-web} reads it. */
public final class ServletRequestView implements HttpRequestView {

  private final HttpServletRequest request;

  private ServletRequestView(HttpServletRequest request) {
    this.request = Objects.requireNonNull(request, "request");
  }

  public static ServletRequestView of(HttpServletRequest request) {
    return new ServletRequestView(request);
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public List<String> headers(String name) {
    Enumeration<String> values = request.getHeaders(name);
    return values == null ? List.of() : Collections.list(values);
  }

  @Override
  public String peerAddress() {
    return request.getRemoteAddr();
  }
}
