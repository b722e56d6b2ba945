package io.github.sentrymcp.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP attempt with Sentry's API, as telemetry sees it: never the URL, its query or any header, only the path
 * template ({@code /api/0/organizations/{org}/issues/}).
 *
 * @param method the HTTP method
 * @param urlTemplate the path template, with {@code {name}} placeholders for every value
 * @param serverAddress the host the request went to
 * @param serverPort its port
 * @param resendCount 0 for the first attempt, then 1, 2, ... for retries
 * @param statusCode the response status, or null when no response came
 * @param failure the kind of failure when the attempt failed (an error status, a network failure, a timeout), else
 *     null
 * @param startedAt when the attempt was sent
 * @param duration how long it took
 */
public record ApiExchange(
    String method,
    String urlTemplate,
    String serverAddress,
    int serverPort,
    int resendCount,
    @Nullable Integer statusCode,
    @Nullable ErrorKind failure,
    Instant startedAt,
    Duration duration) {

  /**
   * Checks that the non-nullable components are present.
   *
   * @param method the HTTP method
   * @param urlTemplate the path template, with {@code {name}} placeholders for every value
   * @param serverAddress the host the request went to
   * @param serverPort its port
   * @param resendCount 0 for the first attempt, then 1, 2, ... for retries
   * @param statusCode the response status, or null when no response came
   * @param failure the kind of failure when the attempt failed (an error status, a network failure, a timeout), else
   *     null
   * @param startedAt when the attempt was sent
   * @param duration how long it took
   * @throws NullPointerException when {@code method}, {@code urlTemplate}, {@code serverAddress}, {@code startedAt}
   *     or {@code duration} is null
   */
  public ApiExchange {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(urlTemplate, "urlTemplate");
    Objects.requireNonNull(serverAddress, "serverAddress");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
  }
}
