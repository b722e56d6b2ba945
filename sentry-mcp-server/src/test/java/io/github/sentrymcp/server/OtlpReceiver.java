package io.github.sentrymcp.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * For the tests: an OTLP/HTTP receiver on 127.0.0.1 (the JDK's HttpServer) that records every request (any path:
 * {@code /v1/traces}, {@code /v1/metrics}, Sentry's {@code /api/<id>/integration/otlp/v1/traces}) and answers 200 with
 * an empty body, which is a valid empty export response in protobuf and JSON. Bodies are kept as sent (gzip undone),
 * so a test can look for the bytes of a service name, a span name or an attribute value in them.
 */
final class OtlpReceiver implements AutoCloseable {

  /**
   * One request as received. Header names are lower case.
   *
   * @param method the HTTP method
   * @param path the raw path
   * @param headers the headers, names in lower case
   * @param body the body, gzip undone (a list, not an array: a record compares its components)
   */
  record Request(String method, String path, Map<String, List<String>> headers, List<Byte> body) {

    /** The first value of the header, or null. */
    @Nullable String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Whether the body holds these bytes (UTF-8), e.g. a service name in a protobuf export. */
    boolean bodyContains(String text) {
      return Collections.indexOfSubList(body, bytes(text.getBytes(StandardCharsets.UTF_8))) >= 0;
    }

    @Override
    public String toString() {
      return method + " " + path + " " + headers.keySet() + " (" + body.size() + " bytes)";
    }
  }

  private static List<Byte> bytes(byte[] b) {
    List<Byte> list = new ArrayList<>(b.length);
    for (byte x : b) {
      list.add(x);
    }
    return List.copyOf(list);
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "otlp-receiver");
    t.setDaemon(true);
    return t;
  });
  private final List<Request> requests = new ArrayList<>();

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  /** A receiver on a free port of 127.0.0.1. */
  static OtlpReceiver start() throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    OtlpReceiver receiver = new OtlpReceiver(http);
    http.createContext("/", receiver::handle);
    http.setExecutor(receiver.executor);
    http.start();
    return receiver;
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>}: the value of OTEL_EXPORTER_OTLP_ENDPOINT. */
  String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** The requests so far, in arrival order. */
  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The requests so far to this path. */
  List<Request> requests(String path) {
    return requests().stream().filter(r -> r.path().equals(path)).toList();
  }

  /** Waits until a request matches; returns it, or null after the timeout. */
  @Nullable Request await(Predicate<Request> matches, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (requests) {
      while (true) {
        for (Request r : requests) {
          if (matches.test(r)) {
            return r;
          }
        }
        long left = end - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        requests.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
      if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
        try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(body))) {
          body = gz.readAllBytes();
        }
      }
      Map<String, List<String>> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      Request request =
          new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers, bytes(body));
      synchronized (requests) {
        requests.add(request);
        requests.notifyAll();
      }
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      exchange.getResponseHeaders().set("Content-Type", type == null ? "application/x-protobuf" : type);
      exchange.sendResponseHeaders(200, -1); // no body: an empty export response
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
