package io.github.sentrymcp.server;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** For the ITs: the server in a child process, driven with raw JSON-RPC lines on its stdin and stdout. */
final class ServerProcess implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
  static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  final Process process;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuilder stdoutText = new StringBuilder();
  private final Thread stdoutReader;
  final CompletableFuture<String> stderr;

  ServerProcess(List<String> command, Map<String, String> env) throws IOException {
    this(command, env, null);
  }

  /** Started in this working directory (null: this JVM's). */
  ServerProcess(List<String> command, Map<String, String> env, @Nullable Path workDir) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    pb.environment().remove("SENTRY_ACCESS_TOKEN");
    pb.environment().putAll(env);
    process = pb.start();
    stdoutReader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  synchronized (stdoutText) {
                    stdoutText.append(line).append('\n');
                  }
                  lines.add(line);
                }
              } catch (IOException e) {
                // process gone, or the test closed stdout on purpose
              }
            });
    stdoutReader.setDaemon(true);
    stdoutReader.start();
    stderr = readAll(process.getErrorStream());
  }

  ServerProcess(List<String> command) throws IOException {
    this(command, Map.of());
  }

  /** {@code java -jar <server jar> args...}. */
  static ServerProcess jar(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(StdioServerClients.JAVA));
    cmd.addAll(StdioServerClients.serverArgs(args));
    return new ServerProcess(cmd);
  }

  void send(String... sendLines) throws IOException {
    OutputStream in = process.getOutputStream();
    for (String line : sendLines) {
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    in.flush();
  }

  void sendBytes(byte[] bytes) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write(bytes);
    in.flush();
  }

  /** Sends initialize and notifications/initialized and reads the initialize answer. */
  JsonNode initialize() throws IOException, InterruptedException {
    send(INIT, INITIALIZED);
    JsonNode answer = awaitMessage();
    assertTrue(answer.has("result"), answer.toString());
    return answer;
  }

  String awaitLine() throws InterruptedException {
    return awaitLine(Duration.ofSeconds(30));
  }

  String awaitLine(Duration timeout) throws InterruptedException {
    String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(line, "no output line within " + timeout + "; stderr: " + stderr.getNow(""));
    return line;
  }

  /** The next line, or null if none arrives within the timeout. */
  @Nullable String pollLine(Duration timeout) throws InterruptedException {
    return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  JsonNode awaitMessage() throws IOException, InterruptedException {
    return JSON.readTree(awaitLine());
  }

  JsonNode awaitMessage(Duration timeout) throws IOException, InterruptedException {
    return JSON.readTree(awaitLine(timeout));
  }

  int exitWithin(Duration d) throws InterruptedException {
    assertTrue(process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS), "still running after " + d);
    return process.exitValue();
  }

  /** Everything written to stdout (after the process ended). */
  String stdout() throws InterruptedException {
    stdoutReader.join(5000);
    synchronized (stdoutText) {
      return stdoutText.toString();
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  static CompletableFuture<String> readAll(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        });
  }
}
