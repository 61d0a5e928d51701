package io.gatehouse.spring.boot.security;

import org.springframework.context.ApplicationListener;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureProviderNotFoundEvent;
import org.springframework.security.authentication.event.AuthenticationFailureServiceExceptionEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;

/**
 * Records the outcome of a limited login attempt from Spring Security's authentication events, which its
 * {@code ProviderManager} publishes synchronously, once per authentication, on the request's thread. A failure keeps
 * the permits the attempt took; a success gives them back (never earlier failures' permits) and counts a successful
 * login, and when the username's successful logins have reached their limit the {@link LoginRefusedException} it
 * throws goes up through the {@code ProviderManager} and the login filter to {@link LoginLimitFilter}, so no session
 * is created. Failures that say nothing about the password (the user store is down, no provider for the request)
 * give the permits back when the request ends.
 */
final class LoginOutcomeListener implements ApplicationListener<AbstractAuthenticationEvent> {

  @Override
  public void onApplicationEvent(AbstractAuthenticationEvent event) {
    if (!(event.getAuthentication().getDetails() instanceof LoginDetails details)) {
      return;
    }
    if (event instanceof AuthenticationSuccessEvent) {
      details.attempt().ifPresent(LoginAttempts.Attempt::succeeded);
    } else if (event instanceof AbstractAuthenticationFailureEvent
        && !(event instanceof AuthenticationFailureServiceExceptionEvent)
        && !(event instanceof AuthenticationFailureProviderNotFoundEvent)) {
      details.attempt().ifPresent(LoginAttempts.Attempt::failed);
    }
  }
}
