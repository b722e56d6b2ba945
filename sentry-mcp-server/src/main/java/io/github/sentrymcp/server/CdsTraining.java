package io.github.sentrymcp.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Build-time step (not part of the server): writes the AppCDS archive the launcher script uses. Runs the shaded jar
 * once in {@code --sandbox} mode (in-process fake Sentry, no network) with {@code -XX:ArchiveClassesAtExit}, feeds it
 * initialize, tools/list and a call of every tool, then closes stdin so the JVM exits and dumps the archive.
 *
 * <p>Usage: {@code java -cp sentry-mcp-server.jar ...CdsTraining <jar> <archive>}. Never fails the build: problems
 * are printed as warnings and the exit code is 0; without an archive the launcher simply runs without one.
 */
public final class CdsTraining {

  /**
   * JVM options of the training run: the launcher's (src/main/dist/sentry-mcp-server) apart from its per-package JIT
   * thresholds. The archive records which classes were loaded, which these options do not change; they only make the
   * training run behave like a served session.
   */
  static final List<String> JVM_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:Tier3InvocationThreshold=20", "-XX:Tier3MinInvocationThreshold=10",
          "-XX:Tier3CompileThreshold=100", "-XX:Tier3BackEdgeThreshold=2000", "-XX:+UseSerialGC", "-Xss512k", "-Xms32m", "-Xmn20m", "-Xmx256m", "-XX:-UsePerfData",
          "-XX:+DisplayVMOutputToStderr", "-Xlog:disable", "-Xlog:all=warning:stderr", "-Xlog:cds*=off:stderr");

  private static final String ORG = "\"organizationSlug\":\"sentry-mcp-evals\"";

  /** Tool calls of the training run; unknown tools or arguments only produce error results, which is fine. */
  private static final List<String> CALLS =
      List.of(
          call("whoami", "{}"),
          call("find_organizations", "{}"),
          call("find_teams", "{" + ORG + "}"),
          call("find_projects", "{" + ORG + "}"),
          call("find_releases", "{" + ORG + "}"),
          call("find_dsns", "{" + ORG + ",\"projectSlug\":\"cloudflare-mcp\"}"),
          call("get_issue_details", "{" + ORG + ",\"issueId\":\"CLOUDFLARE-MCP-41\"}"),
          call("get_trace_details", "{" + ORG + ",\"traceId\":\"a4d1aae7216b47ff8117cf4e09ce9d0a\"}"),
          call("get_event_attachment",
              "{" + ORG + ",\"projectSlug\":\"cloudflare-mcp\",\"eventId\":\"7ca573c0f4814912aaa9bdc77d1a7d51\"}"),
          call("search_issue_events", "{" + ORG + ",\"issueId\":\"CLOUDFLARE-MCP-41\",\"query\":\"\"}"),
          call("find_projects", "{\"organizationSlug\":42}"),
          call("no_such_tool", "{}"));

  private CdsTraining() {}

  /** The training calls as complete JSON-RPC request lines (ids from 3), shared with {@link JitWarmup}. */
  static List<String> callLines() {
    List<String> out = new ArrayList<>(CALLS.size());
    int id = 3;
    for (String c : CALLS) {
      out.add("{\"jsonrpc\":\"2.0\",\"id\":" + id++ + "," + c + "}");
    }
    return out;
  }

  private static String call(String tool, String args) {
    return "\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + args + "}";
  }

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: CdsTraining <server jar> <archive to write>");
      return;
    }
    try {
      // the launcher runs the jar by its physical path; CDS only matches the same class path
      Path jar = Path.of(args[0]).toRealPath();
      Path archive = Path.of(args[1]).toAbsolutePath();
      Files.deleteIfExists(archive);
      train(jar, archive);
    } catch (IOException | RuntimeException e) {
      System.err.println("[cds] WARNING: training run failed (" + e + "); the launcher will run without AppCDS");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.err.println("[cds] WARNING: training run interrupted");
    }
  }

  private static void train(Path jar, Path archive) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:ArchiveClassesAtExit=" + archive);
    for (String option : JVM_OPTIONS) {
      if (!option.startsWith("-Xlog:cds")) { // keep archive problems visible in the log
        cmd.add(option);
      }
    }
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.add("--sandbox");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Path log = Path.of(archive + ".log");
    pb.redirectError(log.toFile());
    Process p = pb.start();
    BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  if (!lines.offer(line)) {
                    break;
                  }
                }
              } catch (IOException e) {
                // process gone
              }
            },
            "cds-training-stdout");
    reader.setDaemon(true);
    reader.start();

    int answered = 0;
    try (OutputStream in = p.getOutputStream()) {
      send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"cds-training\",\"version\":\"1\"}}}");
      answered += await(lines, 1);
      send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(in, "not json at all");
      send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}");
      answered += await(lines, 2);
      int id = 3;
      for (String line : callLines()) {
        send(in, line);
        answered += await(lines, id);
        id++;
      }
      send(in, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
      answered += await(lines, id);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      System.err.println("[cds] WARNING: the training run did not exit; no archive");
      return;
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (Files.isRegularFile(archive) && Files.size(archive) > 0) {
      System.err.printf("[cds] wrote %s (%d KiB) in %d ms; %d/%d answers, exit code %d%n", archive,
          Files.size(archive) / 1024, ms, answered, CALLS.size() + 3, p.exitValue());
    } else {
      System.err.printf("[cds] WARNING: no archive written (exit code %d, see %s); the launcher will run without"
          + " AppCDS%n", p.exitValue(), log);
    }
  }

  private static void send(OutputStream in, String line) throws IOException {
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** Waits (bounded) for the response with this id; 1 if it came. */
  private static int await(BlockingQueue<String> lines, int id) throws InterruptedException {
    String marker = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith(marker)) {
        return 1;
      }
    }
    return 0;
  }
}
