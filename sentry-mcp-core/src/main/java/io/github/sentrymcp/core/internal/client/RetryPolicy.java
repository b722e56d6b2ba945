package io.github.sentrymcp.core.internal.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Which failures are retried, and how long to wait.
 *
 * <ul>
 *   <li>Non-idempotent requests (POST) are never retried.
 *   <li>GET: on 429, 502, 503, 504, on any I/O failure (connection refused or reset, timeouts).
 *   <li>PUT and DELETE: only when the request provably never reached Sentry (the connection could not be opened),
 *       or Sentry explicitly asked for a retry (429 or 503 carrying {@code Retry-After}).
 * </ul>
 *
 * <p>Waits: {@code Retry-After} when Sentry sent one (longer than {@code maxRetryAfter} fails immediately), otherwise
 * exponential backoff from {@value #INITIAL_BACKOFF_MILLIS} ms, doubled per retry, capped at {@value
 * #MAX_BACKOFF_MILLIS} ms, with "equal jitter" (half fixed, half random). The sum of all waits of one call is capped
 * at {@code maxRetryAfter + MAX_BACKOFF}, so a call never takes longer than roughly {@code (maxRetries + 1) x
 * requestTimeout + maxRetryAfter + 2 s}.
 */
final class RetryPolicy {
  static final long INITIAL_BACKOFF_MILLIS = 200;
  static final long MAX_BACKOFF_MILLIS = 2000;
  private static final int MAX_RETRY_AFTER_LENGTH = 64;

  private final int maxRetries;
  private final Duration maxRetryAfter;
  private final Duration sleepBudget;

  RetryPolicy(int maxRetries, Duration maxRetryAfter) {
    this.maxRetries = maxRetries;
    this.maxRetryAfter = maxRetryAfter;
    this.sleepBudget = maxRetryAfter.plusMillis(MAX_BACKOFF_MILLIS);
  }

  int maxRetries() {
    return maxRetries;
  }

  Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /** Total time one call may spend waiting between attempts. */
  Duration sleepBudget() {
    return sleepBudget;
  }

  static boolean isSafeMethod(String method) {
    return method.equals("GET") || method.equals("HEAD");
  }

  /** Whether an HTTP status may be retried for this request. */
  boolean retryableStatus(ApiRequest request, int status, @Nullable Duration retryAfter) {
    if (!request.idempotent()) {
      return false;
    }
    if (isSafeMethod(request.method())) {
      return status == 429 || status == 502 || status == 503 || status == 504;
    }
    // PUT/DELETE: only when Sentry explicitly said "retry later"
    return (status == 429 || status == 503) && retryAfter != null;
  }

  /** Whether a transport failure may be retried for this request. */
  boolean retryableFailure(ApiRequest request, Throwable failure, boolean timedOut) {
    if (!request.idempotent()) {
      return false;
    }
    if (neverReachedServer(failure)) {
      return true;
    }
    return isSafeMethod(request.method()) && (timedOut || hasCause(failure, IOException.class));
  }

  /** The connection was never established, so the request cannot have had any effect. */
  static boolean neverReachedServer(Throwable failure) {
    return hasCause(failure, ConnectException.class)
        || hasCause(failure, HttpConnectTimeoutException.class)
        || hasCause(failure, UnresolvedAddressException.class)
        || hasCause(failure, UnknownHostException.class);
  }

  static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 16; depth++) {
      if (type.isInstance(t)) {
        return true;
      }
      t = t.getCause();
    }
    return false;
  }

  /** Backoff before retry number {@code retry} (1-based). */
  Duration backoff(int retry) {
    long base = INITIAL_BACKOFF_MILLIS << Math.min(Math.max(retry - 1, 0), 10);
    long capped = Math.min(base, MAX_BACKOFF_MILLIS);
    long half = capped / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  /**
   * Parses {@code Retry-After}: delta-seconds or an HTTP-date. Returns null when absent or unparseable; negative
   * waits (a date in the past) become zero.
   */
  static @Nullable Duration parseRetryAfter(@Nullable String value, Instant now) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    if (v.isEmpty() || v.length() > MAX_RETRY_AFTER_LENGTH) {
      return null;
    }
    boolean digits = true;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        digits = false;
        break;
      }
    }
    if (digits) {
      if (v.length() > 9) {
        return Duration.ofSeconds(999_999_999L);
      }
      return Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(now, at.toInstant());
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
