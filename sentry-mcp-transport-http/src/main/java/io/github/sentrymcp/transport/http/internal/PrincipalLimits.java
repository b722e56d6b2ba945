package io.github.sentrymcp.transport.http.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-principal request limits: a token bucket ({@code ratePerSecond} requests a second on average, bursts up to
 * {@code burst}) and a cap on requests in progress. The tables are bounded: when they grow past {@code maxPrincipals},
 * idle entries are dropped.
 */
public final class PrincipalLimits {
  private final double ratePerSecond;
  private final double burst;
  private final int maxConcurrent;
  private final int maxPrincipals;
  private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

  private static final class State {
    double tokens;
    long refilledAt;
    int inFlight;

    State(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }
  }

  /** What {@link #acquire} decided. */
  public record Decision(boolean allowed, long retryAfterSeconds, boolean concurrency) {}

  public PrincipalLimits(double ratePerSecond, int burst, int maxConcurrent, int maxPrincipals) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.maxConcurrent = maxConcurrent;
    this.maxPrincipals = maxPrincipals;
  }

  /** Takes a token and a slot for a request of {@code principal}; {@link #release} the slot when it is answered. */
  public Decision acquire(String principal) {
    long now = System.nanoTime();
    if (states.size() > maxPrincipals) {
      states.values().removeIf(s -> {
        synchronized (s) {
          return s.inFlight == 0;
        }
      });
    }
    State s = states.computeIfAbsent(principal, k -> new State(burst, now));
    synchronized (s) {
      if (ratePerSecond > 0) {
        double elapsed = (now - s.refilledAt) / 1e9;
        s.tokens = Math.min(burst, s.tokens + elapsed * ratePerSecond);
        s.refilledAt = now;
        if (s.tokens < 1) {
          long wait = (long) Math.ceil((1 - s.tokens) / ratePerSecond);
          return new Decision(false, Math.max(1, wait), false);
        }
      }
      if (maxConcurrent > 0 && s.inFlight >= maxConcurrent) {
        return new Decision(false, 1, true);
      }
      if (ratePerSecond > 0) {
        s.tokens -= 1;
      }
      s.inFlight++;
      return new Decision(true, 0, false);
    }
  }

  /** Frees the slot {@link #acquire} took. */
  public void release(String principal) {
    State s = states.get(principal);
    if (s != null) {
      synchronized (s) {
        s.inFlight = Math.max(0, s.inFlight - 1);
      }
    }
  }
}
