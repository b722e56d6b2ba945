package io.github.sentrymcp.examples.springai;

import io.github.sentrymcp.modelcontextprotocol.SessionResolver;
import io.github.sentrymcp.testkit.FakeSentry;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The application: Spring AI's MCP server ({@code spring-ai-starter-mcp-server-webmvc}) with the Sentry tools added by
 * {@code sentry-mcp-spring-ai}. All it defines itself is who a request runs as ({@link ApiKeySessions}); the rest is
 * {@code application.properties}.
 *
 * <p>{@code java -jar sentry-mcp-example-spring-ai.jar --sandbox} runs it against built-in fake Sentry data with one
 * user, API key {@code demo-key}; without {@code --sandbox} it talks to the Sentry that {@code sentry.mcp.host} names
 * (sentry.io by default) for the users of {@code example.users.*}.
 */
@SpringBootApplication
@EnableConfigurationProperties(ExampleUsers.class)
public class SentrySpringAiServer {

  /** Each MCP request runs as the user its API key names. */
  @Bean
  SessionResolver sessions(ExampleUsers users) {
    return new ApiKeySessions(users);
  }

  /**
   * Starts the application.
   *
   * @param args Spring Boot arguments ({@code --server.port=9000}, ...), and {@code --sandbox}
   */
  public static void main(String[] args) {
    List<String> arguments = new ArrayList<>(List.of(args));
    if (arguments.remove("--sandbox")) {
      FakeSentry fake = FakeSentry.builder().user(SANDBOX_TOKEN, "1", "Demo User", "demo@example.com").build();
      Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake-sentry-stop"));
      arguments.add(0, "--sentry.mcp.host=" + fake.hostAndPort());
      arguments.add(0, "--sentry.mcp.insecure-http=true");
      arguments.add(0, "--example.users.demo.api-key=demo-key");
      arguments.add(0, "--example.users.demo.sentry-token=" + SANDBOX_TOKEN);
      PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
      err.println("Sandbox: fake Sentry data; MCP clients send 'Authorization: Bearer demo-key'.");
    }
    SpringApplication.run(SentrySpringAiServer.class, arguments.toArray(String[]::new));
  }

  /** The fake Sentry's token of the sandbox user (not a real token). */
  private static final String SANDBOX_TOKEN = "sandbox-demo-token";
}
