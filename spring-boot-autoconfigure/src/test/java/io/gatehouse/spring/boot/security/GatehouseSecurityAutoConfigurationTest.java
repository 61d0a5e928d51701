package io.gatehouse.spring.boot.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.Gatehouse;
import io.gatehouse.servlet.ServletRequestView;
import io.gatehouse.spring.boot.autoconfigure.GatehouseAutoConfiguration;
import io.gatehouse.web.Authentication;
import io.gatehouse.web.AuthFailure;
import io.gatehouse.web.Authenticator;
import io.gatehouse.web.SessionAuthenticator;
import io.gatehouse.web.login.DeviceCookie;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
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
