package io.gatehouse.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.web.api.ApiError;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {

  @Test
  void unexpectedException_becomesA500WithAnIncidentId_andNoStackTrace() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(mapper, false));
      config.jetty.port = 0;
      new ErrorResponses(mapper).install(config);
      config.routes.get("/boom", ctx -> {
        throw new IllegalStateException("secret internal detail");
      });
    }).start();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/boom")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.body()).matches("\\{\"error\":\"internal_error\",\"message\":\"an unexpected error "
          + "occurred; it was logged as incident [0-9a-f]{12}\"}");
    } finally {
      app.stop();
    }
  }

  @Test
  void apiError_carriesItsHeaders() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(mapper, false));
      config.jetty.port = 0;
      new ErrorResponses(mapper).install(config);
      config.routes.get("/limited", ctx -> {
        throw new ApiError(429, "too_many_requests", "slow down", java.util.Map.of("Retry-After", "7"));
      });
    }).start();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/limited")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(429);
      assertThat(response.headers().firstValue("Retry-After")).contains("7");
      assertThat(response.body()).isEqualTo("{\"error\":\"too_many_requests\",\"message\":\"slow down\"}");
    } finally {
      app.stop();
    }
  }
}
