package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.server.config.OidcSettings;
import io.gatehouse.server.config.ServerConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Keycloak example cannot rot: docker-compose.yml and the realm it imports
 * (deploy/keycloak/gatehouse-realm.json) agree on the issuer, the client id and secret, the redirect and logout URIs,
 * the audience and the role claim, and the replicas' environment is a configuration the server accepts.
 */
class KeycloakComposeTest {

  static final Path ROOT = Path.of("..");
  static final Pattern DEFAULTED = Pattern.compile("\\$\\{[A-Z_]+:-(.*)}");

  static Map<String, Object> services;
  static Map<String, String> gatehouseEnv;
  static Map<String, Object> keycloak;
  static JsonNode realm;
  static JsonNode client;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void read() throws IOException {
    try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
      Map<String, Object> compose = new Yaml().load(reader);
      services = (Map<String, Object>) compose.get("services");
    }
    keycloak = (Map<String, Object>) services.get("keycloak");
    gatehouseEnv = new HashMap<>();
    ((Map<String, Object>) ((Map<String, Object>) services.get("gatehouse-1")).get("environment"))
        .forEach((name, value) -> gatehouseEnv.put(name, withDefault(String.valueOf(value))));
    String mount = ((List<String>) keycloak.get("volumes")).get(0);
    assertThat(mount).endsWith(":/opt/keycloak/data/import/gatehouse-realm.json:ro");
    realm = new ObjectMapper().readTree(ROOT.resolve(mount.substring(0, mount.indexOf(':'))).toFile());
    client = StreamSupport.stream(realm.get("clients").spliterator(), false)
        .filter(c -> c.get("clientId").asText().equals(gatehouseEnv.get("OIDC_CLIENT_ID")))
        .findFirst().orElseThrow(() -> new AssertionError("the realm has no client " + gatehouseEnv.get("OIDC_CLIENT_ID")));
  }

  /** {@code ${VAR:-default}} as Compose reads it without the variable set; anything else as it is. */
  static String withDefault(String value) {
    Matcher matcher = DEFAULTED.matcher(value);
    return matcher.matches() ? matcher.group(1) : value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> keycloakEnv() {
    return (Map<String, String>) keycloak.get("environment");
  }

  @Test
  void keycloak_devModeImportingTheRealm() {
    assertThat((String) keycloak.get("image")).startsWith("quay.io/keycloak/keycloak:");
    assertThat((List<String>) keycloak.get("command")).containsExactly("start-dev", "--import-realm");
    assertThat(realm.get("enabled").asBoolean()).isTrue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void issuer_isKeycloaksOneUrl_andTheRealm_reachableByBrowsersAndReplicas() {
    URI issuer = URI.create(gatehouseEnv.get("OIDC_ISSUER"));
    assertThat(issuer).isEqualTo(URI.create(keycloakEnv().get("KC_HOSTNAME") + "/realms/" + realm.get("realm").asText()));
    Map<String, Object> network = (Map<String, Object>) ((Map<String, Object>) keycloak.get("networks")).get("gatehouse");
    assertThat((List<String>) network.get("aliases")).contains(issuer.getHost());
    assertThat(issuer.getHost()).endsWith(".localhost");
    assertThat((List<String>) keycloak.get("ports")).contains("127.0.0.1:" + issuer.getPort() + ":8080");
  }

  @Test
  void client_confidential_withTheSecretTheReplicasUse() {
    assertThat(client.get("publicClient").asBoolean()).isFalse();
    assertThat(client.get("clientAuthenticatorType").asText()).isEqualTo("client-secret");
    assertThat(client.get("secret").asText()).isEqualTo(gatehouseEnv.get("OIDC_CLIENT_SECRET")).isNotBlank();
    assertThat(client.get("standardFlowEnabled").asBoolean()).isTrue();
    assertThat(client.get("attributes").get("pkce.code.challenge.method").asText()).isEqualTo("S256");
  }

  @Test
  void redirectAndLogoutUris_areTheServersOidcEndpoints() {
    String redirect = gatehouseEnv.get("OIDC_REDIRECT_URI");
    assertThat(URI.create(redirect).getPath()).isEqualTo("/api/auth/oidc/callback");
    assertThat(texts(client.get("redirectUris"))).containsExactly(redirect);
    assertThat(client.get("attributes").get("post.logout.redirect.uris").asText().split("##"))
        .contains(gatehouseEnv.get("OIDC_POST_LOGOUT_REDIRECT_URI"));
    URI backchannel = URI.create(client.get("attributes").get("backchannel.logout.url").asText());
    assertThat(backchannel.getPath()).isEqualTo("/api/auth/oidc/backchannel-logout");
    assertThat(services).as("Keycloak calls back-channel logout on a compose service").containsKey(backchannel.getHost());
    // The browser comes back through nginx, the published port 8000.
    assertThat(URI.create(redirect).getPort()).isEqualTo(8000);
  }

  @Test
  void accessTokens_carryTheAudience_andTheRealmRolesTheServerReads() {
    JsonNode audience = StreamSupport.stream(client.get("protocolMappers").spliterator(), false)
        .filter(m -> m.get("protocolMapper").asText().equals("oidc-audience-mapper")).findFirst().orElseThrow();
    assertThat(audience.get("config").get("included.client.audience").asText()).isEqualTo(gatehouseEnv.get("OIDC_AUDIENCE"));
    assertThat(audience.get("config").get("access.token.claim").asText()).isEqualTo("true");
    assertThat(gatehouseEnv.get("OIDC_ROLES_CLAIM")).isEqualTo("realm_access.roles");

    List<String> defined = StreamSupport.stream(realm.get("roles").get("realm").spliterator(), false)
        .map(role -> role.get("name").asText()).toList();
    List<String> granted = new ArrayList<>();
    realm.get("users").forEach(user -> granted.addAll(texts(user.get("realmRoles"))));
    assertThat(defined).containsAll(granted);
    assertThat(granted).as("a user who can open the console").contains("admin");
  }

  @Test
  void replicasEnvironment_isAConfigurationTheServerAccepts() {
    ServerConfig config = ServerConfig.fromEnvironment(gatehouseEnv);
    OidcSettings oidc = config.oidc().orElseThrow();
    assertThat(oidc.verifier().issuer()).hasToString(gatehouseEnv.get("OIDC_ISSUER"));
    assertThat(oidc.verifier().audiences()).containsExactly(gatehouseEnv.get("OIDC_AUDIENCE"));
    assertThat(oidc.verifier().rolesClaim()).contains("realm_access.roles");
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    if (array != null) {
      array.forEach(node -> texts.add(node.isTextual() ? node.asText() : node.toString()));
    }
    return texts;
  }
}
