package io.gatehouse.servlet;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.web.api.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Reads a request body that must be a small JSON object: checks the content type (415), the size (413) before and
 * while reading, and the syntax (400), so that no malformed body reaches a handler or an exception log.
 *
 * <p>Reading a body blocks a container thread until the body has arrived, so at most
 * {@value #DEFAULT_CONCURRENT_READS} bodies are read at once per reader; a request beyond that gets 503 with
 * {@code Retry-After: 1} at once. A real client's small body arrives in microseconds and frees its permit as fast;
 * only clients that trickle their body hold one, so a crowd of them cannot take every thread of the container
 * (together with the container's own read deadline, which ends each stalled read).
 */
public final class JsonBody {

  /** Bodies read at once, per reader; well below any container's thread pool. */
  public static final int DEFAULT_CONCURRENT_READS = 32;

  private final ObjectMapper mapper;
  private final int maxBytes;
  private final Semaphore reads;

  /**
   * Creates a reader.
   *
   * @param maxBytes the largest body accepted; larger ones are refused with 413, even without a Content-Length
   */
  public JsonBody(ObjectMapper mapper, int maxBytes) {
    this(mapper, maxBytes, DEFAULT_CONCURRENT_READS);
  }

  /**
   * Creates a reader.
   *
   * @param maxBytes the largest body accepted; larger ones are refused with 413, even without a Content-Length
   * @param concurrentReads how many bodies may be read at once; beyond, 503 with {@code Retry-After: 1}
   */
  public JsonBody(ObjectMapper mapper, int maxBytes, int concurrentReads) {
    if (concurrentReads < 1) {
      throw new IllegalArgumentException("concurrent body reads must be at least 1, got " + concurrentReads);
    }
    this.mapper = mapper.copy().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.maxBytes = maxBytes;
    this.reads = new Semaphore(concurrentReads);
  }

  /**
   * The body of {@code request} as a JSON object.
   *
   * @throws ApiError 415 for another content type, 413 for a body over the limit, 400 for anything but a JSON object
   */
  public JsonNode readObject(HttpServletRequest request) {
    String type = request.getContentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).split(";", 2)[0].trim().equals("application/json")) {
      throw new ApiError(415, "unsupported_media_type", "the body must be JSON, sent with Content-Type: "
          + "application/json");
    }
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge();
    }
    if (!reads.tryAcquire()) {
      throw new ApiError(503, "service_unavailable", "too many request bodies are arriving at once; retry in a second",
          Map.of("Retry-After", "1"));
    }
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(maxBytes + 1);
    } catch (IOException | RuntimeException e) {
      throw ApiError.badRequest("the request body could not be read");
    } finally {
      reads.release();
    }
    if (bytes.length > maxBytes) {
      throw tooLarge();
    }
    JsonNode node;
    try {
      node = mapper.readTree(bytes);
    } catch (JacksonException e) {
      throw new ApiError(400, "invalid_json", "the body is not valid JSON");
    } catch (IOException e) {
      throw ApiError.badRequest("the request body could not be read");
    }
    if (node == null || !node.isObject()) {
      throw new ApiError(400, "invalid_json", "the body must be a JSON object");
    }
    return node;
  }

  /**
   * A required, non-empty string field of at most {@code maxLength} characters.
   *
   * @throws ApiError 400 naming the field, without echoing its value
   */
  public static String requiredString(JsonNode object, String field, int maxLength) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      throw ApiError.badRequest(field + " is required");
    }
    if (!value.isTextual()) {
      throw ApiError.badRequest(field + " must be a string");
    }
    String text = value.textValue();
    if (text.isEmpty()) {
      throw ApiError.badRequest(field + " must not be empty");
    }
    if (text.length() > maxLength) {
      throw ApiError.badRequest(field + " must be at most " + maxLength + " characters");
    }
    return text;
  }

  private ApiError tooLarge() {
    return new ApiError(413, "payload_too_large", "the body must be at most " + maxBytes + " bytes");
  }
}
