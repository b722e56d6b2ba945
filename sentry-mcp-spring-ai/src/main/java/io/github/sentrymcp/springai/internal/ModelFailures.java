package io.github.sentrymcp.springai.internal;

import io.github.sentrymcp.api.model.ModelException;
import io.github.sentrymcp.api.model.ModelException.Failure;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ModelException} of a Spring AI chat model's failure. Spring AI 2.0's models throw their provider SDK's
 * exceptions (OpenAI's and Anthropic's Java SDKs, Spring's {@code RestClient}), which share no type; most carry the
 * HTTP status as a public {@code statusCode()} (an {@code int}) or {@code getStatusCode()} (an {@code int} or an object
 * with {@code value()}), which decides where present. The provider's message never reaches the result.
 */
public final class ModelFailures {
  private ModelFailures() {}

  /** The failure of {@code e}: the first exception in its cause chain that says what went wrong decides. */
  public static ModelException of(RuntimeException e) {
    if (e instanceof ModelException m) {
      return m;
    }
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      int status = status(t);
      if (status >= 400 && status <= 599) {
        return fixed(ofStatus(status), status, e);
      }
      Failure f = ofType(t);
      if (f != null) {
        return fixed(f, 0, e);
      }
    }
    return new ModelException(Failure.UNAVAILABLE, 0, "The language model failed.", null, e);
  }

  private static @Nullable Failure ofType(Throwable t) {
    if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException
        || t instanceof java.util.concurrent.TimeoutException) {
      return Failure.TIMEOUT;
    }
    if (t instanceof UnknownHostException || t instanceof ConnectException) {
      return Failure.NETWORK;
    }
    if (t instanceof CancellationException || t instanceof InterruptedException) {
      return Failure.CANCELLED;
    }
    if (t instanceof IOException) {
      return Failure.NETWORK;
    }
    String name = t.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    if (name.contains("ratelimit")) {
      return Failure.RATE_LIMITED;
    }
    if (name.contains("unauthorized") || name.contains("authentication")) {
      return Failure.AUTHENTICATION;
    }
    if (name.contains("permissiondenied") || name.contains("forbidden")) {
      return Failure.FORBIDDEN;
    }
    if (name.contains("timeout")) {
      return Failure.TIMEOUT;
    }
    return null;
  }

  /** The HTTP status an exception carries through a public no-argument accessor, or 0. */
  static int status(Throwable t) {
    for (String accessor : new String[] {"statusCode", "getStatusCode", "getRawStatusCode"}) {
      try {
        Method m = publicMethod(t.getClass(), accessor);
        Object value = m == null ? null : m.invoke(t);
        if (value instanceof Integer i) {
          return i;
        }
        Method v = value == null ? null : publicMethod(value.getClass(), "value");
        if (v != null && v.getReturnType() == int.class) {
          return (Integer) v.invoke(value);
        }
      } catch (ReflectiveOperationException | RuntimeException | LinkageError ignored) {
        // an accessor that fails: not a status
      }
    }
    return 0;
  }

  /** A public no-argument method of a public class or interface {@code type} has, callable without opening it. */
  private static @Nullable Method publicMethod(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      Method m = declared(c, name);
      if (m != null) {
        return m;
      }
      for (Class<?> i : c.getInterfaces()) {
        m = declared(i, name);
        if (m != null) {
          return m;
        }
      }
    }
    return null;
  }

  private static @Nullable Method declared(Class<?> c, String name) {
    if (!Modifier.isPublic(c.getModifiers())) {
      return null;
    }
    try {
      Method m = c.getMethod(name);
      return Modifier.isPublic(m.getDeclaringClass().getModifiers()) ? m : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static Failure ofStatus(int status) {
    return switch (status) {
      case 401 -> Failure.AUTHENTICATION;
      case 402 -> Failure.QUOTA_EXCEEDED;
      case 403 -> Failure.FORBIDDEN;
      case 404 -> Failure.NOT_FOUND;
      case 400, 413, 422 -> Failure.INVALID_REQUEST;
      case 408 -> Failure.TIMEOUT;
      case 429 -> Failure.RATE_LIMITED;
      default -> status >= 500 ? Failure.UNAVAILABLE : Failure.BAD_RESPONSE;
    };
  }

  private static ModelException fixed(Failure failure, int status, RuntimeException cause) {
    return new ModelException(failure, status, message(failure), null, cause);
  }

  /** The fixed message of a failure. */
  public static String message(Failure failure) {
    return switch (failure) {
      case AUTHENTICATION -> "The language model's provider refused the API key.";
      case FORBIDDEN -> "The language model's provider refused access.";
      case NOT_FOUND -> "The language model's provider does not know the model.";
      case INVALID_REQUEST -> "The language model's provider refused the request.";
      case RATE_LIMITED -> "The language model's provider is rate limiting requests; try again later.";
      case QUOTA_EXCEEDED -> "The language model's quota is used up.";
      case UNAVAILABLE -> "The language model's provider failed or is unavailable.";
      case TIMEOUT -> "The language model did not answer in time.";
      case NETWORK -> "The language model's provider could not be reached.";
      case BAD_RESPONSE -> "The language model's answer could not be read.";
      case CANCELLED -> "The model request was cancelled.";
    };
  }
}
