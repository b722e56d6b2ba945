package io.github.sentrymcp.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server jar as a process for the HTTP ITs: started without the caller's Sentry token or MCP/OAuth settings (only
 * {@code env} on top), stdin closed, stderr collected line by line, and ready once a stderr line matches {@code ready}.
 *
 * @param process the process
 * @param ready the match of the ready line
 * @param stderr every stderr line so far (keeps growing)
 */
record HttpServerProcess(Process process, Matcher ready, List<String> stderr) implements AutoCloseable {

  static HttpServerProcess start(Map<String, String> env, Pattern ready, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(StdioServerClients.JAVA));
    cmd.addAll(StdioServerClients.serverArgs(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("SENTRY_ACCESS_TOKEN");
    pb.environment().keySet().removeIf(k -> k.startsWith("MCP_") || k.startsWith("SENTRY_CLIENT"));
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    List<String> stderr = new CopyOnWriteArrayList<>();
    CompletableFuture<Matcher> started = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          stderr.add(line);
          Matcher m = ready.matcher(line);
          if (m.find()) {
            started.complete(m);
          }
        }
      } catch (Exception e) {
        // gone
      }
      started.complete(null);
    });
    reader.setDaemon(true);
    reader.start();
    Matcher m = started.get(60, TimeUnit.SECONDS);
    if (m == null) {
      p.destroyForcibly();
      throw new AssertionError("the server did not start: " + stderr);
    }
    return new HttpServerProcess(p, m, stderr);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
