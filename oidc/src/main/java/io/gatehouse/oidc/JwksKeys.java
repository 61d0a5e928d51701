package io.gatehouse.oidc;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The issuer's signing keys: the key set's URL, from the configuration or discovered from
 * {@code <issuer>/.well-known/openid-configuration}, and Nimbus's caching source over it.
 *
 * <p>How are the keys kept, and why? Nimbus's {@link JWKSourceBuilder} stacks, from the outside in: a cache that
 * refreshes ahead of expiry on a background thread; a rate limiter that lets an unknown {@code kid} force a refetch at
 * most twice per interval, so a flood of made-up {@code kid}s cannot hammer the provider; an outage-tolerant copy of
 * the last good set, which keeps verifying for the configured tolerance after its fetch while the provider is down;
 * and one retry of a failed fetch. Those caches measure time with the system clock, so this status does too, rather
 * than the configured clock that the claims are checked against. Discovery, which happens once, is retried at most
 * once per refetch interval while it fails, for the same reason as the rate limiter.
 */
final class JwksKeys implements JWKSource<SecurityContext>, Closeable {

  private static final JWKSelector ANY_KEY = new JWKSelector(new JWKMatcher.Builder().build());

  private final JwtVerifierConfig config;
  private final Clock systemClock = Clock.systemUTC();
  private final RecordingRetriever retriever;
  private volatile JWKSource<SecurityContext> source;
  private volatile URL jwksUrl;
  private Instant nextDiscovery = Instant.MIN;

  JwksKeys(JwtVerifierConfig config) {
    this.config = config;
    this.retriever = new RecordingRetriever(config, systemClock);
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    return source().get(selector, context);
  }

  /** Loads the keys now; whether they are usable. */
  boolean prewarm() {
    try {
      get(ANY_KEY, null);
    } catch (KeySourceException e) {
      // Recorded in the status by the retriever or by discovery; the caller reads ready().
    }
    return status().keysUsable();
  }

  JwksStatus status() {
    Optional<Instant> success = retriever.lastSuccess();
    Optional<Instant> failing = retriever.failingSince();
    JwksStatus.State state;
    if (failing.isEmpty()) {
      state = success.isPresent() && source != null ? JwksStatus.State.FRESH : JwksStatus.State.NOT_LOADED;
    } else if (success.isPresent() && source != null
        && systemClock.instant().isBefore(success.get().plus(config.jwksOutageTolerance()))) {
      state = JwksStatus.State.STALE;
    } else {
      state = JwksStatus.State.UNAVAILABLE;
    }
    return new JwksStatus(state, Optional.ofNullable(jwksUrl).map(URL::toString), success, failing,
        retriever.lastError());
  }

  /** Stops the key set's background refresh; an I/O failure doing so is unchecked, as for every closer of it. */
  @Override
  public void close() {
    if (source instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private JWKSource<SecurityContext> source() throws KeySourceException {
    JWKSource<SecurityContext> built = source;
    if (built != null) {
      return built;
    }
    synchronized (this) {
      if (source == null) {
        URL url = config.jwksUri().isPresent() ? toUrl(config.jwksUri().get()) : discover();
        long fetchTimeout = config.connectTimeout().plus(config.readTimeout()).toMillis();
        source = JWKSourceBuilder.<SecurityContext>create(url, retriever)
            .cache(config.jwksCacheTtl().toMillis(), fetchTimeout)
            .refreshAheadCache(config.jwksRefreshAhead().toMillis(), true)
            .rateLimited(config.jwksRefetchInterval().toMillis())
            .retrying(true)
            .outageTolerant(config.jwksOutageTolerance().toMillis())
            .build();
        jwksUrl = url;
      }
      return source;
    }
  }

  /** The key set's URL from the issuer's discovery document, which must name the configured issuer. */
  private URL discover() throws KeySourceException {
    Instant now = systemClock.instant();
    if (now.isBefore(nextDiscovery)) {
      throw new KeySourceException("OIDC discovery failed; next attempt after " + nextDiscovery);
    }
    nextDiscovery = now.plus(config.jwksRefetchInterval());
    String issuer = config.issuer().toString();
    URL discovery = toUrl(URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration"));
    try {
      Map<String, Object> document = JSONObjectUtils.parse(retriever.retrieveUnrecorded(discovery).getContent());
      if (!issuer.equals(document.get("issuer"))) {
        throw fail("the discovery document at " + discovery + " names the issuer \"" + document.get("issuer")
            + "\", expected \"" + issuer + "\"");
      }
      Object jwksUri = document.get("jwks_uri");
      String form = jwksUri instanceof String text ? text : "";
      try {
        return toUrl(ProviderUrl.check("jwks_uri", form));
      } catch (IllegalArgumentException e) {
        throw fail("the discovery document at " + discovery + " has no usable jwks_uri: " + e.getMessage());
      }
    } catch (IOException e) {
      throw fail("GET " + discovery + " failed: " + e);
    } catch (ParseException e) {
      throw fail("the discovery document at " + discovery + " is not a JSON object: " + e.getMessage());
    }
  }

  private KeySourceException fail(String message) {
    retriever.failed(message);
    return new KeySourceException(message);
  }

  private static URL toUrl(URI uri) throws KeySourceException {
    try {
      return uri.toURL();
    } catch (IOException | IllegalArgumentException e) {
      throw new KeySourceException("not a URL: " + uri, e);
    }
  }
}
