package io.gatehouse.session;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process {@link InvalidationChannel}: messages are delivered at once on the caller's thread while it is
 * connected, and lost while it is not, as Redis pub/sub loses them. Tests connect and drop it at will.
 */
public final class LocalInvalidationChannel implements InvalidationChannel {

  private final List<InvalidationListener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean connected = true;

  @Override
  public boolean isConnected() {
    return connected;
  }

  @Override
  public void subscribe(InvalidationListener listener) {
    listeners.add(listener);
  }

  /** Loses the connection: subscribers are reset, and messages are lost until {@link #connect()}. */
  public void disconnect() {
    connected = false;
    listeners.forEach(InvalidationListener::reset);
  }

  /** Has the connection again: subscribers are reset, then told of messages again. */
  public void connect() {
    listeners.forEach(InvalidationListener::reset);
    connected = true;
  }

  public void sessionRevoked(SessionId id) {
    if (connected) {
      listeners.forEach(listener -> listener.sessionRevoked(id));
    }
  }

  public void subjectRevoked(String subject, Instant notValidBefore) {
    if (connected) {
      listeners.forEach(listener -> listener.subjectRevoked(subject, notValidBefore));
    }
  }
}
