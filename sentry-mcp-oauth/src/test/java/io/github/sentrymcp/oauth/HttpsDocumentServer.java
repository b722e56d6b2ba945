package io.github.sentrymcp.oauth;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.jspecify.annotations.Nullable;

/**
 * A real HTTPS server on 127.0.0.1 for client ID metadata documents, with a self-signed certificate for
 * {@code localhost} and {@code 127.0.0.1} made by the JDK's keytool once per test run, and an HTTP client that trusts
 * exactly that certificate. Each path answers with a {@link Responder}; requests are counted per path.
 */
final class HttpsDocumentServer implements AutoCloseable {
  static final String PASSWORD = "changeit";

  /** Answers one request. */
  @FunctionalInterface
  interface Responder {
    void respond(HttpServletRequest req, HttpServletResponse resp) throws IOException;
  }

  private static @Nullable Path keystore;

  private final Server jetty;
  private final Map<String, Responder> responders = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  final int port;

  HttpsDocumentServer() throws Exception {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(keystore().toString());
    ssl.setKeyStorePassword(PASSWORD);
    ssl.setKeyStoreType("PKCS12");
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty, ssl);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    jetty.setStopTimeout(0); // no graceful wait for keep-alive connections or a trickling response
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI();
        counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Responder r = responders.get(path);
        if (r == null) {
          resp.sendError(404);
          return;
        }
        r.respond(req, resp);
      }
    }), "/*");
    jetty.setHandler(context);
    jetty.start();
    port = connector.getLocalPort();
  }

  /** {@code https://localhost:<port><path>}. */
  String url(String path) {
    return "https://localhost:" + port + path;
  }

  void on(String path, Responder r) {
    responders.put(path, r);
  }

  /** Serves {@code json} with the given content type and status 200. */
  void json(String path, String json) {
    on(path, (req, resp) -> {
      resp.setContentType("application/json");
      resp.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    });
  }

  int requests(String path) {
    AtomicInteger n = counts.get(path);
    return n == null ? 0 : n.get();
  }

  int totalRequests() {
    return counts.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
  }

  /** An HTTP client that trusts the test certificate (and nothing else), never following redirects. */
  static HttpClient trustingClient() throws Exception {
    return HttpClient.newBuilder().sslContext(sslContext()).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  static SSLContext sslContext() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore())) {
      ks.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  /** A PKCS12 keystore with a fresh self-signed EC certificate for localhost and 127.0.0.1. */
  static synchronized Path keystore() throws Exception {
    Path existing = keystore;
    if (existing != null) {
      return existing;
    }
    Path dir = Files.createTempDirectory("cimd-tls");
    dir.toFile().deleteOnExit();
    Path ks = dir.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias",
        "t", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype",
        "PKCS12", "-keystore", ks.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
    ks.toFile().deleteOnExit();
    keystore = ks;
    return ks;
  }
}
