package io.gatehouse.oidc.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.onetime.OneTimeValues;
import io.gatehouse.session.Session;
import io.gatehouse.session.SessionConfig;
import io.gatehouse.session.SessionStore;
import io.gatehouse.web.SessionCookie;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provider's tokens kept for downstream calls, against mock-oauth2-server: sealed at rest, handed out while
 * valid, refreshed once across instances when due.
 */
class ProviderTokensIT {

  static MockOAuth2Server provider;

  private final SessionStore sessions = SessionStore.inMemory(SessionConfig.create());
  private final OneTimeValues values = OneTimeValues.inMemory(Clock.systemUTC(), 1_000);
  private final SessionCookie cookie = SessionCookie.builder().secure(false).build();
  private final TokenSealer sealer = new AesGcmSealer();
  private final List<OidcLogin> instances = new ArrayList<>();
  private String lastToken;

  @BeforeAll
  static void startProvider() {
    provider = new MockOAuth2Server();
    provider.start();
  }

  @AfterAll
  static void stopProvider() {
    provider.shutdown();
  }

  @AfterEach
  void close() {
    instances.forEach(OidcLogin::close);
  }

  private OidcLoginConfig.Builder config() {
    return OidcLoginConfig.builder().issuer(provider.issuerUrl("default").toString()).clientId("web")
        .clientSecret("s3cret").redirectUri(OidcLoginIT.REDIRECT).keepProviderTokens(true)
        .refreshAhead(Duration.ofMinutes(30))
        .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10));
  }

  private OidcLogin instance() {
    OidcLogin login = OidcLogin.create(config().build(), sessions, values, cookie, Duration.ofHours(1), sealer);
    instances.add(login);
    return login;
  }

  /** Logs in with an access token that lives {@code seconds}; the session. */
  private Session login(OidcLogin login, long seconds) throws Exception {
    provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "carol", "JWT", List.of("web"), Map.of(),
        seconds));
    OidcLoginIT.Browser browser = new OidcLoginIT.Browser();
    URI authorization = login.start(browser);
    login.callback(browser.request(), OidcLoginIT.authorize(authorization), browser);
    lastToken = browser.cookies.get(cookie.name());
    return sessions.validate(lastToken).orElseThrow();
  }

  @Test
  void keepingTokens_withoutEncryption_isRefused() {
    assertThatThrownBy(() -> OidcLogin.create(config().build(), sessions, values, cookie, Duration.ofHours(1),
        TokenSealer.NONE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("provider tokens are kept only encrypted: keepProviderTokens(true) needs a TokenSealer other "
            + "than NONE");
  }

  @Test
  void validToken_handedOut_andSealedAtRest() throws Exception {
    OidcLogin login = instance();
    Session session = login(login, 3600);

    String access = login.providerTokens().accessToken(session.id()).orElseThrow();

    assertThat(access).startsWith("eyJ");
    assertThat(login.providerTokens().accessToken(session.id())).as("not due: the same").contains(access);
    assertThat(values.get("oidc:tok:" + session.id().value()).orElseThrow()).doesNotContain(access);
  }

  @Test
  void dueToken_refreshedOnce_acrossInstances() throws Exception {
    OidcLogin a = instance();
    OidcLogin b = instance();
    Session session = login(a, 60);
    String before = sealer.open(values.get("oidc:tok:" + session.id().value()).orElseThrow()).orElseThrow()
        .split(" ")[1];

    ExecutorService threads = Executors.newFixedThreadPool(8);
    Set<String> seen = new HashSet<>();
    try {
      List<Callable<Optional<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        OidcLogin instance = i % 2 == 0 ? a : b;
        calls.add(() -> instance.providerTokens().accessToken(session.id()));
      }
      for (Future<Optional<String>> result : threads.invokeAll(calls)) {
        seen.add(result.get().orElseThrow());
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(seen).as("one refresh, one new token for every caller").hasSize(1).doesNotContain(before);
    assertThat(values.get("oidc:tokl:" + session.id().value())).as("lock released").isEmpty();
  }

  @Test
  void logout_forgetsTheTokens() throws Exception {
    OidcLogin login = instance();
    Session session = login(login, 3600);
    assertThat(login.providerTokens().accessToken(session.id())).isPresent();
    io.gatehouse.web.testing.FakeRequest browser = io.gatehouse.web.testing.FakeRequest.get()
        .header("Cookie", cookie.name() + "=" + lastToken);

    login.logout().logout(browser, new OidcLoginIT.Browser());

    assertThat(login.providerTokens().accessToken(session.id())).isEmpty();
  }

  /** AES-256-GCM with a random IV per token, as a stand-in for the project's token cipher. */
  static final class AesGcmSealer implements TokenSealer {
    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    AesGcmSealer() {
      try {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        this.key = generator.generateKey();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public String seal(String token) {
      try {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
            ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public Optional<String> open(String sealed) {
      try {
        byte[] bytes = Base64.getUrlDecoder().decode(sealed);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, 12));
        return Optional.of(new String(cipher.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.UTF_8));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        return Optional.empty();
      }
    }
  }
}
