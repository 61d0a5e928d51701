package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input never gets a 5xx or a stack trace: every answer is a 4xx with a JSON error body. Memory-only
 * (REDIS_ENABLED=false), since no case here reaches a store in a way Redis would change.
 */
class BadInputIT {

  @TempDir
  static Path dir;

  private static final RunningServers servers = new RunningServers();
  private static GatehouseServer server;
  private static String token;

  @BeforeAll
  static void start() {
    Map<String, String> env = RunningServers.env("redis://127.0.0.1:1", "t:", TestAccounts.usersFile(dir));
    env.put("REDIS_ENABLED", "false");
    server = servers.start(env);
    token = new GatehouseClient(server).token("alice", TestAccounts.PASSWORD);
  }

  @AfterAll
  static void stop() {
    servers.close();
  }

  /** A case: what to send (given the base URI) and the status expected. */
  record Case(String name, int status, Function<URI, HttpRequest> request) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> httpCases() {
    return Stream.of(
        post("malformed JSON", 400, "application/json", "{\"username\":"),
        post("JSON array", 400, "application/json", "[1,2]"),
        post("JSON string", 400, "application/json", "\"alice\""),
        post("empty body", 400, "application/json", ""),
        post("wrong field types", 400, "application/json", "{\"username\":1,\"password\":true}"),
        post("empty fields", 400, "application/json", "{\"username\":\"\",\"password\":\"\"}"),
        post("missing fields", 400, "application/json", "{}"),
        post("null fields", 400, "application/json", "{\"username\":null,\"password\":null}"),
        post("duplicate keys", 400, "application/json", "{\"username\":\"a\",\"username\":\"b\",\"password\":\"x\"}"),
        post("deep nesting", 400, "application/json", "[".repeat(5000) + "]".repeat(5000)),
        post("huge number", 400, "application/json", "{\"username\":1e999999999,\"password\":\"x\"}"),
        post("very long username", 400, "application/json",
            "{\"username\":\"" + "u".repeat(300) + "\",\"password\":\"x\"}"),
        post("password over 72 bytes", 401, "application/json",
            "{\"username\":\"alice\",\"password\":\"" + "p".repeat(100) + "\"}"),
        post("wrong content type", 415, "text/plain", "{\"username\":\"alice\",\"password\":\"x\"}"),
        post("form content type", 415, "application/x-www-form-urlencoded", "username=alice&password=x"),
        new Case("invalid UTF-8", 400, base -> HttpRequest.newBuilder(base.resolve("/api/auth/login"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}))
            .build()),
        new Case("no content type", 415, base -> HttpRequest.newBuilder(base.resolve("/api/auth/login"))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build()),
        get("10,000-character cookie", 431, "/api/auth/session", "Cookie", "gatehouse_session=" + "c".repeat(10_000)),
        get("garbage cookie", 401, "/api/auth/session", "Cookie", "gatehouse_session=\"<script>\"; other=1"),
        get("garbage bearer token", 401, "/api/auth/session", "Authorization", "Bearer not-a-token"),
        get("basic auth", 401, "/api/auth/session", "Authorization", "Basic YWxpY2U6eA=="),
        get("empty bearer", 401, "/api/auth/session", "Authorization", "Bearer "),
        get("unknown API route", 404, "/api/nope"),
        get("unknown route", 404, "/nope/nope"),
        get("very long URI", 414, "/api/" + "x".repeat(20_000)),
        new Case("wrong method on login", 405, base -> HttpRequest.newBuilder(base.resolve("/api/auth/login"))
            .PUT(HttpRequest.BodyPublishers.noBody()).build()),
        new Case("wrong method on health", 405, base -> HttpRequest.newBuilder(base.resolve("/api/health"))
            .DELETE().build()),
        new Case("malformed session id", 404, base -> HttpRequest.newBuilder(base.resolve("/api/auth/sessions/not-a-session-id"))
            .header("Authorization", "Bearer " + token).DELETE().build()),
        new Case("admin list without subject", 403, base -> HttpRequest.newBuilder(
            base.resolve("/api/admin/sessions?subject=")).header("Authorization", "Bearer " + token).GET().build()));
  }

  private static Case post(String name, int status, String contentType, String body) {
    return new Case(name, status, base -> HttpRequest.newBuilder(base.resolve("/api/auth/login"))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static Case get(String name, int status, String path, String... headers) {
    return new Case(name, status, base -> {
      HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path));
      if (headers.length > 0) {
        builder.headers(headers);
      }
      return builder.GET().build();
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("httpCases")
  void badRequest_getsA4xxWithAJsonError(Case input) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        input.request().apply(URI.create("http://127.0.0.1:" + server.port())), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(input.status());
    assertJsonError(response.body());
  }

  static Stream<Arguments> rawCases() {
    return Stream.of(
        Arguments.of("control and high bytes in a header", "GET /api/auth/session HTTP/1.1\r\nHost: x\r\n"
            + "X-Odd: \u0001\u00ff\u00fe\r\nConnection: close\r\n\r\n"),
        Arguments.of("high bytes in the cookie", "GET /api/auth/session HTTP/1.1\r\nHost: x\r\n"
            + "Cookie: gatehouse_session=\u00ff\u00fe\u0080\r\nConnection: close\r\n\r\n"),
        Arguments.of("high bytes in the path", "GET /api/\u00ff\u00fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        Arguments.of("encoded NUL in the path", "GET /api/%00%ff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        Arguments.of("header without a colon", "GET /api/health HTTP/1.1\r\nHost: x\r\nno colon here\r\n"
            + "Connection: close\r\n\r\n"),
        Arguments.of("garbage request line", "GARBAGE\r\n\r\n"),
        Arguments.of("bad chunked body", "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n"),
        Arguments.of("X-Forwarded-For garbage", "GET /api/nope HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: \u00ff, ,,\r\n"
            + "Connection: close\r\n\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rawCases")
  void malformedHttp_getsA4xxWithAJsonError(String name, String request) throws IOException {
    String response = raw(request.getBytes(StandardCharsets.ISO_8859_1));

    int status = Integer.parseInt(response.substring(9, 12));
    assertThat(status).as(response).isBetween(400, 499);
    assertJsonError(response.substring(response.indexOf("\r\n\r\n") + 4));
  }

  @Test
  void oversizeBody_declared_413() throws IOException {
    // Answered from Content-Length, before any of the body is read. Sent raw, with only the start of the body, so
    // the server never closes the connection under a client still writing a megabyte (which a client can see as a
    // reset instead of the 413), as the servlet module's BadInputIT does.
    String response = raw(("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: 1048576\r\nConnection: close\r\n\r\n{\"username\":\"aaaa")
        .getBytes(StandardCharsets.ISO_8859_1));

    assertThat(response).startsWith("HTTP/1.1 413 ");
    assertJsonError(response.substring(response.indexOf("\r\n\r\n") + 4));
  }

  private static void assertJsonError(String body) throws IOException {
    assertThat(body).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("<html");
    JsonNode json = GatehouseClient.JSON.readTree(body);
    assertThat(json.get("error").isTextual()).as(body).isTrue();
    assertThat(json.get("message").isTextual()).as(body).isTrue();
    assertThat(json.size()).isEqualTo(2);
  }

  private static String raw(byte[] request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      for (int n; (n = in.read(buffer)) > 0; ) {
        response.write(buffer, 0, n);
        String sofar = response.toString(StandardCharsets.ISO_8859_1);
        int headerEnd = sofar.indexOf("\r\n\r\n");
        int length = sofar.indexOf("Content-Length: ");
        if (headerEnd > 0 && length > 0) {
          int declared = Integer.parseInt(sofar.substring(length + 16, sofar.indexOf("\r\n", length)).trim());
          if (sofar.length() >= headerEnd + 4 + declared) {
            break;
          }
        }
      }
      return response.toString(StandardCharsets.UTF_8);
    }
  }
}
