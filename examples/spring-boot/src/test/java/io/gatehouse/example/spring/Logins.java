package io.gatehouse.example.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Logging in to an {@link ExampleInstance} the ways a client does: the JSON login and the browser's form login. */
final class Logins {

  static final String COOKIE = "__Host-gatehouse_session";
  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");

  private Logins() {}

  static String json(String username, String password) {
    return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
  }

  /** Logs in through {@code POST /api/login} from {@code client} and returns the bearer token. */
  static String bearer(ExampleInstance instance, String username, String password, String client) {
    Http.Response response = Http.postJson(instance.uri("/api/login"), json(username, password),
        "X-Forwarded-For", client);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json().get("token").stringValue();
  }

  /** A browser's visit to the login page: the CSRF cookie and the token of the form's hidden field. */
  record LoginPage(String csrfCookie, String csrfToken) {}

  static LoginPage loginPage(ExampleInstance instance) {
    Http.Response page = Http.get(instance.uri("/login"));
    assertThat(page.status()).isEqualTo(200);
    Matcher field = CSRF_FIELD.matcher(page.body());
    assertThat(field.find()).as("the login form has a CSRF field").isTrue();
    return new LoginPage(page.cookie("XSRF-TOKEN").orElseThrow(), field.group(1));
  }

  /** Submits the login form, with the CSRF token as a browser would, plus any {@code cookies}; returns the answer. */
  static Http.Response form(ExampleInstance instance, String username, String password, String client,
      String... cookies) {
    LoginPage page = loginPage(instance);
    String cookieHeader = String.join("; ", page.csrfCookie(), String.join("; ", cookies)).replaceAll("; $", "");
    return Http.postForm(instance.uri("/login"),
        Map.of("username", username, "password", password, "_csrf", page.csrfToken()),
        "Cookie", cookieHeader, "X-Forwarded-For", client);
  }
}
