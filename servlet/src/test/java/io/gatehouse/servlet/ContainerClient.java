package io.gatehouse.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A test client for one container: java.net.http, no cookie jar (tests pass cookies and tokens explicitly). */
final class ContainerClient {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI base;
  private final int port;

  ContainerClient(TestContainer container) {
    this.port = container.port();
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  int port() {
    return port;
  }

  URI base() {
    return base;
  }

  HttpResponse<String> get(String path, String... headers) {
    return send(request(path, headers).GET());
  }

  HttpResponse<String> delete(String path, String... headers) {
    return send(request(path, headers).DELETE());
  }

  HttpResponse<String> post(String path, String... headers) {
    return send(request(path, headers).POST(HttpRequest.BodyPublishers.noBody()));
  }

  HttpResponse<String> postJson(String path, String body, String... headers) {
    return send(request(path, headers).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** POSTs a login to the auth servlet; extra headers such as {@code X-Forwarded-For} may follow. */
  HttpResponse<String> login(String username, String password, String... headers) {
    return postJson("/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}",
        headers);
  }

  /** Logs in and returns the token, failing the test unless the login succeeds. */
  String token(String username, String password) {
    HttpResponse<String> response = login(username, password);
    if (response.statusCode() != 200) {
      throw new AssertionError("login of " + username + " failed: " + response.statusCode() + " " + response.body());
    }
    return json(response).get("token").asText();
  }

  static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  static String[] cookie(String token) {
    return new String[] {"Cookie", TestContainer.COOKIE.name() + "=" + token};
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return builder;
  }
}
