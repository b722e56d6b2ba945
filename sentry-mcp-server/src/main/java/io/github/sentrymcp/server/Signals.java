package io.github.sentrymcp.server;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * SIGTERM and SIGINT end the server cleanly with exit code 0 (the caller's shutdown path runs) instead of the JVM's
 * default exit codes 143/130. Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}) reflectively; where it is
 * unavailable, the JVM default stays in place.
 */
final class Signals {
  private Signals() {}

  static void onTermination(Runnable action) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Constructor<?> newSignal = signalClass.getConstructor(String.class);
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      InvocationHandler onSignal =
          (proxy, method, args) -> {
            if (method.getName().equals("handle")) {
              action.run();
              return null;
            }
            if (method.getName().equals("hashCode")) {
              return System.identityHashCode(proxy);
            }
            if (method.getName().equals("equals")) {
              return args != null && args.length == 1 && proxy == args[0];
            }
            return "SignalHandler[sentry-mcp]";
          };
      Object handler =
          Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass}, onSignal);
      for (String name : new String[] {"TERM", "INT"}) {
        try {
          handle.invoke(null, newSignal.newInstance(name), handler);
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
          // this signal cannot be handled here (e.g. -Xrs): keep the default
        }
      }
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      // no sun.misc.Signal: keep the JVM defaults
    }
  }
}
