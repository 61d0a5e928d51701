package io.gatehouse.spring.boot.autoconfigure;

import io.lettuce.core.RedisURI;

/**
 * Stops start-up when the Lettuce on the classpath is older than the one gatehouse-redis is built for.
 *
 * <p>Why: Spring Boot's dependency management (its parent POM, its BOM, its Gradle plugin) pins Lettuce to the version
 * Spring Data Redis wants, which for Spring Boot 4.0 is 6.x; a starter cannot override an application's dependency
 * management. Without this check the mismatch surfaces later as a {@code NoSuchMethodError} on some Redis path.
 */
final class LettuceVersionCheck {

  static final int REQUIRED_MAJOR = 7;

  private LettuceVersionCheck() {}

  static void requireSupported() {
    require(RedisURI.class.getPackage().getImplementationVersion());
  }

  /**
   * Checks a Lettuce implementation version such as {@code 7.7.0.RELEASE/1960d49}; an unknown version passes.
   *
   * @throws IllegalStateException saying what to set, for a version before {@value #REQUIRED_MAJOR}
   */
  static void require(String version) {
    if (version == null || version.isEmpty() || !Character.isDigit(version.charAt(0))) {
      return;
    }
    int dot = version.indexOf('.');
    int major = Integer.parseInt(version.substring(0, dot < 0 ? version.length() : dot));
    if (major < REQUIRED_MAJOR) {
      throw new IllegalStateException("Gatehouse's Redis support needs Lettuce " + REQUIRED_MAJOR + " or later, and "
          + "the classpath has Lettuce " + version + ", probably chosen by Spring Boot's dependency management: set "
          + "the lettuce.version property (Maven, with spring-boot-starter-parent) or manage io.lettuce:lettuce-core to "
          + "the version gatehouse-redis depends on, or set gatehouse.redis.enabled=false");
    }
  }
}
