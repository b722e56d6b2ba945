package io.github.sentrymcp.transport.http.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stateful sessions the transport knows: each {@code Mcp-Session-Id} bound to the principal that initialized it
 * and to the request's binding (path and narrowing), with the time it was last used. A session used by another
 * principal or under another binding, or idle for longer than the timeout, is unknown: the SDK never sees such a
 * request.
 */
public final class SessionRegistry {
  private record Binding(String principal, String key) {}

  private static final class Entry {
    final Binding binding;
    volatile long lastUsed;

    Entry(Binding binding, long now) {
      this.binding = binding;
      this.lastUsed = now;
    }
  }

  private final ConcurrentHashMap<String, Entry> sessions = new ConcurrentHashMap<>();
  private final long idleNanos;
  private final int max;

  public SessionRegistry(Duration idleTimeout, int max) {
    this.idleNanos = idleTimeout.toNanos();
    this.max = max;
  }

  /** Whether one more session may start (after dropping expired ones). */
  public boolean hasRoom() {
    if (sessions.size() < max) {
      return true;
    }
    expire();
    return sessions.size() < max;
  }

  public void register(String sessionId, String principal, String key) {
    sessions.put(sessionId, new Entry(new Binding(principal, key), System.nanoTime()));
  }

  /** True and the session touched if it exists, is not expired and belongs to this principal and binding. */
  public boolean use(String sessionId, String principal, String key) {
    Entry e = sessions.get(sessionId);
    if (e == null) {
      return false;
    }
    long now = System.nanoTime();
    if (now - e.lastUsed > idleNanos) {
      sessions.remove(sessionId, e);
      return false;
    }
    if (!e.binding.equals(new Binding(principal, key))) {
      return false;
    }
    e.lastUsed = now;
    return true;
  }

  public void remove(String sessionId) {
    sessions.remove(sessionId);
  }

  /** Drops the sessions idle for longer than the timeout. */
  public void expire() {
    long now = System.nanoTime();
    sessions.values().removeIf(e -> now - e.lastUsed > idleNanos);
  }

  public int size() {
    return sessions.size();
  }
}
