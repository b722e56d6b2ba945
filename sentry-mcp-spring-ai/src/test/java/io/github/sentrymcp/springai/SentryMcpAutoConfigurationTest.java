package io.github.sentrymcp.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.model.LanguageModel;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.modelcontextprotocol.SessionResolver;
import io.github.sentrymcp.testkit.FakeSentry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.mcp.customizer.McpSyncServerCustomizer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Boot with Spring AI's MCP server starter (WebMVC, Tomcat) and this module's auto-configuration, on a real
 * port, against FakeSentry, driven by the MCP Java SDK client over streamable HTTP.
 */
class SentryMcpAutoConfigurationTest {
  private static final String ALICE_TOKEN = "sntrys_" + "aliceSpring0123456789abcdefABCDEFabc";
  private static final String BOB_TOKEN = "sntrys_" + "bobSpring0123456789abcdefABCDEFabcde";

  private static FakeSentry fake;

  @BeforeAll
  static void startFake() {
    fake = FakeSentry.builder()
        .user(ALICE_TOKEN, "1", "Alice Example", "alice@example.com")
        .user(BOB_TOKEN, "2", "Bob Example", "bob@example.com")
        .build();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  /** An application with users of its own: API keys mapped to Sentry tokens, one tool of its own, a customizer. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class UsersApp {
    @Bean
    SessionResolver sessions() {
      Map<String, Session> byKey = Map.of(
          "Bearer alice-key", Session.builder(AccessToken.of(ALICE_TOKEN)).id("alice").build(),
          "Bearer bob-key", Session.builder(AccessToken.of(BOB_TOKEN)).id("bob").build());
      return context -> {
        Object authorization = context.get(SentryMcpAutoConfiguration.AUTHORIZATION_KEY);
        Session s = authorization == null ? null : byKey.get(authorization);
        if (s == null) {
          throw new SentryMcpException(ErrorKind.AUTHENTICATION, "Unknown API key.");
        }
        return s;
      };
    }

    @Bean
    List<McpServerFeatures.SyncToolSpecification> hostTools() {
      McpSchema.Tool echo = McpSchema.Tool.builder("echo", Map.of("type", "object")).description("Echoes.").build();
      return List.of(McpServerFeatures.SyncToolSpecification.builder().tool(echo)
          .callHandler((exchange, request) -> McpSchema.CallToolResult.builder().addTextContent("echo!").build())
          .build());
    }

    @Bean
    McpSyncServerCustomizer applicationCustomizer() {
      return server -> server.instructions("Application instructions.");
    }
  }

  /** A single-user application: the token comes from the properties. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class SingleUserApp {}

  /** An application with a chat model of its own. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class ChatModelApp {
    @Bean
    ChatModel chatModel() {
      return new ChatModel() {
        @Override
        public ChatResponse call(Prompt prompt) {
          throw new IllegalStateException("not asked in this test");
        }
      };
    }
  }

  private static ConfigurableApplicationContext start(Class<?> app, String... properties) {
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
        "--sentry.mcp.host=" + fake.hostAndPort(), "--sentry.mcp.insecure-http=true",
        "--spring.main.banner-mode=off", "--logging.level.root=warn",
        "--server.shutdown=immediate")); // open MCP streams would hold a graceful shutdown for its whole timeout
    if (List.of(properties).stream().noneMatch(p -> p.startsWith("spring.ai.mcp.server.protocol="))) {
      args.add("--spring.ai.mcp.server.protocol=STREAMABLE"); // Spring AI 2.0.1 runs the old SSE protocol if unset
    }
    for (String p : properties) {
      args.add("--" + p);
    }
    return new SpringApplication(app).run(args.toArray(String[]::new));
  }

  private static McpSyncClient client(ConfigurableApplicationContext context, @Nullable String authorization) {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
        .endpoint("/mcp")
        .httpRequestCustomizer((b, method, uri, body, ctx) -> {
          if (authorization != null) {
            b.header("Authorization", authorization);
          }
        })
        .build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20)).build();
    client.initialize();
    return client;
  }

  private static Set<String> names(McpSchema.ListToolsResult tools) {
    return tools.tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
  }

  private static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  @Test
  void eachRequestRunsForItsOwnSessionAndTheApplicationsToolsAndCustomizersStay() {
    try (ConfigurableApplicationContext context = start(UsersApp.class)) {
      SentryMcp engine = context.getBean(SentryMcp.class);
      Set<String> expected = engine.listedTools(Session.of(AccessToken.of(ALICE_TOKEN))).stream()
          .map(d -> d.name()).collect(Collectors.toSet());
      assertTrue(expected.contains("find_organizations"), expected.toString());
      assertFalse(expected.contains("whoami"), "listed through the gateway only, callable by name: " + expected);

      try (McpSyncClient alice = client(context, "Bearer alice-key");
          McpSyncClient bob = client(context, "Bearer bob-key");
          McpSyncClient stranger = client(context, null)) {
        assertEquals("Application instructions.", alice.getCurrentInitializationResult().instructions());

        Set<String> listed = names(alice.listTools());
        Set<String> want = new java.util.HashSet<>(expected);
        want.add("echo");
        assertEquals(want, listed, "the session's Sentry tools plus the application's own, nothing else");
        assertTrue(engine.allTools().size() > listed.size(), "the full catalogue is registered but not listed");

        McpSchema.CallToolResult aliceWho = alice.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
        assertFalse(Boolean.TRUE.equals(aliceWho.isError()), text(aliceWho));
        assertTrue(text(aliceWho).contains("Alice Example"), text(aliceWho));
        McpSchema.CallToolResult bobWho = bob.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
        assertTrue(text(bobWho).contains("Bob Example"), text(bobWho));
        assertFalse(text(bobWho).contains("Alice"), text(bobWho));

        McpSchema.CallToolResult orgs = alice.callTool(new McpSchema.CallToolRequest("find_organizations",
            Map.of()));
        assertFalse(Boolean.TRUE.equals(orgs.isError()), text(orgs));
        assertTrue(text(orgs).contains("sentry-mcp-evals"), text(orgs));

        // the engine checks arguments itself and names every problem
        McpSchema.CallToolResult bad = alice.callTool(new McpSchema.CallToolRequest("find_projects",
            Map.of("organizationSlug", 42, "bogus", true)));
        assertTrue(bad.isError(), text(bad));
        assertTrue(text(bad).contains("organizationSlug") && text(bad).contains("bogus"), text(bad));

        assertEquals("echo!", text(alice.callTool(new McpSchema.CallToolRequest("echo", Map.of()))));

        // no session: no Sentry tool listed, calls refused, the application's tool still there
        assertEquals(Set.of("echo"), names(stranger.listTools()));
        McpSchema.CallToolResult refused = stranger.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
        assertTrue(refused.isError(), text(refused));
        assertTrue(text(refused).contains("Unknown API key"), text(refused));
        assertEquals("echo!", text(stranger.callTool(new McpSchema.CallToolRequest("echo", Map.of()))));
      }
    }
  }

  @Test
  void aSingleUserApplicationTakesTheTokenFromItsPropertiesAndNeverPrintsIt() {
    try (ConfigurableApplicationContext context = start(SingleUserApp.class,
        "sentry.mcp.access-token=" + BOB_TOKEN)) {
      assertFalse(context.getBean(SentryMcpProperties.class).toString().contains(BOB_TOKEN));
      try (McpSyncClient anyone = client(context, null)) {
        McpSchema.CallToolResult who = anyone.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
        assertTrue(text(who).contains("Bob Example"), text(who));
      }
    }
  }

  @Test
  void clientTokensAreOffByDefaultAndWorkWhenTurnedOn() {
    try (ConfigurableApplicationContext context = start(SingleUserApp.class)) {
      try (McpSyncClient withToken = client(context, "Sentry-Bearer " + ALICE_TOKEN)) {
        assertTrue(withToken.listTools().tools().isEmpty());
        McpSchema.CallToolResult refused = withToken.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
        assertTrue(refused.isError(), text(refused));
        assertTrue(text(refused).contains("sentry.mcp.access-token"), text(refused));
        assertFalse(text(refused).contains(ALICE_TOKEN), text(refused));
      }
    }
    try (ConfigurableApplicationContext context = start(SingleUserApp.class, "sentry.mcp.client-tokens=true")) {
      try (McpSyncClient withToken = client(context, "Sentry-Bearer " + ALICE_TOKEN);
          McpSyncClient without = client(context, "Bearer " + ALICE_TOKEN)) {
        McpSchema.CallToolResult who = withToken.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
        assertTrue(text(who).contains("Alice Example"), text(who));
        McpSchema.CallToolResult refused = without.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
        assertTrue(refused.isError(), text(refused));
        assertFalse(text(refused).contains(ALICE_TOKEN), text(refused));
      }
    }
  }

  @Test
  void theStatelessProtocolListsAndServesTheToolsWithTheSameSessions() {
    try (ConfigurableApplicationContext context = start(UsersApp.class, "spring.ai.mcp.server.protocol=STATELESS")) {
      Set<String> want = context.getBean(SentryMcp.class).listedTools(Session.of(AccessToken.of(ALICE_TOKEN)))
          .stream().map(d -> d.name()).collect(Collectors.toSet());
      // (the application's echo tool is a stateful specification: a stateless server does not take it)
      try (McpSyncClient alice = client(context, "Bearer alice-key");
          McpSyncClient stranger = client(context, null)) {
        assertEquals(want, names(alice.listTools()), "the session's tools, as over streamable HTTP");
        assertTrue(context.getBean(SentryMcp.class).allTools().size() > want.size());
        McpSchema.CallToolResult who = alice.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
        assertTrue(text(who).contains("Alice Example"), text(who));
        assertTrue(stranger.listTools().tools().isEmpty());
        McpSchema.CallToolResult refused = stranger.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
        assertTrue(refused.isError(), text(refused));
      }
    }
  }

  @Test
  @SuppressWarnings("deprecation") // the HTTP+SSE transport is what Spring AI 2.0.1 runs when no protocol is set
  void springAisDefaultSseProtocolGetsTheSameSessions() {
    try (ConfigurableApplicationContext context = start(UsersApp.class, "spring.ai.mcp.server.protocol=SSE")) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      var transport = io.modelcontextprotocol.client.transport.HttpClientSseClientTransport
          .builder("http://127.0.0.1:" + port).sseEndpoint("/sse")
          .httpRequestCustomizer((b, method, uri, body, ctx) -> b.header("Authorization", "Bearer bob-key"))
          .build();
      try (McpSyncClient bob = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20)).build()) {
        bob.initialize();
        assertTrue(names(bob.listTools()).contains("find_organizations"));
        McpSchema.CallToolResult who = bob.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
        assertTrue(text(who).contains("Bob Example"), text(who));
      }
    }
  }

  @Test
  void theApplicationsChatModelAnswersNaturalLanguageSearchWhenAskedTo() {
    SpringApplication off = new SpringApplication(ChatModelApp.class);
    off.setWebApplicationType(WebApplicationType.NONE);
    try (ConfigurableApplicationContext context = off.run("--sentry.mcp.host=" + fake.hostAndPort(),
        "--spring.main.banner-mode=off", "--logging.level.root=warn")) {
      assertTrue(context.getBeansOfType(LanguageModel.class).isEmpty());
    }
    SpringApplication on = new SpringApplication(ChatModelApp.class);
    on.setWebApplicationType(WebApplicationType.NONE);
    try (ConfigurableApplicationContext context = on.run("--sentry.mcp.host=" + fake.hostAndPort(),
        "--sentry.mcp.language-model.enabled=true", "--sentry.mcp.language-model.provider=openai",
        "--spring.main.banner-mode=off", "--logging.level.root=warn")) {
      LanguageModel model = context.getBean(LanguageModel.class);
      assertInstanceOf(SpringAiLanguageModel.class, model);
      assertEquals("openai", model.providerName());
    }
    SpringApplication missing = new SpringApplication(SingleUserApp.class);
    missing.setWebApplicationType(WebApplicationType.NONE);
    Exception e = assertThrows(Exception.class, () -> missing.run("--sentry.mcp.host=" + fake.hostAndPort(),
        "--sentry.mcp.language-model.enabled=true", "--spring.main.banner-mode=off", "--logging.level.root=off"));
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertTrue(root.getMessage().contains("exactly one ChatModel bean"), root.getMessage());
  }

  @Test
  void turningItOffLeavesSpringAisServerAlone() {
    try (ConfigurableApplicationContext context = start(SingleUserApp.class, "sentry.mcp.enabled=false",
        "sentry.mcp.access-token=" + BOB_TOKEN)) {
      assertTrue(context.getBeansOfType(SentryMcp.class).isEmpty());
      try (McpSyncClient anyone = client(context, null)) {
        assertTrue(anyone.listTools().tools().isEmpty());
      }
    }
  }
}
