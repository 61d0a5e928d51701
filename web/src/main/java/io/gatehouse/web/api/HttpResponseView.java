package io.gatehouse.web.api;

/** The part of an HTTP response that the auth endpoints write besides their body: headers, such as Set-Cookie. */
@FunctionalInterface
public interface HttpResponseView {

  /** Adds a header line, keeping any other of the same name (as {@code Set-Cookie} needs). */
  void addHeader(String name, String value);

  /**
   * Sets a header, replacing any of the same name that the adapter or an earlier handler set (as
   * {@code Cache-Control} needs, so it is sent once). Adds by default; adapters that can replace should.
   */
  default void setHeader(String name, String value) {
    addHeader(name, value);
  }
}
