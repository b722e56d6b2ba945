package io.github.sentrymcp.transport.stdio;


import io.github.sentrymcp.modelcontextprotocol.McpObjectMappers;

import io.github.sentrymcp.modelcontextprotocol.SentryMcpToolSpecs;

import io.github.sentrymcp.core.internal.Failures;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.modelcontextprotocol.SessionResolver;
import io.github.sentrymcp.core.SentryMcp;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MCP server over stdin/stdout (newline-delimited JSON-RPC) serving a {@link SentryMcp} engine's tools.
 *
 * <pre>{@code
 * try (SentryMcpStdioServer server = SentryMcpStdioServer.builder(engine, session).version("1.0").start()) {
 *   server.awaitInputClosed(); // returns when the client closes stdin and pending answers are written
 * }
 * }</pre>
 *
 * <p>It binds the SDK's server session to {@link StdioTransportProvider} (this package's stdio transport, on the
 * SDK's transport interface) instead of the SDK's own stdio transport: bad input lines are dropped instead of ending
 * the session, answers still owed when input ends are written first (for at most {@link Builder#drainTimeout}), and
 * answers are written by the thread that produced them without a queue. It uses {@link McpObjectMappers#create()} (no
 * stack traces in serialized errors) passed explicitly (no ServiceLoader lookup), and disables the SDK's argument
 * validation, because the engine validates arguments itself and reports every problem in one clear message.
 *
 * <p>The stream it writes to must be exclusively its own: in a process, nothing else may write to stdout.
 */
public final class SentryMcpStdioServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SentryMcpStdioServer.class);

  /** The default {@code serverInfo.name}. */
  public static final String DEFAULT_NAME = "sentry-mcp-java";

  /** Longest accepted input line (the SDK's default limit). */
  static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private final McpAsyncServer server;
  private final StdioTransportProvider transport;
  private final LazyJsonSchemaValidator validator;

  private SentryMcpStdioServer(Builder b) {
    ObjectMapper objectMapper = b.objectMapper != null ? b.objectMapper : McpObjectMappers.create();
    JacksonMcpJsonMapper jsonMapper = new JacksonMcpJsonMapper(objectMapper);
    InputStream rawIn = b.in != null ? b.in : new FileInputStream(FileDescriptor.in);
    OutputStream rawOut = b.out != null ? b.out : new FileOutputStream(FileDescriptor.out);
    this.transport = new StdioTransportProvider(jsonMapper, objectMapper, rawIn,
        new BufferedOutputStream(rawOut, 64 * 1024), MAX_LINE_BYTES, b.drainTimeout, b.keepAlive,
        ProtocolGuard.Methods.tools(true));
    boolean validateOutput = b.validateStructuredOutput;
    this.validator =
        new LazyJsonSchemaValidator(
            validateOutput
                ? () -> new DefaultJsonSchemaValidator(objectMapper)
                : TrustingJsonSchemaValidator::new,
            b.checkSchemasAtStartup);

    // every tool is registered, only the available ones are listed: a call to another one gets the engine's
    // permission error rather than the SDK's "unknown tool"
    SentryMcpToolSpecs specs = SentryMcpToolSpecs.builder(b.engine, SessionResolver.fixed(b.session))
        .listingConstraints(b.session.constraints())
        .transportName("stdio")
        .structuredContent(b.structuredContent)
        .build();
    List<McpServerFeatures.AsyncToolSpecification> tools = specs.async();
    McpServer.AsyncSpecification<?> spec =
        McpServer.async(transport)
            .serverInfo(b.name, b.version)
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().build())
            .jsonMapper(jsonMapper)
            .jsonSchemaValidator(validator)
            .validateToolInputs(false)
            .tools(tools)
            .addToolFilter(specs.asyncListFilter());
    String instructions = b.instructionsSet ? b.instructions : b.engine.instructions();
    if (instructions != null) {
      spec.instructions(instructions);
    }
    SentryMcp engine = b.engine;
    transport.onSessionEnd(engine::reportSessionEnded);
    transport.onRequestServed(engine::reportRequestServed);
    // building the server registers the session with the transport, which starts reading input
    this.server = spec.build();
  }

  /**
   * A server for the engine's tools, every request running for {@code session}.
   *
   * @param engine the engine whose tools are served
   * @param session the session every request runs for
   * @return a new builder
   */
  public static Builder builder(SentryMcp engine, Session session) {
    return new Builder(engine, session);
  }

  /**
   * The SDK server (for example to add tools or send notifications).
   *
   * @return the SDK server
   */
  public McpAsyncServer mcpServer() {
    return server;
  }

  /** How a server ended. */
  public enum Ending {
    /** Still serving. */
    NONE,
    /** The client closed the input; answers to requests already read were written (or the drain timeout passed). */
    INPUT_CLOSED,
    /** Writing to the output failed (the client stopped reading); requests in progress were cancelled. */
    OUTPUT_FAILED,
    /** {@link #close()} was called. */
    CLOSED,
    /** Reading the input failed. */
    FAILED
  }

  /**
   * Blocks until the server ended: the input was closed (after the answers to already received requests were written
   * or the drain timeout passed), the output failed, or the server was closed. See {@link #ending()}.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public void awaitInputClosed() throws InterruptedException {
    while (!transport.awaitEnd(Duration.ofHours(1))) {
      // keep waiting
    }
  }

  /**
   * Like {@link #awaitInputClosed()} with a timeout; true if the server ended.
   *
   * @param timeout how long to wait at most
   * @return true if the server ended, false if the timeout passed first
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitInputClosed(Duration timeout) throws InterruptedException {
    return transport.awaitEnd(timeout);
  }

  /**
   * How the server ended, or {@link Ending#NONE} while it serves.
   *
   * @return how the server ended
   */
  public Ending ending() {
    switch (transport.ending()) {
      case INPUT_CLOSED:
        return Ending.INPUT_CLOSED;
      case OUTPUT_FAILED:
        return Ending.OUTPUT_FAILED;
      case ABORTED:
        return Ending.CLOSED;
      case FAILED:
        return Ending.FAILED;
      default:
        return Ending.NONE;
    }
  }

  /**
   * How long the server has been idle: zero while a client request is being answered, otherwise the time since the
   * last message was read or written. For background work that should not compete with real requests.
   *
   * @return the idle time, zero while busy
   */
  public Duration idleTime() {
    return transport.idleTime();
  }

  /**
   * Warms up lazily created parts (the output-schema validator) in the calling thread, so the first tool call does
   * not pay for them. Optional; safe to call from a background thread.
   */
  public void warmUp() {
    try {
      validator.delegate();
    } catch (RuntimeException e) {
      LOG.debug("warm-up failed: {}", Failures.describe(e));
    }
  }

  /** Stops serving: ends the input and closes the SDK server. Idempotent. */
  @Override
  public void close() {
    transport.abort();
    try {
      server.close();
    } catch (RuntimeException e) {
      LOG.debug("closing the MCP server failed: {}", Failures.describe(e));
    }
    try {
      transport.flush();
    } catch (java.io.IOException e) {
      LOG.debug("flushing stdout failed: {}", Failures.describe(e));
    }
  }

  /** Configures a {@link SentryMcpStdioServer}. */
  public static final class Builder {
    private final SentryMcp engine;
    private final Session session;
    private String name = DEFAULT_NAME;
    private String version = "unknown";
    private @Nullable String instructions;
    private @Nullable InputStream in;
    private @Nullable OutputStream out;
    private @Nullable ObjectMapper objectMapper;
    private Duration drainTimeout = Duration.ofSeconds(10);
    private Duration keepAlive = Duration.ofSeconds(5);
    private boolean validateStructuredOutput = true;
    private boolean structuredContent;
    private boolean instructionsSet;
    private boolean checkSchemasAtStartup;

    private Builder(SentryMcp engine, Session session) {
      this.engine = Objects.requireNonNull(engine, "engine");
      this.session = Objects.requireNonNull(session, "session");
    }

    /**
     * {@code serverInfo.name} (default {@value SentryMcpStdioServer#DEFAULT_NAME}).
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * {@code serverInfo.version}.
     *
     * @param version the version
     * @return this builder
     */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * The {@code instructions} of the initialize result (default: the engine's {@link SentryMcp#instructions()}, how
     * results mark Sentry data); null sends none.
     *
     * @param instructions the instructions, or null for none
     * @return this builder
     */
    public Builder instructions(@Nullable String instructions) {
      this.instructions = instructions;
      this.instructionsSet = true;
      return this;
    }

    /**
     * Streams to serve on instead of the process's stdin and stdout (for tests and embedding).
     *
     * @param in the input stream (requests)
     * @param out the output stream (answers and notifications)
     * @return this builder
     */
    public Builder streams(InputStream in, OutputStream out) {
      this.in = Objects.requireNonNull(in, "in");
      this.out = Objects.requireNonNull(out, "out");
      return this;
    }

    /**
     * The Jackson mapper for the protocol (default {@link McpObjectMappers#create()}).
     *
     * @param objectMapper the mapper
     * @return this builder
     */
    public Builder objectMapper(ObjectMapper objectMapper) {
      this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
      return this;
    }

    /**
     * How long end-of-input waits for pending answers (default 10 s).
     *
     * @param drainTimeout the timeout
     * @return this builder
     */
    public Builder drainTimeout(Duration drainTimeout) {
      this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
      return this;
    }

    /**
     * While requests are in progress and nothing was written for this long, the server sends the client a {@code
     * ping} request (MCP's connection check), so that a client that went away is noticed and the calls it can no
     * longer receive are cancelled (default 5 s; zero turns it off).
     *
     * @param keepAlive the interval, or zero to turn it off
     * @return this builder
     * @throws IllegalArgumentException if {@code keepAlive} is negative
     */
    public Builder keepAlive(Duration keepAlive) {
      if (keepAlive.isNegative()) {
        throw new IllegalArgumentException("keepAlive must not be negative");
      }
      this.keepAlive = keepAlive;
      return this;
    }

    /**
     * Whether the SDK validates {@code structuredContent} against each tool's output schema before answering
     * (default true; the validator is loaded on first use).
     *
     * @param validate whether to validate
     * @return this builder
     */
    public Builder validateStructuredOutput(boolean validate) {
      this.validateStructuredOutput = validate;
      return this;
    }

    /**
     * See {@code SentryMcpToolSpecs.Builder#structuredContent} (default false: results as text only).
     *
     * @param structuredContent true to advertise output schemas and send structured content
     * @return this builder
     */
    public Builder structuredContent(boolean structuredContent) {
      this.structuredContent = structuredContent;
      return this;
    }

    /**
     * Whether every tool schema is checked against the JSON Schema meta-schema at start-up (default false).
     *
     * @param check whether to check
     * @return this builder
     */
    public Builder checkSchemasAtStartup(boolean check) {
      this.checkSchemasAtStartup = check;
      return this;
    }

    /**
     * Builds the server and starts serving (reading input on the SDK's own thread).
     *
     * @return the running server
     */
    public SentryMcpStdioServer start() {
      return new SentryMcpStdioServer(this);
    }
  }

  /** Accepts every value: for hosts that trust the library's outputs and want no JSON Schema engine loaded. */
  static final class TrustingJsonSchemaValidator implements JsonSchemaValidator {
    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
      return ValidationResponse.asValid(null);
    }

    @Override
    public ValidationResponse validateSchema(Map<String, Object> schema) {
      return ValidationResponse.asValid(null);
    }
  }
}
