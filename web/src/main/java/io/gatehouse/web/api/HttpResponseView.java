package io.gatehouse.web.api;

/** The part of an HTTP response that the auth endpoints write besides their body: headers, such as Set-Cookie. */
@FunctionalInterface
public interface HttpResponseView {

  /** Adds a header line, keeping any other of the same name. */
  void addHeader(String name, String value);
}
