package io.gatehouse.example.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * The example's own settings: the demo accounts' passwords.
 *
 * @param alicePassword the password of {@code alice}
 * @param adminPassword the password of {@code admin}
 */
@ConfigurationProperties("example")
record ExampleProperties(String alicePassword, String adminPassword) {

  /** Binds {@link ExampleProperties}. */
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ExampleProperties.class)
  static class Binding {}
}
