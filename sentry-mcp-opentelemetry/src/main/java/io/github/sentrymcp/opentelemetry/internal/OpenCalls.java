package io.github.sentrymcp.opentelemetry.internal;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The state of the calls that are running, by the identity of their key (a listener's {@code Call}, a record whose
 * equality is by value: two calls of one tool in the same instant are still two calls). Thread-safe.
 *
 * <p>Bounded twice: keys are held weakly, so an entry whose end never comes goes away once the engine has forgotten
 * its call; and at most {@code capacity} entries are held at once, past which {@link #put} refuses (the call then has
 * no telemetry). Values must not refer to their key, or it is never forgotten.
 *
 * @param <K> the key type
 * @param <V> the state type
 */
public final class OpenCalls<K, V> {
  private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
  private final ReferenceQueue<K> forgotten = new ReferenceQueue<>();
  private final int capacity;

  /** A registry of at most {@code capacity} running calls. */
  public OpenCalls(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  /**
   * Holds {@code value} for {@code key} unless one is already held or the registry is full.
   *
   * @return whether {@code value} is now held
   */
  public boolean put(K key, V value) {
    expunge();
    if (map.size() >= capacity) {
      return false;
    }
    return map.putIfAbsent(new WeakKey<>(key, forgotten), value) == null;
  }

  /** Whether {@link #put} would find room now (another thread may take it first). */
  public boolean hasRoom() {
    expunge();
    return map.size() < capacity;
  }

  /** The value held for {@code key}, or null. */
  public @Nullable V get(K key) {
    return map.get(new Lookup(key));
  }

  /** Removes and returns the value held for {@code key}, or null. */
  public @Nullable V remove(K key) {
    return map.remove(new Lookup(key));
  }

  /** How many calls are held (entries of forgotten calls included until they are expunged). */
  public int size() {
    expunge();
    return map.size();
  }

  private void expunge() {
    Reference<? extends K> ref;
    while ((ref = forgotten.poll()) != null) {
      map.remove(ref);
    }
  }

  /** The stored key: a weak reference that stays equal to itself after it is cleared, so it can be removed. */
  private static final class WeakKey<K> extends WeakReference<K> {
    private final int hash;

    WeakKey(K key, ReferenceQueue<K> queue) {
      super(key, queue);
      this.hash = System.identityHashCode(key);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      if (o == this) {
        return true;
      }
      Object mine = get();
      if (mine == null) {
        return false;
      }
      if (o instanceof Lookup l) {
        return l.key == mine;
      }
      return o instanceof WeakKey<?> w && w.get() == mine;
    }
  }

  /** A key to look up with: the same hash and identity as the stored one, without a reference to queue. */
  private static final class Lookup {
    private final Object key;
    private final int hash;

    Lookup(Object key) {
      this.key = key;
      this.hash = System.identityHashCode(key);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      if (o instanceof WeakKey<?> w) {
        return w.get() == key;
      }
      return o instanceof Lookup l && l.key == key;
    }
  }
}
