package io.gatehouse.example.spring;

import static io.gatehouse.spring.boot.security.GatehouseSecurityConfigurer.bearerTokenRequests;
import static io.gatehouse.spring.boot.security.GatehouseSecurityConfigurer.gatehouse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Two filter chains, each with the one Gatehouse line ({@code .with(gatehouse(), ...)}):
 *
 * <ul>
 *   <li>{@code /api/**}, for programs: a JSON login that answers with a bearer token, HTTP basic, 401 rather than a
 *       redirect, and {@code POST /api/logout}.
 *   <li>everything else, for browsers: Spring Security's form login and logout pages.
 * </ul>
 *
 * <p>Both are stateless as far as the {@code HttpSession} goes: Gatehouse holds the login, and the CSRF token lives in
 * a cookie, so any instance behind a load balancer can serve any request. Requests with a bearer token (which a
 * browser never sends by itself) and the JSON login (which a cross-site page cannot send) are left out of CSRF.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  @Order(1)
  SecurityFilterChain api(HttpSecurity http) throws Exception {
    return http
        .securityMatcher("/api/**")
        .authorizeHttpRequests(requests -> requests
            .requestMatchers("/api/admin/**").hasRole("ADMIN")
            .anyRequest().authenticated())
        .httpBasic(Customizer.withDefaults())
        .exceptionHandling(errors -> errors.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
        .logout(logout -> logout
            .logoutRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/api/logout"))
            .logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler(HttpStatus.NO_CONTENT)))
        .csrf(csrf -> csrf
            .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
            .ignoringRequestMatchers(bearerTokenRequests())
            .ignoringRequestMatchers("/api/login"))
        .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .with(gatehouse(), gatehouse -> gatehouse.jsonLogin("/api/login"))
        .build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain browser(HttpSecurity http) throws Exception {
    return http
        .authorizeHttpRequests(requests -> requests
            .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
            .requestMatchers("/admin/**", "/actuator/**").hasRole("ADMIN")
            .anyRequest().authenticated())
        .formLogin(Customizer.withDefaults())
        .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse()))
        .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .with(gatehouse(), Customizer.withDefaults())
        .build();
  }
}
