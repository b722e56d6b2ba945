package io.github.sentrymcp.server;

import java.util.ArrayList;
import java.util.List;

/**
 * For {@link TelemetryIT}: run with the shaded server jar first on the class path, it starts the server's telemetry
 * from this process's environment and system properties exactly as the server does (argument: the DSN flag, if any),
 * records one span named by the second argument and closes. So the jar's OTLP export (ServiceLoader-merged exporters,
 * the JDK sender) is tested end to end before the server itself records anything.
 */
final class TelemetryProbe {
  private TelemetryProbe() {}

  public static void main(String[] args) {
    List<String> problems = new ArrayList<>();
    TelemetrySettings settings = TelemetrySettings.resolve(args[0].isEmpty() ? null : args[0], System.getenv(),
        TelemetrySettings.systemProperties(), TelemetrySettings.agentAttached(), problems, new ArrayList<>());
    if (settings == null || !problems.isEmpty()) {
      System.err.println("probe: telemetry is off " + problems);
      System.exit(2);
    }
    ServerTelemetry telemetry = ServerTelemetry.start(settings);
    telemetry.openTelemetry().getTracer("probe").spanBuilder(args[1]).startSpan().end();
    telemetry.close();
    System.exit(0);
  }
}
