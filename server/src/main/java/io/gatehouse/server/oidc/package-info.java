/** The browser login against the OpenID Connect provider: thin Javalin adapters over {@code gatehouse-oidc}. */
package io.gatehouse.server.oidc;
