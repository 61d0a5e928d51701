package io.gatehouse.oidc;

import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URL;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Fetches the discovery document and the key set over HTTP with bounded timeouts and size, and remembers how the
 * last fetches went, for {@link JwksStatus}. Logs the start and the end of an outage once each, not every attempt.
 */
final class RecordingRetriever implements ResourceRetriever {

  /** Largest document read: a key set of a few dozen keys is far below it. */
  static final int SIZE_LIMIT = 64 * 1024;

  private static final System.Logger LOG = System.getLogger(RecordingRetriever.class.getName());

  private final ResourceRetriever http;
  private final Clock clock;
  private Instant lastSuccess;
  private Instant failingSince;
  private String lastError;

  RecordingRetriever(JwtVerifierConfig config, Clock clock) {
    this.http = new DefaultResourceRetriever(Math.toIntExact(config.connectTimeout().toMillis()),
        Math.toIntExact(config.readTimeout().toMillis()), SIZE_LIMIT);
    this.clock = clock;
  }

  @Override
  public Resource retrieveResource(URL url) throws IOException {
    try {
      Resource resource = http.retrieveResource(url);
      succeeded();
      return resource;
    } catch (IOException | RuntimeException e) {
      failed("GET " + url + " failed: " + e);
      throw e;
    }
  }

  /** Fetches without recording the outcome: for the discovery document, which is not the key set. */
  Resource retrieveUnrecorded(URL url) throws IOException {
    return http.retrieveResource(url);
  }

  synchronized void succeeded() {
    if (failingSince != null) {
      LOG.log(Level.INFO, "The OIDC provider answers again; it failed from " + failingSince);
    }
    lastSuccess = clock.instant();
    failingSince = null;
    lastError = null;
  }

  synchronized void failed(String error) {
    if (failingSince == null) {
      failingSince = clock.instant();
      LOG.log(Level.WARNING, error + (lastSuccess == null ? "; no keys loaded yet"
          : "; verifying with the keys fetched at " + lastSuccess));
    }
    lastError = error;
  }

  synchronized Optional<Instant> lastSuccess() {
    return Optional.ofNullable(lastSuccess);
  }

  synchronized Optional<Instant> failingSince() {
    return Optional.ofNullable(failingSince);
  }

  synchronized Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }
}
