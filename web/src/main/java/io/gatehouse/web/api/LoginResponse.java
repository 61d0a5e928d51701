package io.gatehouse.web.api;

import java.util.SortedSet;

/**
 * The body of a successful login. The token is the session's bearer credential, shown this once; browsers use the
 * cookie set with it instead.
 */
public record LoginResponse(String token, String sessionId, String subject, SortedSet<String> roles, String expiresAt,
    String absoluteExpiresAt) {}
