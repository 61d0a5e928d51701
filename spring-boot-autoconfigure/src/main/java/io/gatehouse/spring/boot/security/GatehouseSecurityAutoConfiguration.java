package io.gatehouse.spring.boot.security;

import io.gatehouse.Gatehouse;
import io.gatehouse.ratelimit.RateLimiter;
import io.gatehouse.servlet.ServletRequestView;
import io.gatehouse.session.SessionStore;
import io.gatehouse.spring.boot.autoconfigure.GatehouseAutoConfiguration;
import io.gatehouse.spring.boot.autoconfigure.GatehouseProperties;
import io.gatehouse.web.AccountCheck;
import io.gatehouse.web.Authenticator;
import io.gatehouse.web.SessionAuthenticator;
import io.gatehouse.web.SessionCookie;
import io.gatehouse.web.client.ClientAddress;
import io.gatehouse.web.login.DeviceCookie;
import io.gatehouse.web.login.LoginLimiter;
import io.gatehouse.web.login.LoginListener;
import java.time.Clock;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Auto-configuration of the Spring Security integration, for servlet applications with Spring Security: the beans
 * {@link GatehouseSecurityConfigurer} puts into a filter chain (the security context repository, the logout handler,
 * the login limit) and the {@link Authenticator} that reads a request's session. An application's own
 * {@code Authenticator} (a chain with a JWT verifier, say) replaces the session one. An application's
 * {@link AccountCheck} bean makes sessions follow the account: each request gets the account's current authorities,
 * and a removed account or a changed version (a new password) ends its sessions on every instance.
 */
@AutoConfiguration(after = GatehouseAutoConfiguration.class)
@ConditionalOnClass({SecurityContextRepository.class, HttpSecurity.class, ServletRequestView.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(SessionStore.class)
public final class GatehouseSecurityAutoConfiguration {

  /** Reads a request's session; with the application's {@link AccountCheck}, sessions follow the account. */
  @Bean
  @ConditionalOnMissingBean
  Authenticator gatehouseAuthenticator(SessionStore sessions, SessionCookie cookie,
      ObjectProvider<AccountCheck> accounts) {
    AccountCheck check = accounts.getIfUnique();
    return check == null ? new SessionAuthenticator(sessions, cookie)
        : new SessionAuthenticator(sessions, cookie, check);
  }

  @Bean
  GatehouseSecurityContextRepository gatehouseSecurityContextRepository(Authenticator authenticator,
      ObjectProvider<AccountCheck> accounts, SessionStore sessions, SessionCookie cookie) {
    return new GatehouseSecurityContextRepository(authenticator, Optional.ofNullable(accounts.getIfUnique()), sessions,
        cookie, Clock.systemUTC());
  }

  @Bean
  GatehouseLogoutHandler gatehouseLogoutHandler(SessionStore sessions, SessionCookie cookie) {
    return new GatehouseLogoutHandler(sessions, cookie);
  }

  /** The login limit, unless {@code gatehouse.login.enabled=false}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty(name = "gatehouse.login.enabled", matchIfMissing = true)
  static class LoginLimit {

    @Bean
    LoginAttempts gatehouseLoginAttempts(Gatehouse gatehouse, DeviceCookie deviceCookie, ClientAddress clients,
        ObjectProvider<LoginListener> listener) {
      LoginLimiter limiter = LoginLimiter.builder()
          .perClient(limiter(gatehouse, GatehouseProperties.Login.PER_CLIENT_LIMITER))
          .perUsername(limiter(gatehouse, GatehouseProperties.Login.PER_USERNAME_LIMITER))
          .perDevice(limiter(gatehouse, GatehouseProperties.Login.PER_DEVICE_LIMITER))
          .successes(limiter(gatehouse, GatehouseProperties.Login.SUCCESS_LIMITER))
          .deviceCookie(deviceCookie)
          .listener(listener.getIfAvailable(() -> LoginListener.NONE))
          .build();
      return new LoginAttempts(limiter, clients);
    }

    @Bean
    LoginOutcomeListener gatehouseLoginOutcomeListener() {
      return new LoginOutcomeListener();
    }

    private static RateLimiter limiter(Gatehouse gatehouse, String name) {
      try {
        return gatehouse.rateLimiter(name);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("the login limit needs the rate limiters "
            + String.join(", ", GatehouseProperties.Login.LIMITERS) + " on the Gatehouse bean: register them on "
            + "yours, or set gatehouse.login.enabled=false (" + e.getMessage() + ")", e);
      }
    }
  }
}
