package io.gatehouse.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.web.login.DeviceCookie;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The login limit's device cookie bean: signed with {@code gatehouse.login.device-key}, shared by every instance that
 * has the same key, or with a key of this instance and a loud warning when the key is not set.
 */
class DeviceCookieConfigurationTest {

  private static final String KEY = "gatehouse.login.device-key=Zq4v0N7c2mXl9RkT1pYe8sWb3HdU6fJa";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(GatehouseAutoConfiguration.class))
      .withPropertyValues("gatehouse.redis.enabled=false");

  @Test
  void withTheKey_oneInstancesCookieIsTrustedByAnother() {
    runner.withPropertyValues(KEY).run(first -> runner.withPropertyValues(KEY).run(second -> {
      DeviceCookie setter = first.getBean(DeviceCookie.class);
      String value = setter.setCookie("alice").split(";", 2)[0].substring(setter.name().length() + 1);
      assertThat(second.getBean(DeviceCookie.class).verify(value, "ALICE")).isPresent();
      assertThat(second.getBean(DeviceCookie.class).perInstance()).isFalse();
    }));
  }

  @Test
  void withoutTheKey_eachInstanceHasItsOwn_andTheLogSaysWhatThatCosts() {
    List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel() == Level.WARNING) {
          warnings.add(record);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    // The auto-configuration logs through System.Logger, which is java.util.logging on this classpath.
    Logger log = Logger.getLogger(GatehouseAutoConfiguration.class.getName());
    log.addHandler(handler);
    try {
      runner.withPropertyValues("gatehouse.failover.instances=2").run(first -> runner.run(second -> {
        DeviceCookie setter = first.getBean(DeviceCookie.class);
        String value = setter.setCookie("alice").split(";", 2)[0].substring(setter.name().length() + 1);
        assertThat(setter.perInstance()).isTrue();
        assertThat(second.getBean(DeviceCookie.class).verify(value, "alice")).isEmpty();
      }));
    } finally {
      log.removeHandler(handler);
    }
    assertThat(warnings).extracting(LogRecord::getMessage).contains("gatehouse.login.device-key is not set, so device "
        + "cookies are signed with a random key of this instance: other instances do not trust them, nor does this "
        + "one after a restart, and their owners meet the per-username login limit like strangers. Set the same "
        + "gatehouse.login.device-key on every instance (openssl rand -base64 32) (gatehouse.failover.instances=2)");
  }

  @Test
  void theCookie_followsTheSessionCookiesAttributes() {
    runner.withPropertyValues(KEY, "gatehouse.session.cookie.secure=false",
        "gatehouse.session.cookie.same-site=strict").run(context -> {
          DeviceCookie cookie = context.getBean(DeviceCookie.class);
          assertThat(cookie.name()).isEqualTo("gatehouse_device");
          assertThat(cookie.setCookie("alice")).endsWith("; HttpOnly; SameSite=Strict").doesNotContain("Secure");
        });
  }

  @Test
  void loginLimitOff_noDeviceCookie() {
    runner.withPropertyValues("gatehouse.login.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(DeviceCookie.class));
  }

  @Test
  void theLoginProperties_neverShowTheKey() {
    GatehouseProperties properties = new GatehouseProperties();
    properties.getLogin().setDeviceKey("Zq4v0N7c2mXl9RkT1pYe8sWb3HdU6fJa");
    assertThat(properties.getLogin().toString()).isEqualTo("Login{enabled=true, limit=5 per PT15M, successLimit=20 "
        + "per PT15M, deviceKey=(set, not shown), whileDegraded=LOCAL}");
  }
}
