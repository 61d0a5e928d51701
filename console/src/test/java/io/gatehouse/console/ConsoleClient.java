package io.gatehouse.console;

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
final class ConsoleClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI base;

  ConsoleClient(ConsoleContainer container) {
    this.base = URI.create("http://127.0.0.1:" + container.port());
  }

  HttpResponse<String> get(String path, String... headers) {
    return send(request(path, headers).GET());
  }

  HttpResponse<String> delete(String path, String... headers) {
    return send(request(path, headers).DELETE());
  }

  HttpResponse<String> postJson(String path, String body, String... headers) {
    return send(request(path, headers).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> login(String username, String password) {
    return postJson("/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
  }

  /** Logs in and returns the token, failing the test unless the login succeeds. */
  String token(String username) {
    HttpResponse<String> response = login(username, ConsoleContainer.PASSWORD);
    if (response.statusCode() != 200) {
      throw new AssertionError("login of " + username + " failed: " + response.statusCode() + " " + response.body());
    }
    return json(response).get("token").asText();
  }

  static String[] cookie(String token) {
    return new String[] {"Cookie", ConsoleContainer.COOKIE.name() + "=" + token};
  }

  static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return builder;
  }
}
