package io.github.sentrymcp.core.internal.client;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * Collects a response body into memory, never more than {@code limit} bytes. In <em>failing</em> mode (successful
 * responses) going over the limit cancels the subscription, which aborts the exchange, and completes the body with
 * {@link ResponseTooLargeException}; in <em>truncating</em> mode (error responses, whose body only feeds the error
 * details) the first {@code limit} bytes are kept and the rest is dropped.
 *
 * <p>The Flow protocol serialises the callbacks, so no locking is needed. Also used by the model adapters
 * ({@code core.internal.model}).
 */
public final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
  private final long limit;
  private final int status;
  private final boolean failWhenExceeded;
  private final boolean alreadyTooLarge;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream buffer;
  private Flow.@Nullable Subscription subscription;

  private LimitedBodySubscriber(long limit, int status, boolean failWhenExceeded, long declaredLength) {
    this.limit = limit;
    this.status = status;
    this.failWhenExceeded = failWhenExceeded;
    this.alreadyTooLarge = failWhenExceeded && declaredLength > limit;
    long initial = declaredLength > 0 ? Math.min(declaredLength, limit) : 8192;
    this.buffer = new ByteArrayOutputStream((int) Math.min(initial, 1 << 20));
  }

  /** For bodies the caller wants whole: exceeding {@code limit} fails. */
  public static LimitedBodySubscriber failing(long limit, int status, long declaredLength) {
    return new LimitedBodySubscriber(limit, status, true, declaredLength);
  }

  /** For bodies only partly needed: keeps the first {@code limit} bytes. */
  public static LimitedBodySubscriber truncating(long limit) {
    return new LimitedBodySubscriber(limit, 0, false, -1);
  }

  /**
   * A 2xx body whole up to {@code successLimit} bytes (more fails with {@link ResponseTooLargeException}); any other
   * status keeps only the first {@code errorLimit} bytes, which is all an error needs.
   */
  public static HttpResponse.BodyHandler<byte[]> handler(long successLimit, long errorLimit) {
    return info -> {
      int status = info.statusCode();
      if (status >= 200 && status < 300) {
        return failing(successLimit, status, info.headers().firstValueAsLong("Content-Length").orElse(-1L));
      }
      return truncating(errorLimit);
    };
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    if (subscription != null || result.isDone()) {
      s.cancel();
      return;
    }
    subscription = s;
    if (alreadyTooLarge) {
      // Content-Length already says it is too large: don't read a byte of it
      s.cancel();
      result.completeExceptionally(new ResponseTooLargeException(limit, status));
      return;
    }
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      int n = item.remaining();
      long room = limit - buffer.size();
      if (n > room) {
        cancelSubscription();
        if (failWhenExceeded) {
          result.completeExceptionally(new ResponseTooLargeException(limit, status));
        } else {
          copy(item, (int) room);
          result.complete(buffer.toByteArray());
        }
        return;
      }
      copy(item, n);
    }
  }

  private void copy(ByteBuffer item, int n) {
    if (n <= 0) {
      return;
    }
    if (item.hasArray()) {
      buffer.write(item.array(), item.arrayOffset() + item.position(), n);
      item.position(item.position() + n);
    } else {
      byte[] chunk = new byte[n];
      item.get(chunk);
      buffer.write(chunk, 0, n);
    }
  }

  private void cancelSubscription() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(buffer.toByteArray());
  }

  /** A successful response body exceeded the configured cap. Carries no URL or body text. */
  public static final class ResponseTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long limit;
    private final int status;

    ResponseTooLargeException(long limit, int status) {
      super("response body exceeds " + limit + " bytes", null, false, false);
      this.limit = limit;
      this.status = status;
    }

    public int status() {
      return status;
    }

    long limit() {
      return limit;
    }
  }
}
