package io.github.sentrymcp.transport.stdio;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Ids of client requests that were handed to the SDK and not answered yet (the answer flushed to stdout). Lets the
 * server hold back end-of-input until pending answers are out: the SDK drops every outbound message once stdin closes.
 */
final class PendingRequests {
  private final Set<String> ids = new HashSet<>();

  /** A key for a JSON-RPC id: strings and numbers never collide. */
  static String key(Object id) {
    return id instanceof String s ? "s:" + s : "n:" + id;
  }

  synchronized void add(String key) {
    ids.add(key);
  }

  synchronized void answered(String key) {
    if (ids.remove(key) && ids.isEmpty()) {
      notifyAll();
    }
  }

  synchronized int size() {
    return ids.size();
  }

  /** Waits until nothing is pending or the timeout passes; true when nothing is pending. */
  synchronized boolean awaitEmpty(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ids.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      long ms = Math.max(1, left / 1_000_000);
      wait(ms);
    }
    return true;
  }
}
