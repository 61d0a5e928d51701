package io.gatehouse.console;

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
 *
 * <p>The pages hold no fixed URL: each is rendered with the {@link Mount} it is served under, which the scripts
 * read from the page's {@code body} ({@code data-api}, {@code data-auth}), so the same files serve the reference
 * server's {@code /admin} and a servlet mounted anywhere.
 */
public final class ConsolePages {

  /** The uPlot WebJar's version; must match the {@code org.webjars.npm:uplot} dependency. */
  static final String UPLOT_VERSION = "1.6.30";
  private static final String OWN = "/io/gatehouse/console/";
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

  ConsolePages() {}

  /** The sign-in page, for a visitor without a session. */
  public String signIn(Mount mount) {
    return render(signIn, mount, "");
  }

  /** The console, for {@code subject}, who has the admin role. */
  public String console(String subject, Mount mount) {
    return render(console, mount, subject);
  }

  /** The 403 page, for {@code subject}, who is signed in without the admin role. */
  public String forbidden(String subject, Mount mount) {
    return render(forbidden, mount, subject);
  }

  /** The asset named {@code name}, if it is one of the console's. */
  public Optional<Asset> asset(String name) {
    return Optional.ofNullable(assets.get(name));
  }

  /** A static file and its content type. */
  public record Asset(byte[] bytes, String contentType) {}

  /**
   * Where the pages are served: the path of the assets ({@code /admin/assets}), the base of the console's JSON API
   * ({@code /api/admin}) and that of the session endpoints with {@code /login} and {@code /logout}
   * ({@code /api/auth}); each absolute, without a trailing slash.
   */
  public record Mount(String assets, String api, String auth) {

    public Mount {
      check("assets", assets);
      check("api", api);
      check("auth", auth);
    }

    private static void check(String name, String path) {
      if (path == null || !path.startsWith("/") || path.endsWith("/")) {
        throw new IllegalArgumentException(name + " must be an absolute path without a trailing slash, such as"
            + " /admin, got " + (path == null ? "null" : "\"" + path + "\""));
      }
    }
  }

  private static String render(String page, Mount mount, String subject) {
    return page.replace("{{assets}}", escape(mount.assets())).replace("{{api}}", escape(mount.api()))
        .replace("{{auth}}", escape(mount.auth())).replace("{{subject}}", escape(subject));
  }

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
