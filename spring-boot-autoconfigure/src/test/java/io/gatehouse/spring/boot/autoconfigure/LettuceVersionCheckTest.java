package io.gatehouse.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The Lettuce that Spring Boot's dependency management picks by default is refused with what to set. */
class LettuceVersionCheckTest {

  @Test
  void springBootsLettuce6_isRefused() {
    assertThatThrownBy(() -> LettuceVersionCheck.require("6.8.2.RELEASE"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Gatehouse's Redis support needs Lettuce 7 or later, and the classpath has Lettuce 6.8.2.RELEASE, "
            + "probably chosen by Spring Boot's dependency management: set the lettuce.version property (Maven, with "
            + "spring-boot-starter-parent) or manage io.lettuce:lettuce-core to the version gatehouse-redis depends "
            + "on, or set gatehouse.redis.enabled=false");
  }

  @Test
  void lettuce7_andAnUnknownVersion_pass() {
    assertThatCode(() -> LettuceVersionCheck.require("7.7.0.RELEASE/1960d49")).doesNotThrowAnyException();
    assertThatCode(() -> LettuceVersionCheck.require(null)).doesNotThrowAnyException();
    assertThatCode(LettuceVersionCheck::requireSupported).doesNotThrowAnyException();
  }
}
