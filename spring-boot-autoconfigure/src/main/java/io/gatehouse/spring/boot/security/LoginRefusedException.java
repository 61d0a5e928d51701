package io.gatehouse.spring.boot.security;

import io.gatehouse.web.api.ApiError;

/**
 * A login attempt refused by the login limit before its password was checked, carrying the 429 answer. Deliberately
 * not a Spring Security {@code AuthenticationException}: it must pass through the login mechanisms' failure handling
 * (which would redirect or ask for credentials again) up to {@link LoginLimitFilter}, which answers it.
 */
final class LoginRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ApiError answer;

  LoginRefusedException(ApiError answer) {
    super(answer.getMessage(), null, false, false);
    this.answer = answer;
  }

  ApiError answer() {
    return answer;
  }
}
