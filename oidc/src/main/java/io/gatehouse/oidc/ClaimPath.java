package io.gatehouse.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A claim reached by a dotted path through nested objects, such as Keycloak's {@code realm_access.roles}, read as a
 * set of strings: an array of strings, or one space-separated string. Anything else reads as no values.
 */
public final class ClaimPath {

  private final String[] names;

  public ClaimPath(String path) {
    this.names = path.split("\\.");
  }

  public Set<String> values(JWTClaimsSet claims) {
    Object node = claims.getClaim(names[0]);
    for (int i = 1; i < names.length && node != null; i++) {
      node = node instanceof Map<?, ?> map ? map.get(names[i]) : null;
    }
    Set<String> values = new LinkedHashSet<>();
    if (node instanceof Collection<?> items) {
      for (Object item : items) {
        if (item instanceof String text && !text.isEmpty()) {
          values.add(text);
        }
      }
    } else if (node instanceof String text) {
      Arrays.stream(text.split(" ")).filter(s -> !s.isEmpty()).forEach(values::add);
    }
    return values;
  }
}
