package io.github.sentrymcp.api;

import java.util.concurrent.atomic.AtomicInteger;

/** What one tool call did, counted while it runs: the Sentry API requests it sent (retries included). */
public final class CallMetrics {
  private final AtomicInteger apiRequests = new AtomicInteger();

  /** Counts one HTTP request sent to Sentry. */
  public void countApiRequest() {
    apiRequests.incrementAndGet();
  }

  /**
   * HTTP requests sent to Sentry so far, retries included.
   *
   * @return the number of requests, at least 0
   */
  public int apiRequests() {
    return apiRequests.get();
  }

  @Override
  public String toString() {
    return "CallMetrics[apiRequests=" + apiRequests.get() + "]";
  }
}
