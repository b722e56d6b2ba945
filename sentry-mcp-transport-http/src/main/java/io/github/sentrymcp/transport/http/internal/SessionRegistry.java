package io.github.sentrymcp.transport.http.internal;

import io.github.sentrymcp.api.ToolCallListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The stateful sessions the transport knows: each {@code Mcp-Session-Id} bound to the principal that initialized it
 * and to the request's binding (path and narrowing), with the protocol version it asked for, when it started and when
 * it was last used. A session used by another principal or under another binding, or idle for longer than the
 * timeout, is unknown: the SDK never sees such a request. Every session that ends (deleted, expired, or still open
 * when the registry is closed) is reported once to the end listener, for the session-duration metric.
 */
public final class SessionRegistry {
  private record Binding(String principal, String key) {}

  private static final class Entry {
    final Binding binding;
    final @Nullable String protocolVersion;
    final long started;
    volatile long lastUsed;

    Entry(Binding binding, @Nullable String protocolVersion, long now) {
      this.binding = binding;
      this.protocolVersion = protocolVersion;
      this.started = now;
      this.lastUsed = now;
    }
  }

  private final ConcurrentHashMap<String, Entry> sessions = new ConcurrentHashMap<>();
  private final long idleNanos;
  private final int max;
  private final Consumer<ToolCallListener.SessionEnded> onEnd;

  public SessionRegistry(Duration idleTimeout, int max, Consumer<ToolCallListener.SessionEnded> onEnd) {
    this.idleNanos = idleTimeout.toNanos();
    this.max = max;
    this.onEnd = onEnd;
  }

  /** Whether one more session may start (after dropping expired ones). */
  public boolean hasRoom() {
    if (sessions.size() < max) {
      return true;
    }
    expire();
    return sessions.size() < max;
  }

  /** Binds a new session; {@code protocolVersion} is what its {@code initialize} asked for, when known. */
  public void register(String sessionId, String principal, String key, @Nullable String protocolVersion) {
    sessions.put(sessionId, new Entry(new Binding(principal, key), protocolVersion, System.nanoTime()));
  }

  /** True and the session touched if it exists, is not expired and belongs to this principal and binding. */
  public boolean use(String sessionId, String principal, String key) {
    Entry e = sessions.get(sessionId);
    if (e == null) {
      return false;
    }
    long now = System.nanoTime();
    if (now - e.lastUsed > idleNanos) {
      if (sessions.remove(sessionId, e)) {
        ended(e, now, "expired");
      }
      return false;
    }
    if (!e.binding.equals(new Binding(principal, key))) {
      return false;
    }
    e.lastUsed = now;
    return true;
  }

  /** The protocol version the session asked for, or null. */
  public @Nullable String protocolVersion(String sessionId) {
    Entry e = sessions.get(sessionId);
    return e == null ? null : e.protocolVersion;
  }

  /** The session ended normally (the client deleted it). */
  public void remove(String sessionId) {
    Entry e = sessions.remove(sessionId);
    if (e != null) {
      ended(e, System.nanoTime(), null);
    }
  }

  /** Drops the sessions idle for longer than the timeout. */
  public void expire() {
    long now = System.nanoTime();
    for (Map.Entry<String, Entry> m : List.copyOf(sessions.entrySet())) {
      Entry e = m.getValue();
      if (now - e.lastUsed > idleNanos && sessions.remove(m.getKey(), e)) {
        ended(e, now, "expired");
      }
    }
  }

  /** Ends every session still open (the server stops). */
  public void closeAll() {
    long now = System.nanoTime();
    for (Map.Entry<String, Entry> m : List.copyOf(sessions.entrySet())) {
      if (sessions.remove(m.getKey(), m.getValue())) {
        ended(m.getValue(), now, null);
      }
    }
  }

  public int size() {
    return sessions.size();
  }

  private void ended(Entry e, long now, @Nullable String errorType) {
    try {
      onEnd.accept(new ToolCallListener.SessionEnded("tcp", e.protocolVersion,
          Duration.ofNanos(Math.max(0, now - e.started)), errorType));
    } catch (RuntimeException ignored) {
      // the engine's reporting never throws; a host's callback must not break session handling
    }
  }
}
