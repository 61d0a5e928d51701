package io.gatehouse.example.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring MVC + Spring Security application whose logins live in Gatehouse sessions: the starter as its only
 * Gatehouse dependency, {@code spring.data.redis.url} as its only Gatehouse setting, and one line in each
 * {@code SecurityFilterChain} ({@link SecurityConfiguration}).
 */
@SpringBootApplication
public class ExampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }
}
