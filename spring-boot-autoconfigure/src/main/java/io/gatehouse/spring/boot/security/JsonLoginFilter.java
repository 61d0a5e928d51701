package io.gatehouse.spring.boot.security;

import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.web.Principal;
import io.gatehouse.web.api.ApiError;
import io.gatehouse.web.api.AuthApi;
import io.gatehouse.web.api.LoginResponse;
import io.gatehouse.web.api.RateLimitHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON login endpoint in Spring Security's own shape (an authentication processing filter, like form login): a
 * {@code POST} of {@code {"username": "...", "password": "..."}} is authenticated by the application's
 * {@code AuthenticationManager}, the session is created by {@link GatehouseSecurityContextRepository}, and the answer
 * is the reference server's: 200 with the token (for {@code Authorization: Bearer}) and the session's times, or 401
 * {@code invalid_credentials}, or 429 from the login limit.
 *
 * <p>The body must be sent as {@code application/json}, which a page on another site cannot do without the
 * browser asking this server first (CORS), so the endpoint is safe to leave out of CSRF protection.
 */
final class JsonLoginFilter extends AbstractAuthenticationProcessingFilter {

  /** Largest body read; a login is two short strings. */
  static final int MAX_BODY_BYTES = 4096;
  static final String USERNAME = JsonLoginFilter.class.getName() + ".USERNAME";

  private final JsonMapper json = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private final AuthenticationDetailsSource<HttpServletRequest, ?> details;
  private final LoginAttempts attempts;

  /**
   * Creates the endpoint.
   *
   * @param attempts the login limit, or {@code null} when it is turned off
   */
  JsonLoginFilter(String path, AuthenticationManager manager, GatehouseSecurityContextRepository repository,
      LoginAttempts attempts) {
    super(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path), manager);
    this.attempts = attempts;
    this.details = attempts == null ? new WebAuthenticationDetailsSource()
        : LoginDetailsSource.attribute(attempts, USERNAME);
    setSecurityContextRepository(repository);
    setAuthenticationSuccessHandler(this::succeeded);
    setAuthenticationFailureHandler(this::failed);
  }

  @Override
  public Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Map<String, String> credentials;
    try {
      credentials = read(request);
    } catch (ApiError error) {
      ErrorAnswers.write(response, error);
      return null;
    }
    request.setAttribute(USERNAME, credentials.get("username"));
    UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.unauthenticated(
        credentials.get("username"), credentials.get("password"));
    token.setDetails(details.buildDetails(request));
    return getAuthenticationManager().authenticate(token);
  }

  private Map<String, String> read(HttpServletRequest request) throws IOException {
    String type = request.getContentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).split(";", 2)[0].trim().equals("application/json")) {
      throw new ApiError(415, "unsupported_media_type", "the body must be JSON, sent with Content-Type: "
          + "application/json");
    }
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    JsonNode body;
    try {
      body = json.readTree(bytes);
    } catch (JacksonException e) {
      throw new ApiError(400, "invalid_json", "the body is not valid JSON");
    }
    if (body == null || !body.isObject()) {
      throw new ApiError(400, "invalid_json", "the body must be a JSON object");
    }
    return Map.of("username", field(body, "username", SessionConfig.MAX_SUBJECT_LENGTH),
        "password", field(body, "password", AuthApi.MAX_PASSWORD_LENGTH));
  }

  /** A required, non-empty string field; the message names it without echoing its value. */
  private static String field(JsonNode body, String name, int maxLength) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      throw ApiError.badRequest(name + " is required");
    }
    if (!value.isString()) {
      throw ApiError.badRequest(name + " must be a string");
    }
    String text = value.stringValue();
    if (text.isEmpty()) {
      throw ApiError.badRequest(name + " must not be empty");
    }
    if (text.length() > maxLength) {
      throw ApiError.badRequest(name + " must be at most " + maxLength + " characters");
    }
    return text;
  }

  private static ApiError tooLarge() {
    return new ApiError(413, "payload_too_large", "the body must be at most " + MAX_BODY_BYTES + " bytes");
  }

  private void succeeded(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
      throws IOException {
    CreatedSession created = GatehouseSecurityContextRepository.createdIn(request).orElseThrow(
        () -> new IllegalStateException("the login succeeded but no Gatehouse session was created: the JSON login "
            + "needs the Gatehouse SecurityContextRepository"));
    Session session = created.session();
    LoginResponse body = new LoginResponse(created.token().value(), session.id().value(), session.subject(),
        Collections.unmodifiableSortedSet(new TreeSet<>(
            Principal.parseRoles(session.attributes().getOrDefault(Principal.ROLES_ATTRIBUTE, "")))),
        session.expiresAt().toString(), session.absoluteExpiresAt().toString());
    response.setStatus(200);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("application/json");
    json.writeValue(response.getOutputStream(), body);
  }

  private void failed(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
      throws IOException {
    if (exception instanceof InternalAuthenticationServiceException) {
      // The user store failed: saying "invalid password" would be a lie, and the attempt counted for nothing.
      ErrorAnswers.write(response, new ApiError(503, "unavailable", "the login could not be checked; try again"));
      return;
    }
    Map<String, String> headers = attempts == null ? Map.of()
        : attempts.lastFailure(request).map(RateLimitHeaders::of).orElse(Map.of());
    ErrorAnswers.write(response, new ApiError(401, "invalid_credentials", AuthApi.INVALID_CREDENTIALS, headers));
  }
}
