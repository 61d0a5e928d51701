package io.gatehouse.spring.boot.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.Gatehouse;
import io.gatehouse.servlet.ServletRequestView;
import io.gatehouse.spring.boot.autoconfigure.GatehouseAutoConfiguration;
import io.gatehouse.web.AccountCheck;
import io.gatehouse.web.Authentication;
import io.gatehouse.web.AuthFailure;
import io.gatehouse.web.Authenticator;
import io.gatehouse.web.SessionAuthenticator;
import io.gatehouse.web.login.DeviceCookie;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.SecurityContextRepository;

/** The Spring Security integration's auto-configuration, one test per condition. */
class GatehouseSecurityAutoConfigurationTest {

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(GatehouseAutoConfiguration.class,
          GatehouseSecurityAutoConfiguration.class))
      .withPropertyValues("gatehouse.redis.enabled=false");

  @Test
  void servletApplicationWithSpringSecurity_getsTheIntegration() {
    web.run(context -> {
      assertThat(context).hasSingleBean(GatehouseSecurityContextRepository.class)
          .hasSingleBean(GatehouseLogoutHandler.class).hasSingleBean(LoginAttempts.class)
          .hasSingleBean(DeviceCookie.class)
          .hasSingleBean(LoginOutcomeListener.class);
      assertThat(context.getBean(Authenticator.class)).isInstanceOf(SessionAuthenticator.class);
    });
  }

  @Test
  void loginLimitOff_leavesTheLoginBeansOut() {
    web.withPropertyValues("gatehouse.login.enabled=false").run(context -> {
      assertThat(context).hasSingleBean(GatehouseSecurityContextRepository.class);
      assertThat(context).doesNotHaveBean(LoginAttempts.class).doesNotHaveBean(LoginOutcomeListener.class);
    });
  }

  @Test
  void applicationAccountCheck_sessionsFollowTheAccount() {
    Map<String, AccountCheck.Current> accounts = new ConcurrentHashMap<>(
        Map.of("alice", new AccountCheck.Current(Set.of("ROLE_USER"), "v1")));
    web.withBean(AccountCheck.class, () -> subject -> Optional.ofNullable(accounts.get(subject))).run(context -> {
      MockHttpServletResponse login = new MockHttpServletResponse();
      context.getBean(GatehouseSecurityContextRepository.class).saveContext(new SecurityContextImpl(
          UsernamePasswordAuthenticationToken.authenticated("alice", null, AuthorityUtils.createAuthorityList(
              "ROLE_USER"))), new MockHttpServletRequest(), login);
      MockHttpServletRequest next = new MockHttpServletRequest();
      next.addHeader("Cookie", login.getHeader("Set-Cookie").split(";", 2)[0]);
      Authenticator authenticator = context.getBean(Authenticator.class);

      accounts.put("alice", new AccountCheck.Current(Set.of("ROLE_USER", "ROLE_ADMIN"), "v1"));
      assertThat(authenticator.authenticate(ServletRequestView.of(next)).authenticated()).hasValueSatisfying(
          principal -> assertThat(principal.roles()).as("the account's roles now").contains("ROLE_ADMIN"));
      accounts.put("alice", new AccountCheck.Current(Set.of("ROLE_USER"), "v2"));
      assertThat(authenticator.authenticate(ServletRequestView.of(next))).as("a new version ends the session")
          .isEqualTo(Authentication.failure(AuthFailure.REVOKED));
    });
  }

  @Test
  void applicationAuthenticator_replacesTheSessionOne() {
    Authenticator own = request -> Authentication.failure(AuthFailure.NO_CREDENTIALS);
    web.withBean(Authenticator.class, () -> own).run(context ->
        assertThat(context.getBean(Authenticator.class)).isSameAs(own));
  }

  @Test
  void applicationGatehouseWithoutTheLoginLimiters_failsWithWhatToDo() {
    web.withBean("gatehouse", Gatehouse.class, () -> Gatehouse.builder().build()).run(context ->
        assertThat(context.getStartupFailure()).rootCause().hasMessage("no rate limiter named \"login-ip\"; "
            + "registered: none"));
    web.withBean("gatehouse", Gatehouse.class, () -> Gatehouse.builder().build()).run(context ->
        assertThat(context.getStartupFailure()).hasStackTraceContaining("the login limit needs the rate limiters "
            + "login-ip, login-user, login-device, login-success on the Gatehouse bean: register them on yours, or "
            + "set gatehouse.login.enabled=false"));
  }

  @Test
  void notAWebApplication_getsNoIntegration() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(GatehouseAutoConfiguration.class,
            GatehouseSecurityAutoConfiguration.class))
        .withPropertyValues("gatehouse.redis.enabled=false")
        .run(context -> assertThat(context).hasSingleBean(Gatehouse.class)
            .doesNotHaveBean(GatehouseSecurityContextRepository.class));
  }

  @Test
  void withoutSpringSecurity_getsNoIntegration() {
    web.withClassLoader(new FilteredClassLoader(SecurityContextRepository.class))
        .run(context -> assertThat(context).doesNotHaveBean(GatehouseSecurityContextRepository.class));
  }

  @Test
  void withoutGatehouseServlet_getsNoIntegration() {
    web.withClassLoader(new FilteredClassLoader(ServletRequestView.class))
        .run(context -> assertThat(context).doesNotHaveBean(GatehouseSecurityContextRepository.class));
  }
}
