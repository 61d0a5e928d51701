package io.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.web.client.TrustedProxies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input never gets a 5xx: every answer of the filter and the auth servlet to it is a 4xx with a JSON error body
 * and no stack trace. In memory, since no case reaches a store in a way Redis would change. The container accepts
 * header lines of up to 32 KB, so that a 10 KB header reaches the filter and its own limits are what is tested.
 */
class BadInputIT {

  private static TestContainer container;
  private static ContainerClient client;
  private static String token;
  private static String adminToken;

  @BeforeAll
  static void start() {
    container = TestContainer.start(TestGatehouses.inMemory().build(),
        filter -> filter.trustedProxies(TrustedProxies.parse("127.0.0.1")));
    client = new ContainerClient(container);
    token = client.token("alice", TestAccounts.PASSWORD);
    adminToken = client.token("root", TestAccounts.PASSWORD);
  }

  @AfterAll
  static void stop() {
    container.close();
  }

  /** A case: the request to send, built on the client, and the status expected. */
  record Case(String name, int status, Function<ContainerClient, HttpRequest.Builder> request) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> httpCases() {
    return Stream.of(
        login("malformed JSON", 400, "application/json", "{\"username\":"),
        login("JSON array", 400, "application/json", "[1,2]"),
        login("JSON string", 400, "application/json", "\"alice\""),
        login("empty body", 400, "application/json", ""),
        login("wrong field types", 400, "application/json", "{\"username\":1,\"password\":true}"),
        login("empty fields", 400, "application/json", "{\"username\":\"\",\"password\":\"\"}"),
        login("missing fields", 400, "application/json", "{}"),
        login("null fields", 400, "application/json", "{\"username\":null,\"password\":null}"),
        login("duplicate keys", 400, "application/json", "{\"username\":\"a\",\"username\":\"b\",\"password\":\"x\"}"),
        login("deep nesting", 400, "application/json", "[".repeat(5000) + "]".repeat(5000)),
        login("huge number", 400, "application/json", "{\"username\":1e999999999,\"password\":\"x\"}"),
        login("very long username", 400, "application/json",
            "{\"username\":\"" + "u".repeat(300) + "\",\"password\":\"x\"}"),
        login("password over 72 bytes", 401, "application/json",
            "{\"username\":\"alice\",\"password\":\"" + "p".repeat(100) + "\"}"),
        login("wrong content type", 415, "text/plain", "{\"username\":\"alice\",\"password\":\"x\"}"),
        login("form content type", 415, "application/x-www-form-urlencoded", "username=alice&password=x"),
        new Case("invalid UTF-8", 400, c -> c.request("/auth/login").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}))),
        new Case("no content type", 415, c -> c.request("/auth/login").POST(HttpRequest.BodyPublishers.ofString("{}"))),
        get("10 KB cookie header", 401, "/api/whoami", "Cookie", "gatehouse_session=" + "c".repeat(10_000)),
        get("10 KB bearer header", 401, "/api/whoami", "Authorization", "Bearer " + "t".repeat(10_000)),
        get("10 KB forwarded-for header", 401, "/api/whoami", "X-Forwarded-For", "10.0.0.1, ".repeat(1_000)),
        get("garbage cookie", 401, "/auth/session", "Cookie", "gatehouse_session=\"<script>\"; other=1"),
        get("garbage cookie on a filtered path", 401, "/api/whoami", "Cookie", "gatehouse_session=%%%; x"),
        get("Bearer alone", 401, "/api/whoami", "Authorization", "Bearer"),
        get("Bearer a b", 401, "/api/whoami", "Authorization", "Bearer a b"),
        get("non-ASCII bearer", 401, "/api/whoami", "Authorization", "Bearer t\u00f6k\u00e9n"),
        get("two bearer headers", 401, "/auth/session", "Authorization", "Bearer a", "Authorization", "Bearer b"),
        get("garbage bearer token", 401, "/auth/session", "Authorization", "Bearer not-a-token"),
        get("basic auth", 401, "/auth/session", "Authorization", "Basic YWxpY2U6eA=="),
        get("unknown auth endpoint", 404, "/auth/nope"),
        get("auth servlet root", 404, "/auth"),
        new Case("wrong method on login", 405, c -> c.request("/auth/login").PUT(HttpRequest.BodyPublishers.noBody())),
        new Case("malformed session id", 404, c -> c.request("/auth/sessions/not-a-session-id")
            .header("Authorization", "Bearer " + token).DELETE()),
        new Case("session id with a slash", 404, c -> c.request("/auth/sessions/a/b")
            .header("Authorization", "Bearer " + token).DELETE()),
        new Case("admin list as a user", 403, c -> c.request("/auth/admin/sessions?subject=bob")
            .header("Authorization", "Bearer " + token).GET()),
        new Case("admin list without subject", 400, c -> c.request("/auth/admin/sessions?subject=")
            .header("Authorization", "Bearer " + adminToken).GET()),
        new Case("admin list with a very long subject", 400, c -> c.request("/auth/admin/sessions?subject="
            + "s".repeat(300)).header("Authorization", "Bearer " + adminToken).GET()));
  }

  private static Case login(String name, int status, String contentType, String body) {
    return new Case(name, status, c -> c.request("/auth/login").header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static Case get(String name, int status, String path, String... headers) {
    return new Case(name, status, c -> c.request(path, headers).GET());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("httpCases")
  void badRequest_getsA4xxWithAJsonError(Case input) throws IOException {
    HttpResponse<String> response = client.send(input.request().apply(client));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(input.status());
    assertJsonError(response.body());
  }

  @Test
  void wrongMethod_namesTheAllowedOnes() {
    HttpResponse<String> response = client.get("/auth/sessions/revoke-all", ContainerClient.bearer(token));

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).contains("POST, DELETE");
    assertThat(response.body())
        .isEqualTo("{\"error\":\"method_not_allowed\",\"message\":\"this endpoint does not accept this method\"}");
  }

  static Stream<Arguments> rawCases() {
    String failedLogin = "{\"username\":\"bob\",\"password\":\"nope\"}";
    return Stream.of(
        Arguments.of("UTF-8 in the bearer token", "GET /api/whoami HTTP/1.1\r\nHost: x\r\n"
            + "Authorization: Bearer \u043a\u043b\u044e\u0447\r\nConnection: close\r\n\r\n", 401),
        Arguments.of("high bytes in the cookie", "GET /auth/session HTTP/1.1\r\nHost: x\r\n"
            + "Cookie: gatehouse_session=\u00ff\u00fe\u0080\r\nConnection: close\r\n\r\n", 401),
        Arguments.of("bad percent-encoding in the admin query", "GET /auth/admin/sessions?subject=%zz HTTP/1.1\r\n"
            + "Host: x\r\nAuthorization: Bearer " + adminToken + "\r\nConnection: close\r\n\r\n", 400),
        // Declared too large: answered from Content-Length, before any of the body is read. Sent raw, with only the
        // start of the body, so the container never closes the connection under a client still writing a megabyte
        // (which a client can see as a reset instead of the 413).
        Arguments.of("oversize body", "POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: 1048576\r\nConnection: close\r\n\r\n{\"username\":\"aaaa", 413),
        Arguments.of("X-Forwarded-For garbage", "POST /auth/login HTTP/1.1\r\nHost: x\r\n"
            + "X-Forwarded-For: \u00ff, ,,\r\nContent-Type: application/json\r\nContent-Length: "
            + failedLogin.length() + "\r\nConnection: close\r\n\r\n" + failedLogin, 401));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rawCases")
  void malformedHttp_getsA4xxWithAJsonError(String name, String request, int status) throws IOException {
    String response = raw(request.getBytes(StandardCharsets.UTF_8));

    assertThat(Integer.parseInt(response.substring(9, 12))).as(response).isEqualTo(status);
    assertJsonError(response.substring(response.indexOf("\r\n\r\n") + 4));
  }

  @Test
  void headerLargerThanTheContainerAccepts_isTheContainers4xx() throws IOException {
    String response = raw(("GET /api/whoami HTTP/1.1\r\nHost: x\r\nCookie: gatehouse_session="
        + "c".repeat(TestContainer.REQUEST_HEADER_BYTES) + "\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));

    assertThat(Integer.parseInt(response.substring(9, 12))).as(response).isEqualTo(431);
  }

  private static void assertJsonError(String body) throws IOException {
    assertThat(body).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("<html");
    JsonNode json = ContainerClient.JSON.readTree(body);
    assertThat(json.get("error").isTextual()).as(body).isTrue();
    assertThat(json.get("message").isTextual()).as(body).isTrue();
    assertThat(json.size()).isEqualTo(2);
  }

  /** Sends bytes that java.net.http would refuse to send, and reads the answer until the connection closes. */
  private static String raw(byte[] request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", client.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      in.transferTo(response);
      return response.toString(StandardCharsets.UTF_8);
    }
  }
}
