package io.gatehouse.example.spring;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The browser side: a greeting for anyone logged in, and an admin-only page. */
@RestController
class PagesController {

  @GetMapping(value = "/", produces = "text/plain")
  String home(Authentication authentication) {
    return "Hello, " + authentication.getName() + "\n";
  }

  @GetMapping(value = "/admin", produces = "text/plain")
  String admin(Authentication authentication) {
    return "Admin area, " + authentication.getName() + "\n";
  }
}
