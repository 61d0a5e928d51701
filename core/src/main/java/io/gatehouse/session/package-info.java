/**
 * Login sessions: opaque bearer tokens, of which stores keep only a hash, with idle and absolute timeouts.
 *
 * <p>{@link io.gatehouse.session.SessionStore} is the API; {@link io.gatehouse.session.SessionStore#inMemory} builds
 * the in-memory store, and the {@code gatehouse-redis} module builds the shared one.
 */
package io.gatehouse.session;
