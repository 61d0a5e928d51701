package io.gatehouse.spring.boot.security;

import io.gatehouse.web.BearerToken;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.FormLoginConfigurer;
import org.springframework.security.config.annotation.web.configurers.HttpBasicConfigurer;
import org.springframework.security.config.annotation.web.configurers.LogoutConfigurer;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Puts a {@code SecurityFilterChain}'s logins in Gatehouse sessions, in one line:
 *
 * <pre>{@code
 * @Bean
 * SecurityFilterChain web(HttpSecurity http) throws Exception {
 *   return http
 *       .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
 *       .formLogin(Customizer.withDefaults())
 *       .with(GatehouseSecurityConfigurer.gatehouse(), Customizer.withDefaults())
 *       .build();
 * }
 * }</pre>
 *
 * <p>What it changes, and nothing else: the chain's {@code SecurityContextRepository} becomes Gatehouse's, so form
 * login, HTTP basic and the optional {@linkplain #jsonLogin JSON login} create a session (cookie, or the token in the
 * JSON answer) and every request is authenticated from its cookie or bearer token; logout revokes the session; and
 * failed logins are limited per client and per username (429 with {@code Retry-After}), unless
 * {@code gatehouse.login.enabled=false}. CSRF protection stays as the chain configures it; requests with a bearer
 * token, which a browser never sends by itself, can be left out of it with {@link #bearerTokenRequests()}.
 *
 * <p>The beans come from Gatehouse's auto-configuration, so this needs a Spring Boot servlet application with it.
 */
public final class GatehouseSecurityConfigurer extends AbstractHttpConfigurer<GatehouseSecurityConfigurer, HttpSecurity> {

  private String jsonLoginPath;

  private GatehouseSecurityConfigurer() {}

  /** A configurer to pass to {@code HttpSecurity.with(...)}; one per chain. */
  public static GatehouseSecurityConfigurer gatehouse() {
    return new GatehouseSecurityConfigurer();
  }

  /**
   * Adds the JSON login endpoint: {@code POST path} with {@code {"username": ..., "password": ...}} as
   * {@code application/json} answers with the session token for {@code Authorization: Bearer}. Exempt it from CSRF
   * protection if the chain has it: cross-site pages cannot send JSON without asking this server first.
   */
  public GatehouseSecurityConfigurer jsonLogin(String path) {
    this.jsonLoginPath = Objects.requireNonNull(path, "path");
    return this;
  }

  /**
   * Matches requests that carry {@code Authorization: Bearer}: a credential the client adds itself, never the
   * browser on its own, so such requests cannot be forged cross-site and need no CSRF token.
   */
  public static RequestMatcher bearerTokenRequests() {
    return (HttpServletRequest request) -> BearerToken.parse(request.getHeader("Authorization")).isPresent();
  }

  @Override
  @SuppressWarnings("unchecked") // getConfigurer takes the raw class of a configurer generic in its builder
  public void init(HttpSecurity http) {
    GatehouseSecurityContextRepository repository = bean(http, GatehouseSecurityContextRepository.class);
    http.setSharedObject(SecurityContextRepository.class, repository);
    LogoutConfigurer<HttpSecurity> logout = http.getConfigurer(LogoutConfigurer.class);
    if (logout != null) {
      logout.addLogoutHandler(bean(http, GatehouseLogoutHandler.class));
    }
    LoginAttempts attempts = loginAttempts(http);
    HttpBasicConfigurer<HttpSecurity> basic = http.getConfigurer(HttpBasicConfigurer.class);
    if (basic != null) {
      basic.securityContextRepository(repository);
      if (attempts != null) {
        basic.authenticationDetailsSource(LoginDetailsSource.basic(attempts));
      }
    }
    FormLoginConfigurer<HttpSecurity> form = http.getConfigurer(FormLoginConfigurer.class);
    if (form != null && attempts != null) {
      form.withObjectPostProcessor(new ObjectPostProcessor<UsernamePasswordAuthenticationFilter>() {
        @Override
        public <O extends UsernamePasswordAuthenticationFilter> O postProcess(O filter) {
          filter.setAuthenticationDetailsSource(LoginDetailsSource.form(attempts, filter.getUsernameParameter()));
          return filter;
        }
      });
    }
  }

  @Override
  public void configure(HttpSecurity http) {
    LoginAttempts attempts = loginAttempts(http);
    if (attempts != null) {
      http.addFilterBefore(new LoginLimitFilter(attempts), UsernamePasswordAuthenticationFilter.class);
    }
    if (jsonLoginPath != null) {
      JsonLoginFilter jsonLogin = new JsonLoginFilter(jsonLoginPath, http.getSharedObject(AuthenticationManager.class),
          bean(http, GatehouseSecurityContextRepository.class), attempts);
      http.addFilterAfter(postProcess(jsonLogin), UsernamePasswordAuthenticationFilter.class);
    }
  }

  private static LoginAttempts loginAttempts(HttpSecurity http) {
    return context(http).getBeanProvider(LoginAttempts.class).getIfAvailable();
  }

  private static <T> T bean(HttpSecurity http, Class<T> type) {
    try {
      return context(http).getBean(type);
    } catch (NoSuchBeanDefinitionException e) {
      throw new IllegalStateException("GatehouseSecurityConfigurer needs Gatehouse's Spring Security beans, and there "
          + "is no " + type.getSimpleName() + ": is GatehouseSecurityAutoConfiguration excluded, or is this not a "
          + "servlet web application?", e);
    }
  }

  private static ApplicationContext context(HttpSecurity http) {
    return http.getSharedObject(ApplicationContext.class);
  }
}
