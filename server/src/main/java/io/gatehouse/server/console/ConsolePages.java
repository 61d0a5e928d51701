package io.gatehouse.server.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The console's files: three HTML pages (sign-in, the console, and the refusal a non-admin sees) and the static
 * assets they load, read once from the classpath. uPlot comes from its WebJar on Maven Central, at the version this
 * build depends on; nothing is fetched from elsewhere at run time, and only the files listed here are served.
 */
final class ConsolePages {

  /** The uPlot WebJar's version; must match the {@code org.webjars.npm:uplot} dependency. */
  static final String UPLOT_VERSION = "1.6.30";
  private static final String OWN = "/io/gatehouse/server/console/";
  private static final String UPLOT = "/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";

  private final String signIn = text(OWN + "sign-in.html");
  private final String console = text(OWN + "console.html");
  private final String forbidden = text(OWN + "forbidden.html");
  private final Map<String, Asset> assets = Map.of(
      "console.js", asset(OWN + "console.js", "text/javascript; charset=utf-8"),
      "charts.js", asset(OWN + "charts.js", "text/javascript; charset=utf-8"),
      "sign-in.js", asset(OWN + "sign-in.js", "text/javascript; charset=utf-8"),
      "console.css", asset(OWN + "console.css", "text/css; charset=utf-8"),
      "uPlot.iife.min.js", asset(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
      "uPlot.min.css", asset(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));

  String signIn() {
    return signIn;
  }

  String console(String subject) {
    return console.replace("{{subject}}", escape(subject));
  }

  String forbidden(String subject) {
    return forbidden.replace("{{subject}}", escape(subject));
  }

  /** The asset named {@code name}, if it is one of the console's. */
  Optional<Asset> asset(String name) {
    return Optional.ofNullable(assets.get(name));
  }

  /** A static file and its content type. */
  record Asset(byte[] bytes, String contentType) {}

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String text(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }

  private static Asset asset(String path, String contentType) {
    return new Asset(bytes(path), contentType);
  }

  private static byte[] bytes(String path) {
    try (InputStream in = ConsolePages.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("the console's file " + path + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading the console's file " + path, e);
    }
  }
}
