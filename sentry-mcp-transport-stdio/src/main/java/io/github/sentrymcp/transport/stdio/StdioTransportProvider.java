package io.github.sentrymcp.transport.stdio;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.api.CancellationSignal;
import io.github.sentrymcp.api.Csv;
import io.github.sentrymcp.api.RequestOrigin;
import io.github.sentrymcp.api.ToolCallListener;
import io.github.sentrymcp.core.internal.Failures;
import io.github.sentrymcp.modelcontextprotocol.SentryMcpToolSpecs;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * The stdio transport: newline-delimited JSON-RPC on an input and an output stream, one session, bound to the SDK
 * through its {@link McpServerTransportProvider} interface. A {@link ProtocolGuard} checks every message before the
 * SDK's session sees it, so that bad input gets the JSON-RPC error the specification asks for and never ends the
 * session, and the SDK never holds a request without an answer.
 *
 * <ul>
 *   <li><b>Framing</b>: each line is parsed once. A line that is not JSON gets a parse error (-32700); a line that is
 *       not a valid request, notification or response (a batch, a bad {@code jsonrpc}, {@code method} or {@code id},
 *       a line over the size limit) gets an invalid-request error (-32600), with the request's id where it has a
 *       usable one. The next line is read as if nothing happened.
 *   <li><b>Lifecycle</b>: {@code ping} is answered at once, in any state. Requests before {@code initialize} get an
 *       error at once (unknown methods such as {@code server/discover} -32601, known ones -32600), never a wait. A
 *       request after the {@code initialize} answer but before {@code notifications/initialized} implies that
 *       notification.
 *   <li><b>Parameters</b> of {@code initialize}, {@code tools/call}, {@code tools/list} and {@code logging/setLevel}
 *       are checked here (-32602 with a fixed message), so the SDK never answers -32603 with exception text; an
 *       internal error the SDK still produces goes out with a fixed message and no data.
 *   <li><b>Cancellation</b> ({@code notifications/cancelled}): the request's {@link CancellationSignal} (given to the
 *       tool handler through the {@link McpTransportContext} under {@link #CANCELLATION_KEY}) is cancelled, which stops
 *       its Sentry requests, and its answer is not written.
 *   <li><b>Output</b>: answers are written by the thread that produced them, one complete line at a time under a
 *       lock. When the output fails (the client stopped reading: broken pipe), every request in progress is
 *       cancelled and the transport ends with {@link Ending#OUTPUT_FAILED}. While requests are in progress and the
 *       output has been silent for a while, a {@code ping} request checks that the client is still there.
 *   <li><b>End of input</b>: it waits, for at most the drain timeout, until every request already read has been
 *       answered, then closes the session.
 * </ul>
 */
final class StdioTransportProvider implements McpServerTransportProvider {
  private static final Logger LOG = LoggerFactory.getLogger(StdioTransportProvider.class);
  private static final byte[] NEWLINE = {'\n'};

  /** Key of the request's {@link CancellationSignal} in the {@link McpTransportContext} of each request. */
  static final String CANCELLATION_KEY = SentryMcpToolSpecs.CANCELLATION_KEY;

  /** Prefix of the ids of this transport's own {@code ping} requests. */
  static final String PING_ID_PREFIX = "sentry-mcp-ping-";

  /** How the transport ended. */
  enum Ending {
    /** Still serving. */
    NONE,
    /** The input ended (the client closed stdin) and pending answers were written or the drain timeout passed. */
    INPUT_CLOSED,
    /** Writing to the output failed: the client is gone. */
    OUTPUT_FAILED,
    /** {@link #abort()} was called. */
    ABORTED,
    /** Reading the input failed, or the reading thread failed unexpectedly. */
    FAILED
  }

  private final McpJsonMapper jsonMapper;
  private final ObjectMapper objectMapper;
  private final InputStream in;
  private final OutputStream out;
  private final int maxLineBytes;
  private final Duration drainTimeout;
  private final Duration keepAlive;
  private final ProtocolGuard guard;
  private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Object writeLock = new Object();
  private final Object drainLock = new Object();
  private final AtomicLong pings = new AtomicLong();
  private volatile Ending ending = Ending.NONE;
  private volatile @Nullable McpServerSession session;
  private volatile long lastActivityNanos = System.nanoTime();
  private volatile long lastWriteNanos = System.nanoTime();
  private volatile boolean outputFailed;
  /** The protocol version of the {@code initialize} answer, and when it was written: the session's start. */
  private volatile @Nullable String protocolVersion;
  private volatile long sessionStartNanos;
  private volatile java.util.function.Consumer<ToolCallListener.SessionEnded> onSessionEnd = e -> {};

  /** A request handed to the SDK and not answered yet. */
  private static final class InFlight {
    final CancellationSignal signal = CancellationSignal.create();
    final boolean initialize;
    final Instant receivedAt = Instant.now();
    final long receivedNanos = System.nanoTime();
    volatile @Nullable RequestOrigin origin;
    volatile boolean cancelled;

    InFlight(boolean initialize) {
      this.initialize = initialize;
    }
  }

  private volatile java.util.function.Consumer<ToolCallListener.RequestServed> onServed = r -> {};

  StdioTransportProvider(
      McpJsonMapper jsonMapper,
      ObjectMapper objectMapper,
      InputStream in,
      OutputStream out,
      int maxLineBytes,
      Duration drainTimeout,
      Duration keepAlive,
      ProtocolGuard.Methods methods) {
    this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
    this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
    this.in = Objects.requireNonNull(in, "in");
    this.out = Objects.requireNonNull(out, "out");
    this.maxLineBytes = maxLineBytes;
    this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
    this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
    this.guard = new ProtocolGuard(objectMapper, methods);
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory sessionFactory) {
    if (session != null) {
      throw new IllegalStateException("the stdio transport serves one session");
    }
    session = sessionFactory.create(new SessionTransport());
    // not a daemon: like the SDK's transport, a server keeps the JVM alive while its input is open
    Thread reader = new Thread(this::readLoop, "sentry-mcp-stdio-in");
    reader.start();
    if (!keepAlive.isZero()) {
      Thread pinger = new Thread(this::keepAliveLoop, "sentry-mcp-stdio-keepalive");
      pinger.setDaemon(true);
      pinger.start();
    }
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    McpServerSession s = session;
    return s == null ? Mono.error(new IllegalStateException("no session")) : s.sendNotification(method, params);
  }

  @Override
  public Mono<Void> notifyClient(String sessionId, String method, Object params) {
    McpServerSession s = session;
    if (s == null || !s.getId().equals(sessionId)) {
      return Mono.error(new IllegalStateException("no such session"));
    }
    return s.sendNotification(method, params);
  }

  @Override
  public Mono<Void> closeGracefully() {
    McpServerSession s = session;
    return s == null ? Mono.empty() : s.closeGracefully();
  }

  /** Where each answered request other than {@code tools/call} is reported (for telemetry). */
  void onRequestServed(java.util.function.Consumer<ToolCallListener.RequestServed> listener) {
    this.onServed = Objects.requireNonNull(listener, "listener");
  }

  /** Where the end of the MCP session (after a successful {@code initialize}) is reported, once. */
  void onSessionEnd(java.util.function.Consumer<ToolCallListener.SessionEnded> listener) {
    this.onSessionEnd = Objects.requireNonNull(listener, "listener");
  }

  /** Blocks until the transport ended (input closed and drained, output failed, or aborted), or the timeout passes. */
  boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** How the transport ended; {@link Ending#NONE} while it serves. */
  Ending ending() {
    return ending;
  }

  /** Stops serving (shutdown): cancels every request in progress and ends without waiting for pending answers. */
  void abort() {
    finish(Ending.ABORTED);
  }

  /** How long no request has been in flight: zero while one is, else the time since the last message. */
  Duration idleTime() {
    if (!inFlight.isEmpty()) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(Math.max(0, System.nanoTime() - lastActivityNanos));
  }

  /** Requests handed to the SDK and not answered yet. */
  int requestsInFlight() {
    return inFlight.size();
  }

  /** Flushes the output. */
  void flush() throws IOException {
    synchronized (writeLock) {
      out.flush();
    }
  }

  // ---------------------------------------------------------------------------------------------------- reading

  private void readLoop() {
    LineReader lines = new LineReader(in, maxLineBytes);
    boolean eof = false;
    boolean failed = false;
    try {
      while (!closing.get()) {
        byte[] line;
        try {
          line = lines.next();
        } catch (LineReader.LineTooLongException e) {
          writeRaw(guard.lineTooLong(maxLineBytes));
          continue;
        }
        if (line == null) {
          eof = true;
          break;
        }
        try {
          handleLine(line);
        } catch (RuntimeException | StackOverflowError e) {
          // one bad message must never end the session
          LOG.warn("handling an input message failed: {}", Failures.describe(e));
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      if (!closing.get()) {
        failed = true;
        LOG.error("reading the input failed: {}", Failures.describe(e));
      }
    } finally {
      if (eof) {
        drainAndEnd();
      } else {
        finish(outputFailed ? Ending.OUTPUT_FAILED : failed ? Ending.FAILED : Ending.ABORTED);
      }
    }
  }

  private void handleLine(byte[] line) {
    ProtocolGuard.Verdict verdict = guard.check(line);
    McpServerSession s = session;
    if (s == null || closing.get()) {
      return;
    }
    lastActivityNanos = System.nanoTime();
    switch (verdict.action()) {
      case IGNORE:
        return;
      case ANSWER:
        writeRaw(Objects.requireNonNull(verdict.answer()));
        return;
      case CANCEL:
        cancel(Objects.requireNonNull(verdict.cancelledKey()));
        return;
      case PASS:
        break;
    }
    McpSchema.JSONRPCMessage message = Objects.requireNonNull(verdict.message());
    if (verdict.impliedInitialized()) {
      dispatch(s, new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION,
          McpSchema.METHOD_NOTIFICATION_INITIALIZED, null), McpTransportContext.EMPTY);
    }
    if (message instanceof McpSchema.JSONRPCRequest request) {
      String key = ProtocolGuard.key(Objects.requireNonNull(request.id()));
      InFlight f = new InFlight(McpSchema.METHOD_INITIALIZE.equals(request.method()));
      if (inFlight.putIfAbsent(key, f) != null) {
        writeRaw(guard.duplicateId(request.id()));
        return;
      }
      Map<String, Object> context = new LinkedHashMap<>();
      context.put(CANCELLATION_KEY, f.signal);
      context.put(SentryMcpToolSpecs.TRANSPORT_KEY, "stdio");
      RequestOrigin origin = RequestOrigin.builder(Csv.printable(request.method(), 64))
          .requestId(Csv.printable(String.valueOf(request.id()), 64))
          .protocolVersion(protocolVersion)
          .networkTransport("pipe")
          .build();
      f.origin = origin;
      context.put(SentryMcpToolSpecs.ORIGIN_KEY, origin);
      dispatch(s, request, McpTransportContext.create(context));
      return;
    }
    if (message instanceof McpSchema.JSONRPCResponse response && isOwnPing(response.id())) {
      return; // the client answered our keep-alive ping
    }
    dispatch(s, message, McpTransportContext.EMPTY);
  }

  private static void dispatch(McpServerSession s, McpSchema.JSONRPCMessage message, McpTransportContext context) {
    s.handle(message)
        .contextWrite(Context.of(McpTransportContext.KEY, context))
        .subscribe(null, e -> LOG.warn("handling a message failed: {}", Failures.describe(e)));
  }

  private void cancel(String key) {
    InFlight f = inFlight.get(key);
    if (f == null || f.initialize) {
      return; // unknown, already answered, or initialize (which must not be cancelled)
    }
    f.cancelled = true;
    f.signal.cancel();
    LOG.debug("request cancelled by the client");
  }

  private static boolean isOwnPing(@Nullable Object id) {
    return id instanceof String s && s.startsWith(PING_ID_PREFIX);
  }

  private void drainAndEnd() {
    if (!closing.get()) {
      try {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        synchronized (drainLock) {
          while (!inFlight.isEmpty() && !outputFailed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              LOG.warn("input closed with {} request(s) still unanswered after {} ms", inFlight.size(),
                  drainTimeout.toMillis());
              break;
            }
            drainLock.wait(Math.max(1, left / 1_000_000));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    finish(outputFailed ? Ending.OUTPUT_FAILED : Ending.INPUT_CLOSED);
  }

  /** Ends the transport once: cancels what is still running, closes the session, releases the waiters. */
  private void finish(Ending how) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    ending = how;
    String version = protocolVersion;
    if (version != null) {
      try {
        onSessionEnd.accept(new ToolCallListener.SessionEnded("pipe", version,
            Duration.ofNanos(System.nanoTime() - sessionStartNanos),
            how == Ending.INPUT_CLOSED || how == Ending.ABORTED ? null : how.name().toLowerCase(Locale.ROOT)));
      } catch (RuntimeException e) {
        LOG.debug("reporting the end of the session failed: {}", Failures.describe(e));
      }
    }
    for (InFlight f : List.copyOf(inFlight.values())) {
      f.cancelled = true;
      if (!f.initialize) {
        f.signal.cancel();
      }
    }
    McpServerSession s = session;
    if (s != null) {
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.debug("closing the session failed: {}", Failures.describe(e));
      }
    }
    ended.countDown();
  }

  private void keepAliveLoop() {
    long periodMillis = Math.max(100, keepAlive.toMillis() / 2);
    while (!closing.get()) {
      try {
        Thread.sleep(periodMillis);
      } catch (InterruptedException e) {
        return;
      }
      if (!inFlight.isEmpty() && guard.isReady()
          && System.nanoTime() - lastWriteNanos >= keepAlive.toNanos()) {
        writeRaw(guard.ping(PING_ID_PREFIX + pings.incrementAndGet()));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------- writing

  /** Writes one message as one line (or drops it: the answer to a cancelled request). */
  private void write(McpSchema.JSONRPCMessage message) {
    McpSchema.JSONRPCMessage toWrite = message;
    String answeredKey = null;
    InFlight answered = null;
    if (message instanceof McpSchema.JSONRPCResponse response && response.id() != null) {
      answeredKey = ProtocolGuard.key(response.id());
      answered = inFlight.get(answeredKey);
      McpSchema.JSONRPCResponse checked = guard.outgoing(response, answered != null && answered.initialize);
      toWrite = checked;
      if (answered != null && answered.initialize && checked.result() instanceof McpSchema.InitializeResult r
          && protocolVersion == null) {
        sessionStartNanos = System.nanoTime();
        protocolVersion = Csv.printable(r.protocolVersion(), 32);
      }
    }
    try {
      if (answered != null && answered.cancelled) {
        return; // MCP: no response is sent for a cancelled request
      }
      byte[] json;
      try {
        json = objectMapper.writeValueAsBytes(toWrite);
      } catch (IOException | RuntimeException e) {
        LOG.error("an outgoing message could not be serialized: {}", Failures.describe(e));
        if (message instanceof McpSchema.JSONRPCResponse response && response.id() != null) {
          writeRaw(guard.internalError(response.id()));
        }
        return;
      }
      writeRaw(withoutLineBreaks(json));
      if (answered != null && toWrite instanceof McpSchema.JSONRPCResponse sent) {
        served(answered, sent);
      }
    } finally {
      if (answeredKey != null && answered != null) {
        inFlight.remove(answeredKey, answered);
        synchronized (drainLock) {
          drainLock.notifyAll();
        }
      }
    }
  }

  /** Reports an answered request other than {@code tools/call} (whose call the engine reports itself). */
  private void served(InFlight answered, McpSchema.JSONRPCResponse response) {
    RequestOrigin origin = answered.origin;
    if (origin == null || McpSchema.METHOD_TOOLS_CALL.equals(origin.method())) {
      return;
    }
    if (answered.initialize && origin.protocolVersion() == null && protocolVersion != null) {
      origin = origin.toBuilder().protocolVersion(protocolVersion).build();
    }
    McpSchema.JSONRPCResponse.JSONRPCError error = response.error();
    try {
      onServed.accept(new ToolCallListener.RequestServed(origin, "stdio", answered.receivedAt,
          Duration.ofNanos(System.nanoTime() - answered.receivedNanos),
          error == null ? null : String.valueOf(error.code())));
    } catch (RuntimeException e) {
      LOG.debug("reporting an answered request failed: {}", Failures.describe(e));
    }
  }

  /** Writes one complete line; on failure the client is taken to be gone and the transport ends. */
  private void writeRaw(byte[] json) {
    synchronized (writeLock) {
      if (outputFailed || ending != Ending.NONE) {
        return;
      }
      try {
        out.write(json);
        out.write(NEWLINE);
        out.flush();
        lastWriteNanos = System.nanoTime();
        lastActivityNanos = lastWriteNanos;
      } catch (IOException e) {
        outputFailed = true;
      }
    }
    if (outputFailed) {
      LOG.warn("writing to the output failed (the client stopped reading); stopping");
      finish(Ending.OUTPUT_FAILED);
      synchronized (drainLock) {
        drainLock.notifyAll();
      }
    }
  }

  /**
   * Compact JSON has line breaks only inside strings, and Jackson escapes those; this guards the framing anyway (a
   * custom serializer could write raw ones): CR and LF become the escape {@code \n}, which is valid only inside a
   * string, where a raw one would have been invalid JSON as well.
   */
  static byte[] withoutLineBreaks(byte[] json) {
    int breaks = 0;
    for (byte b : json) {
      if (b == '\n' || b == '\r') {
        breaks++;
      }
    }
    if (breaks == 0) {
      return json;
    }
    byte[] escaped = new byte[json.length + breaks];
    int j = 0;
    for (byte b : json) {
      if (b == '\n' || b == '\r') {
        escaped[j++] = '\\';
        escaped[j++] = 'n';
      } else {
        escaped[j++] = b;
      }
    }
    return escaped;
  }

  /** The session's side: sends write synchronously on the subscribing thread. */
  private final class SessionTransport implements McpServerTransport {
    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      return Mono.fromRunnable(() -> write(message));
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return jsonMapper.convertValue(data, typeRef);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.fromRunnable(() -> closing.set(true));
    }

    @Override
    public void close() {
      closing.set(true);
    }
  }

  /** Reads lines of bytes; a line longer than the limit is skipped whole and reported once. */
  static final class LineReader {
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int len;
    private boolean eof;

    /** Thrown after a line longer than the limit was skipped; the next call reads the line after it. */
    static final class LineTooLongException extends Exception {
      private static final long serialVersionUID = 1L;

      LineTooLongException() {
        super("line too long", null, false, false);
      }
    }

    LineReader(InputStream in, int maxLineBytes) {
      this.in = in;
      this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its terminator ({@code \n} or {@code \r\n}); null at end of input. */
    byte @Nullable [] next() throws IOException, LineTooLongException {
      ByteArrayOutputStream line = null;
      boolean tooLong = false;
      while (true) {
        if (pos >= len) {
          if (eof) {
            break;
          }
          int n = in.read(buf, 0, buf.length);
          if (n < 0) {
            eof = true;
            break;
          }
          pos = 0;
          len = n;
          continue;
        }
        int start = pos;
        int nl = -1;
        for (int i = pos; i < len; i++) {
          if (buf[i] == '\n') {
            nl = i;
            break;
          }
        }
        int end = nl < 0 ? len : nl;
        pos = nl < 0 ? len : nl + 1;
        if (nl >= 0 && line == null && !tooLong && end - start <= maxLineBytes) {
          return stripCr(buf, start, end); // the whole line is in the buffer: one copy
        }
        if (!tooLong) {
          int have = line == null ? 0 : line.size();
          if (have + (end - start) > maxLineBytes) {
            tooLong = true;
            line = null;
          } else {
            if (line == null) {
              line = new ByteArrayOutputStream(Math.max(256, 2 * (end - start)));
            }
            line.write(buf, start, end - start);
          }
        }
        if (nl >= 0) {
          if (tooLong) {
            LOG.warn("an input line longer than {} bytes was skipped", maxLineBytes);
            throw new LineTooLongException();
          }
          byte[] whole = Objects.requireNonNull(line).toByteArray();
          return stripCr(whole, 0, whole.length);
        }
      }
      // end of input: a last line without a newline still counts
      if (tooLong) {
        LOG.warn("an input line longer than {} bytes was skipped", maxLineBytes);
        throw new LineTooLongException();
      }
      if (line == null || line.size() == 0) {
        return null;
      }
      byte[] whole = line.toByteArray();
      return stripCr(whole, 0, whole.length);
    }

    private static byte[] stripCr(byte[] b, int from, int to) {
      int end = to > from && b[to - 1] == '\r' ? to - 1 : to;
      byte[] copy = new byte[end - from];
      System.arraycopy(b, from, copy, 0, end - from);
      return copy;
    }
  }

  /** Keys of the requests in flight (for tests). */
  List<String> inFlightKeys() {
    return new ArrayList<>(inFlight.keySet());
  }
}
