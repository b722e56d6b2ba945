package io.github.sentrymcp.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Words for a failure in log lines and messages. Exception messages can carry URLs, queries, tokens or data, and
 * class names are implementation detail a reader should not have to decode, so the library logs neither: only one
 * of a few fixed phrases that say what kind of thing went wrong.
 */
public final class Failures {
  private Failures() {}

  /** A fixed phrase for the failure, e.g. {@code "an I/O failure"}; never its message or class name. */
  public static String describe(@Nullable Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException || t instanceof java.net.http.HttpTimeoutException) {
        return "a timeout";
      }
      if (t instanceof InterruptedException || t instanceof CancellationException) {
        return "an interruption or cancellation";
      }
      if (t instanceof IOException || t instanceof UncheckedIOException) {
        return "an I/O failure";
      }
      if (t instanceof OutOfMemoryError) {
        return "running out of memory";
      }
      if (t instanceof StackOverflowError) {
        return "a stack overflow";
      }
      if (t instanceof ReflectiveOperationException) {
        return "a missing or inaccessible JDK feature";
      }
    }
    return "an unexpected internal failure";
  }
}
