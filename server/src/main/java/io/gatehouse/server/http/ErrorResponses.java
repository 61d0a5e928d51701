package io.gatehouse.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.web.api.ApiError;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into a JSON error body {@code {"error": ..., "message": ...}}, at each of the three places
 * one can arise: a handler's {@link ApiError}, Javalin's own answers (unknown route, wrong method), and Jetty's
 * protocol errors (a malformed request line or header, headers too large) that never reach a handler.
 *
 * <p>An unexpected exception is a bug: it is logged once, with its stack trace and an incident id, and the client
 * gets a 500 with that id and nothing else.
 */
public final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ObjectMapper mapper;

  public ErrorResponses(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Registers the handlers on a Javalin configuration. */
  public void install(JavalinConfig config) {
    config.routes.exception(ApiError.class, (e, ctx) -> write(ctx, e));
    config.routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, fromJavalin(e)));
    config.routes.exception(Exception.class, (e, ctx) -> {
      String incident = HexFormat.of().formatHex(randomBytes());
      LOG.error("Unexpected error answering {} {} (incident {})", ctx.method(), ctx.path(), incident, e);
      write(ctx, new ApiError(500, "internal_error", "an unexpected error occurred; it was logged as incident "
          + incident));
    });
    JsonErrorHandler jetty = new JsonErrorHandler(mapper);
    config.jetty.modifyServer(server -> server.setErrorHandler(jetty));
  }

  private void write(Context ctx, ApiError error) {
    error.headers().forEach(ctx::header);
    ctx.status(error.status()).json(new ApiError.Body(error.error(), error.getMessage()));
  }

  static ApiError fromJavalin(HttpResponseException e) {
    int status = e.getStatus() >= 400 && e.getStatus() <= 599 ? e.getStatus() : 500;
    return switch (status) {
      case 404 -> ApiError.notFound("no such endpoint");
      case 405 -> new ApiError(405, "method_not_allowed", "this endpoint does not accept this method");
      case 413 -> new ApiError(413, "payload_too_large", "the request body is too large");
      case 415 -> new ApiError(415, "unsupported_media_type", "unsupported content type");
      default -> new ApiError(status, errorCode(status), describe(status));
    };
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  static String errorCode(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 408 -> "request_timeout";
      case 413 -> "payload_too_large";
      case 414 -> "uri_too_long";
      case 415 -> "unsupported_media_type";
      case 429 -> "too_many_requests";
      case 431 -> "request_header_fields_too_large";
      case 503 -> "service_unavailable";
      default -> status >= 500 ? "internal_error" : "bad_request";
    };
  }

  static String describe(int status) {
    return switch (status) {
      case 400 -> "the request is malformed";
      case 408 -> "the request took too long to arrive";
      case 414 -> "the request URI is too long";
      case 431 -> "the request headers are too large";
      case 503 -> "the server cannot answer right now";
      default -> status >= 500 ? "an unexpected error occurred" : "the request cannot be processed";
    };
  }

  /**
   * Jetty's error handler, for errors raised before a request reaches Javalin: writes the same JSON shape, never a
   * stack trace or an HTML page, and never echoes the offending input.
   */
  static final class JsonErrorHandler extends ErrorHandler {

    private final ObjectMapper mapper;

    JsonErrorHandler(ObjectMapper mapper) {
      this.mapper = mapper;
      setShowStacks(false);
      setShowCauses(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
        Callback callback) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ByteBuffer.wrap(body(code)), callback);
    }

    private byte[] body(int status) {
      try {
        return mapper.writeValueAsBytes(new ApiError.Body(errorCode(status), describe(status)));
      } catch (JsonProcessingException e) {
        return ("{\"error\":\"" + errorCode(status) + "\"}").getBytes(StandardCharsets.UTF_8);
      }
    }
  }
}
