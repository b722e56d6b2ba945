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
        return ModelException.of(Failure.ofHttpStatus(status), status, e);
      }
      Failure f = ofType(t);
      if (f != null) {
        return ModelException.of(f, 0, e);
      }
    }
    return ModelException.of(Failure.UNAVAILABLE, 0, e);
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
}
