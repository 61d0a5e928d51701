package io.gatehouse.example.spring;

import io.gatehouse.Gatehouse;
import io.gatehouse.ratelimit.RateLimitDecision;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionStore;
import io.gatehouse.spring.boot.security.GatehouseAuthentication;
import io.gatehouse.web.api.RateLimitHeaders;
import io.gatehouse.web.api.SessionView;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON API: who am I, a resource under the named rate limit {@code api}, and the admin's view of anyone's
 * sessions. Authentication is Spring Security's; the session, the limit and the listing are Gatehouse's beans.
 */
@RestController
class ApiController {

  private final Gatehouse gatehouse;
  private final SessionStore sessions;

  ApiController(Gatehouse gatehouse, SessionStore sessions) {
    this.gatehouse = gatehouse;
    this.sessions = sessions;
  }

  @GetMapping("/api/me")
  Map<String, Object> me(Authentication authentication) {
    List<String> authorities = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted()
        .toList();
    if (authentication instanceof GatehouseAuthentication session) {
      Session current = session.session();
      return Map.of("subject", authentication.getName(), "authorities", authorities,
          "sessionId", current.id().value(), "expiresAt", current.expiresAt().toString());
    }
    return Map.of("subject", authentication.getName(), "authorities", authorities);
  }

  /** A resource each user may fetch at the {@code api} limit's rate, answered 429 with Retry-After beyond it. */
  @GetMapping("/api/quote")
  ResponseEntity<Map<String, String>> quote(Authentication authentication) {
    RateLimitDecision decision = gatehouse.rateLimiter("api").tryAcquire("user:" + authentication.getName());
    HttpHeaders headers = new HttpHeaders();
    RateLimitHeaders.of(decision).forEach(headers::set);
    if (!decision.allowed()) {
      return new ResponseEntity<>(Map.of("error", "too_many_requests",
          "message", "retry after " + Math.max(1, decision.retryAfterSeconds()) + " s"), headers,
          HttpStatus.TOO_MANY_REQUESTS);
    }
    return new ResponseEntity<>(Map.of("quote", "Simplicity is prerequisite for reliability."), headers,
        HttpStatus.OK);
  }

  @GetMapping("/api/admin/sessions")
  Map<String, Object> sessionsOf(@RequestParam("subject") String subject, Authentication authentication) {
    var current = authentication instanceof GatehouseAuthentication session ? session.session().id() : null;
    return Map.of("subject", subject,
        "sessions", sessions.list(subject).stream().map(s -> SessionView.of(s, current)).toList());
  }
}
