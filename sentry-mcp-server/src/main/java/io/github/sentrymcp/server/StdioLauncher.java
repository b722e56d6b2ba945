package io.github.sentrymcp.server;

import io.github.sentrymcp.core.internal.Failures;
import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.transport.stdio.SentryMcpStdioServer;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/** Runs the server for a validated plan until stdin closes or SIGTERM/SIGINT arrives; returns the exit code. */
final class StdioLauncher {

  /** The {@code instructions} sent in sandbox mode, so the model knows the data is not real. */
  static final String SANDBOX_INSTRUCTIONS =
      "SANDBOX MODE: this server is connected to an in-process fake Sentry that serves fixed sample data"
          + " (organization sentry-mcp-evals, project cloudflare-mcp, issues such as CLOUDFLARE-MCP-41)."
          + " Nothing here is real user data; say so when presenting results.";

  private final Startup startup;

  StdioLauncher(Startup startup) {
    this.startup = startup;
  }

  int launch(LaunchPlan plan, PrintStream err) {
    // stdout belongs to the protocol: anything printed through System.out from now on goes to stderr
    FileOutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
    System.setOut(err);

    for (String notice : plan.notices()) {
      err.println(notice);
    }
    FakeSentry fake = null;
    SentryMcp engineRef = null;
    SentryMcpStdioServer server = null;
    ServerTelemetry telemetry = null;
    try {
      // null when telemetry is off: ServerTelemetry (and OpenTelemetry) is then never loaded
      telemetry = plan.telemetry() == null ? null : ServerTelemetry.start(plan.telemetry());
      SentryMcpConfig config = plan.config();
      if (plan.sandbox()) {
        fake = startSandbox(err);
        config = plan.sandboxConfig().apply(fake.hostAndPort());
      }
      // the JDK HTTP client (and TLS) is created in the background: not needed before the first tool call
      DeferredHttpClient http = new DeferredHttpClient(config);
      boolean https = !config.insecureHttp();
      daemon("http-client", () -> {
        http.prepare();
        if (https) {
          LazySslContext.prepare(); // trust store and providers, before the first tool call needs them
        }
      });
      SentryMcp.Builder builder = plan.engine(config).httpClient(http).grantHints(Main.GRANT_HINTS);
      if (telemetry != null) {
        builder.listener(telemetry.listener());
      }
      SentryMcp engine = builder.build();
      engineRef = engine;
      engine.check(plan.session());
      CountDownLatch stop = new CountDownLatch(1);
      Signals.onTermination(stop::countDown);
      server =
          SentryMcpStdioServer.builder(engine, plan.session())
              .version(Version.get())
              .instructions(plan.sandbox() ? SANDBOX_INSTRUCTIONS + "\n\n" + engine.instructions()
                  : engine.instructions())
              .structuredContent(plan.structuredContent())
              .streams(new FileInputStream(FileDescriptor.in), protocolOut)
              .objectMapper(startup.objectMapper())
              // the tools' structured output is checked against their schemas by the tests; skipping it at run
              // time keeps a JSON Schema engine out of the process
              .validateStructuredOutput(false)
              .start();
      if (plan.warmup()) {
        JitWarmup.start(startup.objectMapper(), server::idleTime);
      }
      SentryMcpStdioServer started = server;
      daemon("stdin-watch", () -> {
        try {
          started.awaitInputClosed();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        stop.countDown();
      });
      stop.await();
      return exitCode(started.ending());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } catch (ConfigurationException e) {
      for (String p : e.problems()) {
        err.println("Error: " + p);
      }
      return 1;
    } catch (RuntimeException e) {
      // no message: it could carry configuration values
      err.println("Error: the server failed to start (" + Failures.describe(e) + ")");
      return 1;
    } finally {
      close(server, engineRef, fake);
      if (telemetry != null) {
        telemetry.close(); // last: the spans of the calls the shutdown ended are exported too
      }
    }
  }

  /** The sandbox's in-process fake Sentry, started and announced on {@code err}. */
  static FakeSentry startSandbox(PrintStream err) {
    return startSandbox(err, b -> { });
  }

  /** The sandbox's fake Sentry, with {@code options} on top of its defaults (the HTTP server's OAuth app). */
  static FakeSentry startSandbox(PrintStream err, java.util.function.Consumer<FakeSentry.Builder> options) {
    FakeSentry.Builder builder = FakeSentry.builder().requiredToken(Main.SANDBOX_TOKEN);
    options.accept(builder);
    FakeSentry fake = builder.build();
    err.println("SANDBOX MODE: serving fake data from an in-process fake Sentry at " + fake.baseUrl()
        + " (no account or network needed; nothing shown is real).");
    return fake;
  }

  /** 0 when the client closed the input or a signal stopped the server; non-zero when the server failed. */
  static int exitCode(SentryMcpStdioServer.Ending ending) {
    switch (ending) {
      case OUTPUT_FAILED:
        return Main.EXIT_IO_ERROR;
      case FAILED:
        return Main.EXIT_IO_ERROR;
      default:
        return 0;
    }
  }

  private static void close(@Nullable SentryMcpStdioServer server, @Nullable SentryMcp engine,
      @Nullable FakeSentry fake) {
    JitWarmup.stop();
    if (server != null) {
      try {
        server.close();
      } catch (RuntimeException e) {
        // exiting anyway
      }
    }
    if (engine != null) {
      engine.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  private static void daemon(String name, Runnable task) {
    Thread t = new Thread(task, "sentry-mcp-" + name);
    t.setDaemon(true);
    t.start();
  }
}
