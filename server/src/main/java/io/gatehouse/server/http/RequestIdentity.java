package io.gatehouse.server.http;

import io.gatehouse.servlet.ServletRequestView;
import io.gatehouse.web.Authentication;
import io.gatehouse.web.Authenticator;
import io.gatehouse.web.HttpRequestView;
import io.gatehouse.web.Principal;
import io.gatehouse.web.api.ApiError;
import io.gatehouse.web.api.AuthApi;
import io.gatehouse.web.api.HttpResponseView;
import io.gatehouse.web.client.ClientAddress;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Who sent a Javalin request, as {@code gatehouse-web} works it out: the client's address behind the trusted
 * proxies, and the authentication (a session from the bearer token or the cookie). Each is computed at most once per
 * request and kept in a context attribute, since the API rate limit and the handler both ask, and validating a
 * session is a store round trip that slides its idle timeout.
 *
 * <p>Also the two views that adapt Javalin to {@code gatehouse-web}: {@code ctx.req()} is a Servlet request, and a
 * response view is {@code ctx.res()::addHeader}.
 */
public final class RequestIdentity {

  private static final String CLIENT = RequestIdentity.class.getName() + ".client";
  private static final String AUTHENTICATION = RequestIdentity.class.getName() + ".authentication";

  private final ClientAddress clients;
  private final Authenticator authenticator;
  private final Consumer<Duration> validations;

  public RequestIdentity(ClientAddress clients, Authenticator authenticator) {
    this(clients, authenticator, elapsed -> {});
  }

  /**
   * Creates the identity of requests.
   *
   * @param validations told how long each authentication took that asked the session store (not one of a request
   *     without credentials or with malformed ones, which is answered without a store round trip)
   */
  public RequestIdentity(ClientAddress clients, Authenticator authenticator, Consumer<Duration> validations) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.validations = Objects.requireNonNull(validations, "validations");
  }

  /** The request as {@code gatehouse-web} reads it. */
  public static HttpRequestView request(Context ctx) {
    return ServletRequestView.of(ctx.req());
  }

  /** The response as {@code gatehouse-web} writes its headers (Set-Cookie, Cache-Control). */
  public static HttpResponseView response(Context ctx) {
    return new HttpResponseView() {
      @Override
      public void addHeader(String name, String value) {
        ctx.res().addHeader(name, value);
      }

      @Override
      public void setHeader(String name, String value) {
        ctx.header(name, value);
      }
    };
  }

  /** The client's address: the socket peer, or the forwarded one when the peer is a trusted proxy. */
  public InetAddress client(Context ctx) {
    InetAddress client = ctx.attribute(CLIENT);
    if (client == null) {
      client = clients.of(request(ctx));
      ctx.attribute(CLIENT, client);
    }
    return client;
  }

  /** The client's rate-limit key: its IPv4 address or IPv6 /64. */
  public String clientKey(Context ctx) {
    return ClientAddress.rateLimitKey(client(ctx));
  }

  /** What the authenticator made of the request, success or failure. */
  public Authentication authentication(Context ctx) {
    Authentication authentication = ctx.attribute(AUTHENTICATION);
    if (authentication == null) {
      long start = System.nanoTime();
      authentication = authenticator.authenticate(request(ctx));
      if (!(authentication instanceof Authentication.Failure failure) || !failure.undecided()) {
        validations.accept(Duration.ofNanos(System.nanoTime() - start));
      }
      ctx.attribute(AUTHENTICATION, authentication);
    }
    return authentication;
  }

  /**
   * The request's principal.
   *
   * @throws ApiError 401, with one message whatever the reason
   */
  public Principal principal(Context ctx) {
    return AuthApi.require(authentication(ctx));
  }
}
