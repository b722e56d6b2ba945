package io.github.sentrymcp.server;

import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.Failures;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.transport.http.HttpAuthenticator;
import io.github.sentrymcp.transport.http.HttpPrincipal;
import io.github.sentrymcp.transport.http.SentryBearerAuthenticator;
import io.github.sentrymcp.transport.http.SentryMcpHttpServlet;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * Runs the server over MCP Streamable HTTP ({@code --transport=http}) in an embedded Jetty 12 until SIGTERM/SIGINT:
 * the {@link SentryMcpHttpServlet} at {@code /mcp} (and {@code /mcp/{org}[/{project}]}), request headers at most
 * 16 KiB, idle connections closed after 60 s, and a graceful stop: new requests are refused with 503 while the ones
 * in flight finish (for at most 10 s).
 */
final class HttpLauncher {
  static final int MAX_HEADER_BYTES = 16 * 1024;
  static final long IDLE_TIMEOUT_MS = 60_000;
  static final long STOP_TIMEOUT_MS = 10_000;

  int launch(LaunchPlan plan, PrintStream err) {
    HttpPlan http = java.util.Objects.requireNonNull(plan.http(), "http");
    System.setOut(err); // nothing may print to stdout by accident; HTTP mode has no use for it either
    for (String notice : plan.notices()) {
      err.println(notice);
    }
    FakeSentry fake = null;
    SentryMcp engine = null;
    SentryMcpHttpServlet servlet = null;
    Server jetty = null;
    OAuthSetup oauth = null;
    ServerTelemetry telemetry = null;
    try {
      // null when telemetry is off: ServerTelemetry (and OpenTelemetry) is then never loaded
      telemetry = plan.telemetry() == null ? null : ServerTelemetry.start(plan.telemetry());
      SentryMcpConfig config = plan.config();
      if (plan.sandbox()) {
        fake = StdioLauncher.startSandbox(err, http.oauth() == null ? f -> { }
            : f -> f.oauthClient(OAuthPlan.SANDBOX_CLIENT_ID, OAuthPlan.SANDBOX_CLIENT_SECRET).oauthAutoApprove(true));
        config = plan.sandboxConfig().apply(fake.hostAndPort());
      }
      SentryMcp.Builder builder = plan.engine(config).grantHints(Main.GRANT_HINTS);
      if (telemetry != null) {
        builder.listener(telemetry.listener());
      }
      engine = builder.build();
      int port = http.port() != 0 || http.oauth() == null ? http.port() : freePort(http.bind());
      oauth = http.oauth() == null ? null : OAuthSetup.create(http.oauth(), config, fake, port, err);
      SentryMcpHttpServlet.Builder b = SentryMcpHttpServlet.builder(engine,
              authenticator(plan, http, engine, oauth == null ? null : oauth.server().authenticator()))
          .stateful(http.stateful())
          .structuredContent(plan.structuredContent())
          .serverInfo("sentry-mcp-java", Version.get());
      if (!http.authenticated()) {
        b.rateLimit(0, 1); // one local user, the server's owner: no rate limit (the in-progress cap stays)
      }
      if (plan.sandbox()) {
        b.instructions(StdioLauncher.SANDBOX_INSTRUCTIONS + "\n\n" + engine.instructions());
      }
      if (!http.allowedHosts().isEmpty()) {
        b.allowedHosts(http.allowedHosts());
      }
      if (!http.allowedOrigins().isEmpty()) {
        b.allowedOrigins(http.allowedOrigins());
      }
      if (!http.corsOrigins().isEmpty()) {
        b.corsOrigins(http.corsOrigins());
      }
      servlet = b.build();
      // before the ready line: a SIGTERM right after it must find the handler (else the JVM exits with 143)
      CountDownLatch stop = new CountDownLatch(1);
      Signals.onTermination(stop::countDown);
      jetty = jetty(servlet, http, port, oauth == null ? null : oauth.server().servlet());
      jetty.start();
      port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
      err.println("sentry-mcp-server " + Version.get() + ": MCP Streamable HTTP at http://" + hostForUrl(http.bind())
          + ":" + port + "/mcp (" + (http.stateful() ? "stateful" : "stateless") + ")");
      if (oauth != null) {
        err.println("OAuth authorization server: issuer " + oauth.issuer() + "; clients connect to "
            + oauth.issuer() + "/mcp (the resource their tokens are for)");
      }
      stop.await();
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } catch (ConfigurationException e) {
      for (String p : e.problems()) {
        err.println("Error: " + p);
      }
      return 1;
    } catch (Exception e) {
      err.println("Error: the HTTP server failed to start (" + Failures.describe(e) + ")");
      return 1;
    } finally {
      stop(jetty, servlet, oauth, engine, fake);
      if (telemetry != null) {
        telemetry.close(); // last: the spans of the requests the graceful stop let finish are exported too
      }
    }
  }

  /** A free port on the bind address (the OAuth issuer must name the port before the server starts). */
  private static int freePort(String bind) throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(bind))) {
      return socket.getLocalPort();
    }
  }

  /** API keys and/or Sentry-Bearer; without either, every request runs with the command line's session. */
  private static HttpAuthenticator authenticator(LaunchPlan plan, HttpPlan http, SentryMcp engine,
      @Nullable HttpAuthenticator oauth) {
    List<HttpAuthenticator> list = new ArrayList<>();
    if (oauth != null) {
      list.add(oauth);
    }
    if (http.apiKeys() != null) {
      list.add(http.apiKeys());
    }
    if (http.sentryBearer()) {
      list.add(SentryBearerAuthenticator.withGrant(token -> http.bearerGrant().apply(token)));
    }
    if (list.isEmpty()) {
      engine.check(plan.session());
      HttpPrincipal local = new HttpPrincipal("local", plan.session());
      return request -> local;
    }
    return HttpAuthenticator.firstOf(list.toArray(HttpAuthenticator[]::new));
  }

  static Server jetty(SentryMcpHttpServlet servlet, HttpPlan http) {
    return jetty(servlet, http, http.port(), null);
  }

  static Server jetty(SentryMcpHttpServlet servlet, HttpPlan http, int port,
      jakarta.servlet.http.@Nullable HttpServlet oauth) {
    QueuedThreadPool threads = new QueuedThreadPool(200, 8, 60_000);
    threads.setName("sentry-mcp-http");
    Server server = new Server(threads);
    HttpConfiguration httpConfig = new HttpConfiguration();
    httpConfig.setRequestHeaderSize(MAX_HEADER_BYTES);
    httpConfig.setSendServerVersion(false);
    httpConfig.setSendDateHeader(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
    connector.setHost(http.bind());
    connector.setPort(port);
    connector.setIdleTimeout(IDLE_TIMEOUT_MS);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder("mcp", servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/mcp");
    context.addServlet(holder, "/mcp/*");
    if (oauth != null) {
      ServletHolder o = new ServletHolder("oauth", oauth);
      context.addServlet(o, "/.well-known/*");
      context.addServlet(o, "/oauth/*");
    }
    GracefulHandler graceful = new GracefulHandler();
    graceful.setHandler(context);
    server.setHandler(graceful);
    server.setStopTimeout(STOP_TIMEOUT_MS);
    server.setStopAtShutdown(false);
    return server;
  }

  private static String hostForUrl(String bind) {
    return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
  }

  private static void stop(@Nullable Server jetty, @Nullable SentryMcpHttpServlet servlet,
      @Nullable OAuthSetup oauth, @Nullable SentryMcp engine, @Nullable FakeSentry fake) {
    if (jetty != null) {
      try {
        jetty.stop(); // graceful: refuses new requests, waits for the ones in flight
      } catch (Exception e) {
        // exiting anyway
      }
    }
    if (servlet != null) {
      servlet.close();
    }
    if (oauth != null) {
      oauth.close(); // after Jetty: no request uses the store's connection pool any more
    }
    if (engine != null) {
      engine.close();
    }
    if (fake != null) {
      fake.close();
    }
  }
}
