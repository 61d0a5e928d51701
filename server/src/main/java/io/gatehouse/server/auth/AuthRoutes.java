package io.gatehouse.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.ratelimit.RateLimitDecision;
import io.gatehouse.server.http.ApiError;
import io.gatehouse.server.http.ClientAddress;
import io.gatehouse.server.http.JsonBody;
import io.gatehouse.server.http.RateLimitHeaders;
import io.gatehouse.session.CreatedSession;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code POST /api/auth/login}: checks the login limits, verifies the password, creates a session, sets the cookie
 * and returns the token for API clients. Every bad credential gets the same 401 and message.
 */
public final class AuthRoutes {

  static final String INVALID_CREDENTIALS = "invalid username or password";

  private final Accounts accounts;
  private final SessionStore sessions;
  private final LoginLimiter limiter;
  private final SessionCookie cookie;
  private final ClientAddress clients;
  private final JsonBody body;
  private final Clock clock;

  public AuthRoutes(Accounts accounts, SessionStore sessions, LoginLimiter limiter, SessionCookie cookie,
      ClientAddress clients, JsonBody body, Clock clock) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.limiter = limiter;
    this.cookie = cookie;
    this.clients = clients;
    this.body = body;
    this.clock = clock;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/auth/login", this::login);
  }

  void login(Context ctx) {
    JsonNode request = body.readObject(ctx);
    String username = JsonBody.requiredString(request, "username", SessionConfig.MAX_SUBJECT_LENGTH);
    String password = JsonBody.requiredString(request, "password", 1024);
    String clientKey = ClientAddress.rateLimitKey(clients.of(ctx));
    Optional<Account> account;
    try (LoginLimiter.Attempt attempt = limiter.begin(clientKey, username)) {
      account = accounts.verify(username, password);
      if (account.isEmpty()) {
        RateLimitDecision left = attempt.failed();
        throw new ApiError(401, "invalid_credentials", INVALID_CREDENTIALS, RateLimitHeaders.of(left));
      }
      attempt.succeeded();
    }
    Account user = account.get();
    CreatedSession created = sessions.create(user.username(),
        Map.of(Authenticated.ROLES, String.join(",", new TreeSet<>(user.roles()))));
    cookie.set(ctx, created, clock.instant());
    ctx.header("Cache-Control", "no-store");
    Session session = created.session();
    ctx.json(new LoginResponse(created.token().value(), session.id().value(), session.subject(),
        new TreeSet<>(user.roles()), session.expiresAt().toString(), session.absoluteExpiresAt().toString()));
  }

  /** The body of a successful login. */
  record LoginResponse(String token, String sessionId, String subject, java.util.Set<String> roles, String expiresAt,
      String absoluteExpiresAt) {}
}
