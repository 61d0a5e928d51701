package io.gatehouse.example.spring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The example's two accounts, {@code alice} (role USER) and {@code admin} (USER and ADMIN), with bcrypt hashes made at
 * start-up from {@code example.alice-password} and {@code example.admin-password}. A real application keeps its own
 * user store; Gatehouse only needs Spring Security to authenticate.
 */
@Configuration(proxyBeanMethods = false)
class Accounts {

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  UserDetailsService users(PasswordEncoder encoder, ExampleProperties properties) {
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password(encoder.encode(properties.alicePassword())).roles("USER").build(),
        User.withUsername("admin").password(encoder.encode(properties.adminPassword())).roles("USER", "ADMIN")
            .build());
  }
}
