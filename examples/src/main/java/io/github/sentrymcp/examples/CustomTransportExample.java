package io.github.sentrymcp.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.modelcontextprotocol.McpObjectMappers;
import io.github.sentrymcp.modelcontextprotocol.SentryMcpToolSpecs;
import io.github.sentrymcp.modelcontextprotocol.SessionResolver;
import io.github.sentrymcp.testkit.FakeSentry;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * The Sentry tools over a transport the MCP Java SDK does not ship (a message bus, your WebSocket stack, an
 * in-process channel), built from public API only. Here: an in-process pipe, two queues of JSON-RPC messages as text.
 *
 * <p>What to copy: {@link PipeTransport}, the three things any transport does for the SDK (create one server session
 * for the connection, hand it every message that arrives, send what it sends), and {@link #startServer}, the server
 * built the way the stdio transport builds its own. {@link PipeClient} plays the other end with raw JSON-RPC.
 *
 * <p>The build runs this program against an in-process {@link FakeSentry} and fails if an answer is wrong.
 */
public final class CustomTransportExample {
  private static final Logger LOG = LoggerFactory.getLogger(CustomTransportExample.class);

  /** JSON as the SDK writes it, without stack traces in serialized errors. */
  static final McpJsonMapper MCP_JSON = new JacksonMcpJsonMapper(McpObjectMappers.create());

  /** How long the client waits for an answer. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);

  private CustomTransportExample() {}

  public static void main(String[] args) throws InterruptedException {
    // An example program: printing results to stdout is its purpose.
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    try (FakeSentry fake = FakeSentry.builder().user("example-token", "42", "Ada Lovelace", "ada@example.com")
            .build();
        SentryMcp engine = SentryMcp.create(
            SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).build())) {
      Session session = Session.builder(AccessToken.of("example-token")).id("pipe-example").build();
      BlockingQueue<String> toServer = new LinkedBlockingQueue<>();
      BlockingQueue<String> toClient = new LinkedBlockingQueue<>();
      McpAsyncServer server = startServer(engine, session, new PipeTransport(toServer, toClient));
      try {
        PipeClient client = new PipeClient(toServer, toClient);
        JsonNode init = client.initialize();
        out.println("initialize: " + init.path("serverInfo").path("name").asText() + ", protocol "
            + init.path("protocolVersion").asText());
        require(init.path("protocolVersion").asText().equals(ProtocolVersions.MCP_2025_11_25),
            "the server speaks the protocol version the client asked for");

        Set<String> listed = client.listTools();
        out.println("tools/list: " + listed);
        Set<String> expected = new TreeSet<>();
        for (ToolDescriptor d : engine.listedTools(session)) {
          expected.add(d.name());
        }
        require(listed.equals(expected) && listed.containsAll(List.of("find_organizations", "find_projects")),
            "tools/list shows exactly what the engine lists for the session");

        JsonNode whoami = client.callTool("whoami", Map.of());
        String text = whoami.path("content").path(0).path("text").asText();
        out.println("tools/call whoami:\n" + text);
        require(!whoami.path("isError").asBoolean() && text.contains("Ada Lovelace")
            && text.contains("ada@example.com"), "whoami answers FakeSentry's user of the session's token");
        require(fake.requests("GET", "/api/0/auth/").size() == 1, "FakeSentry answered whoami");
      } finally {
        server.closeGracefully().block(Duration.ofSeconds(5));
      }
    }
  }

  /**
   * An MCP server for the engine's tools on any {@link McpServerTransportProvider}: every tool registered, the list
   * filtered to what the session may use, arguments validated by the engine (one clear message for every problem).
   */
  @SuppressWarnings("deprecation") // ServerCapabilities.Builder.logging(), as the stdio server: the engine's notices
  static McpAsyncServer startServer(SentryMcp engine, Session session, McpServerTransportProvider transport) {
    SentryMcpToolSpecs specs = SentryMcpToolSpecs.builder(engine, SessionResolver.fixed(session))
        .transportName("pipe") // what the engine's listeners see as the transport
        .build();
    McpServer.AsyncSpecification<?> spec = McpServer.async(transport)
        .serverInfo("custom-transport-example", "1.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().build())
        .jsonMapper(MCP_JSON)
        .validateToolInputs(false)
        .tools(specs.async())
        .addToolFilter(specs.asyncListFilter());
    String instructions = engine.instructions(); // how results mark Sentry data, said once per session
    if (instructions != null) {
      spec.instructions(instructions);
    }
    return spec.build(); // calls setSessionFactory: the pipe starts reading
  }

  /**
   * A transport over a pair of queues: one connection, so one server session. Any other channel (a WebSocket, a
   * queue consumer) does the same with its own way to receive and send text; a server of many connections creates a
   * session per connection with the factory it is given.
   */
  static final class PipeTransport implements McpServerTransportProvider {
    private final BlockingQueue<String> incoming;
    private final BlockingQueue<String> outgoing;
    private volatile @Nullable McpServerSession session;
    private volatile @Nullable Thread reader;

    PipeTransport(BlockingQueue<String> incoming, BlockingQueue<String> outgoing) {
      this.incoming = incoming;
      this.outgoing = outgoing;
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory sessionFactory) {
      McpServerSession s = sessionFactory.create(new Connection());
      session = s;
      Thread t = new Thread(() -> read(s), "pipe-transport");
      t.setDaemon(true);
      reader = t;
      t.start();
    }

    private void read(McpServerSession s) {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          String text = incoming.take();
          McpSchema.JSONRPCMessage message;
          try {
            message = McpSchema.deserializeJsonRpcMessage(MCP_JSON, text);
          } catch (IOException | IllegalArgumentException e) {
            LOG.warn("dropped a message that is not JSON-RPC");
            continue;
          }
          // What the session resolver and the tools see of this request: a real transport puts the connection's
          // principal or API key here (and a CancellationSignal under SentryMcpToolSpecs.CANCELLATION_KEY).
          McpTransportContext context = McpTransportContext.create(Map.of("peer", "in-process"));
          s.handle(message)
              .contextWrite(Context.of(McpTransportContext.KEY, context))
              .subscribe(null, e -> LOG.warn("handling a message failed"));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // closed
      }
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
      McpServerSession s = session;
      return s == null ? Mono.empty() : s.sendNotification(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
      McpServerSession s = session;
      return (s == null ? Mono.<Void>empty() : s.closeGracefully()).then(Mono.fromRunnable(this::stopReading));
    }

    private void stopReading() {
      Thread t = reader;
      if (t != null) {
        t.interrupt();
      }
    }

    /** The session's side of the connection: what it sends goes out as one line of JSON text. */
    private final class Connection implements McpServerTransport {
      @Override
      public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return Mono.fromCallable(() -> MCP_JSON.writeValueAsString(message)).doOnNext(outgoing::add).then();
      }

      @Override
      public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return MCP_JSON.convertValue(data, typeRef);
      }

      @Override
      public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(PipeTransport.this::stopReading);
      }
    }
  }

  /** The other end of the pipe: an MCP client in raw JSON-RPC, one request at a time. */
  static final class PipeClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BlockingQueue<String> toServer;
    private final BlockingQueue<String> fromServer;
    private final List<JsonNode> notifications = new ArrayList<>();
    private int nextId = 1;

    PipeClient(BlockingQueue<String> toServer, BlockingQueue<String> fromServer) {
      this.toServer = toServer;
      this.fromServer = fromServer;
    }

    /** The handshake: {@code initialize}, then {@code notifications/initialized}; returns the initialize result. */
    JsonNode initialize() throws InterruptedException {
      JsonNode result = request("initialize", Map.of("protocolVersion", ProtocolVersions.MCP_2025_11_25,
          "capabilities", Map.of(), "clientInfo", Map.of("name", "pipe-client", "version", "1.0")));
      send(message("notifications/initialized", null));
      return result;
    }

    /** The names {@code tools/list} shows. */
    Set<String> listTools() throws InterruptedException {
      Set<String> names = new TreeSet<>();
      for (JsonNode tool : request("tools/list", Map.of()).path("tools")) {
        names.add(tool.path("name").asText());
      }
      return names;
    }

    /** The result of {@code tools/call}. */
    JsonNode callTool(String name, Map<String, ?> arguments) throws InterruptedException {
      return request("tools/call", Map.of("name", name, "arguments", arguments));
    }

    /** The notifications the server sent so far (such as log messages). */
    List<JsonNode> notifications() {
      return List.copyOf(notifications);
    }

    /** Sends a request and waits for its answer; notifications that arrive meanwhile are kept. */
    JsonNode request(String method, Map<String, ?> params) throws InterruptedException {
      int id = nextId++;
      ObjectNode request = message(method, params);
      request.put("id", id);
      send(request);
      long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
      while (true) {
        String text = fromServer.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (text == null) {
          throw new IllegalStateException("no answer to " + method + " within " + ANSWER_TIMEOUT.toSeconds() + " s");
        }
        JsonNode answer = read(text);
        if (!answer.has("id")) {
          notifications.add(answer);
        } else if (answer.path("id").asInt(-1) == id) {
          if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.path("error").path("message").asText());
          }
          return answer.path("result");
        }
      }
    }

    private static ObjectNode message(String method, @Nullable Map<String, ?> params) {
      ObjectNode m = MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", method);
      if (params != null) {
        m.set("params", MAPPER.valueToTree(params));
      }
      return m;
    }

    private void send(JsonNode message) {
      toServer.add(message.toString());
    }

    private static JsonNode read(String text) {
      try {
        return MAPPER.readTree(text);
      } catch (IOException e) {
        throw new IllegalStateException("the server sent something that is not JSON", e);
      }
    }
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("example check failed: " + what);
    }
  }
}
