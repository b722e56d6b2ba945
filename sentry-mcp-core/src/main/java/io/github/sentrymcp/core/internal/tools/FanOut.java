package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiRequest;
import io.github.sentrymcp.core.internal.client.ApiResponse;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Independent requests of one call, in flight at the same time. Start each request as soon as what it needs is
 * known; then read the answers the result needs with {@link Pending#await} (the request's failure is the call's
 * failure) and the ones it can do without with {@link Pending#orNull} (a failure, an answer that is not JSON, or no
 * answer by a {@link Deadline} just leaves that part out). Use it in a try-with-resources block: leaving the block,
 * normally or by a failure, cancels every request still running, so a failed call sends nothing more and waits for
 * nothing.
 *
 * <pre>{@code
 * try (FanOut requests = FanOut.open()) {
 *   FanOut.Pending issue = requests.get(api, ApiPath.of("/organizations/{org}/issues/{id}/", org, id));
 *   FanOut.Pending autofix = requests.get(api, ApiPath.of("/organizations/{org}/issues/{id}/autofix/", org, id));
 *   SentryJson issueJson = issue.await().jsonObject("issue");        // required: its failure ends the call
 *   FanOut.Deadline deadline = FanOut.Deadline.in(Duration.ofSeconds(5));
 *   SentryJson seer = autofix.orNull("autofix", TrustClass.UNTRUSTED_DERIVED, deadline); // best effort
 * }
 * }</pre>
 *
 * <p>Requests still go through the call's client ({@link ToolCall#api()}), so they also end with the call. Not
 * thread-safe: one tool call uses it from its own thread.
 */
public final class FanOut implements AutoCloseable {
  private final List<CompletableFuture<ApiResponse>> started = new ArrayList<>();

  private FanOut() {}

  /** A fan-out with no request started yet. */
  public static FanOut open() {
    return new FanOut();
  }

  /** Starts {@code GET path} now. */
  public Pending get(SentryApiClient api, ApiPath path) {
    return send(api, ApiRequest.get(path));
  }

  /** Starts {@code GET path?query} now. */
  public Pending get(SentryApiClient api, ApiPath path, Query query) {
    return send(api, ApiRequest.get(path, query));
  }

  /** Starts a request now; a failure to start becomes the request's failure. */
  public Pending send(SentryApiClient api, ApiRequest request) {
    CompletableFuture<ApiResponse> f;
    try {
      f = api.sendAsync(request);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    started.add(f);
    return new Pending(f);
  }

  /** Cancels every request of this fan-out still running. */
  @Override
  public void close() {
    for (CompletableFuture<ApiResponse> f : started) {
      f.cancel(true);
    }
  }

  /**
   * The moment after which best-effort answers are no longer waited for; one deadline is usually shared by all of
   * them, so together they delay the result by at most its duration.
   */
  public record Deadline(long nanoTime) {
    /** {@code wait} from now. */
    public static Deadline in(Duration wait) {
      return new Deadline(System.nanoTime() + wait.toNanos());
    }

    long remainingNanos() {
      return Math.max(0, nanoTime - System.nanoTime());
    }
  }

  /** One started request (or {@link #NONE}, a request that was not needed). */
  public static final class Pending {
    /** A request that was not started: {@link #orNull} answers null. */
    public static final Pending NONE = new Pending(null);

    private final @Nullable CompletableFuture<ApiResponse> future;

    private Pending(@Nullable CompletableFuture<ApiResponse> future) {
      this.future = future;
    }

    /** Whether a request was started ({@code false} for {@link #NONE}). */
    public boolean started() {
      return future != null;
    }

    /**
     * Waits for the answer the result needs.
     *
     * @throws RuntimeException the request's failure as the client reports it (an {@link
     *     io.github.sentrymcp.api.ApiException}, a cancellation or timeout of the call, ...)
     * @throws IllegalStateException for {@link #NONE}
     */
    public ApiResponse await() {
      CompletableFuture<ApiResponse> f = future;
      if (f == null) {
        throw new IllegalStateException("the request was not started");
      }
      try {
        return f.join();
      } catch (CompletionException | CancellationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        throw new SentryMcpException(ErrorKind.NETWORK, "The request to Sentry failed.", List.of(), e);
      }
    }

    /**
     * The answer as JSON, or null when the request was not started, failed, did not answer JSON or did not answer
     * by {@code deadline} (it is then cancelled).
     *
     * @param source the source path of the answer's values, e.g. {@code autofix}
     * @param trust how far the answer's text is trusted
     * @throws SentryMcpException when the waiting thread is interrupted (the call is being cancelled)
     */
    public @Nullable SentryJson orNull(String source, TrustClass trust, Deadline deadline) {
      CompletableFuture<ApiResponse> f = future;
      if (f == null) {
        return null;
      }
      try {
        return f.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS).json(source, trust);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SentryMcpException(ErrorKind.INTERNAL, "The call was cancelled.");
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        f.cancel(true);
        return null;
      }
    }
  }
}
