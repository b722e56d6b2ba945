package io.github.sentrymcp.transport.stdio;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The stdio transport: newline-delimited JSON-RPC on an input and an output stream, one session, bound to the SDK
 * through its {@link McpServerTransportProvider} interface (the SDK's session does all protocol handling).
 *
 * <p>Compared with the SDK's {@code StdioServerTransportProvider} (2.1.0), which it replaces:
 *
 * <ul>
 *   <li>Each input line is parsed once, straight into the SDK's message records. Lines that are not a JSON-RPC message
 *       (bad JSON, a bare value, no method/result/error, a request without id, over the size limit) are dropped with
 *       a warning that carries no content; the SDK stops reading input after the first bad line.
 *   <li>Answers are written by the thread that produced them, as UTF-8 bytes straight from Jackson, one complete line
 *       at a time under a lock: no queue, no writer thread, no intermediate strings. (The SDK queues answers into a
 *       Reactor sink that fails a send, and with it the session, when concurrent answers contend for too long.)
 *   <li>At end of input it waits, for at most the drain timeout, until every request already read has been answered
 *       before it closes the session; the SDK drops every answer once input ends.
 * </ul>
 *
 * <p>Input is read on one thread of its own. Messages are handed to the session in input order on that thread; the
 * session answers requests asynchronously (tool calls run on the SDK's worker threads), so a slow call never blocks
 * reading the next message.
 */
final class StdioTransportProvider implements McpServerTransportProvider {
  private static final Logger LOG = LoggerFactory.getLogger(StdioTransportProvider.class);
  private static final byte[] NEWLINE = {'\n'};

  private final McpJsonMapper jsonMapper;
  private final ObjectMapper objectMapper;
  private final InputStream in;
  private final OutputStream out;
  private final int maxLineBytes;
  private final Duration drainTimeout;
  private final PendingRequests pending = new PendingRequests();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Object writeLock = new Object();
  private volatile @Nullable McpServerSession session;
  private volatile long lastActivityNanos = System.nanoTime();

  StdioTransportProvider(
      McpJsonMapper jsonMapper,
      ObjectMapper objectMapper,
      InputStream in,
      OutputStream out,
      int maxLineBytes,
      Duration drainTimeout) {
    this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
    this.objectMapper = Objects.requireNonNull(objectMapper, "objectMapper");
    this.in = Objects.requireNonNull(in, "in");
    this.out = Objects.requireNonNull(out, "out");
    this.maxLineBytes = maxLineBytes;
    this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
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

  /** Blocks until end of input was handled (or the timeout passes); true if it was. */
  boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops reading (shutdown): the input is treated as ended without waiting for pending answers. */
  void abort() {
    closing.set(true);
  }

  /** How long no request has been in flight: zero while one is, else the time since the last message. */
  Duration idleTime() {
    if (pending.size() > 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(Math.max(0, System.nanoTime() - lastActivityNanos));
  }

  /** Flushes the output. */
  void flush() throws IOException {
    synchronized (writeLock) {
      out.flush();
    }
  }

  private void readLoop() {
    LineReader lines = new LineReader(in, maxLineBytes);
    boolean drain = false;
    try {
      while (!closing.get()) {
        byte[] line = lines.next();
        if (line == null) {
          drain = true;
          break;
        }
        McpSchema.JSONRPCMessage message = parse(line);
        McpServerSession s = session;
        if (message == null || s == null || closing.get()) {
          continue;
        }
        if (message instanceof McpSchema.JSONRPCRequest request) {
          pending.add(PendingRequests.key(Objects.requireNonNull(request.id())));
        }
        lastActivityNanos = System.nanoTime();
        s.handle(message).subscribe(null, e -> LOG.warn("handling a message failed: {}", e.getClass().getName()));
      }
    } catch (IOException | RuntimeException e) {
      if (!closing.get()) {
        LOG.warn("reading the input failed: {}", e.getClass().getName());
      }
    } finally {
      endOfInput(drain);
    }
  }

  private void endOfInput(boolean drain) {
    if (drain && !closing.get()) {
      try {
        if (!pending.awaitEmpty(drainTimeout)) {
          LOG.warn("input closed with {} request(s) still unanswered after {} ms", pending.size(),
              drainTimeout.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closing.set(true);
    McpServerSession s = session;
    if (s != null) {
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.debug("closing the session failed: {}", e.getClass().getName());
      }
    }
    ended.countDown();
  }

  /** The message of one input line, or null (with a warning) when the line is not a JSON-RPC message. */
  private McpSchema.@Nullable JSONRPCMessage parse(byte[] line) {
    if (isBlank(line)) {
      return null;
    }
    Map<?, ?> map;
    try {
      Object value = objectMapper.readValue(line, Object.class);
      if (!(value instanceof Map<?, ?> m)) {
        LOG.warn("ignored an input line that is not a JSON-RPC message ({} bytes)", line.length);
        return null;
      }
      map = m;
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignored an input line that is not a JSON-RPC message ({} bytes)", line.length);
      return null;
    }
    Object jsonrpc = map.get("jsonrpc");
    String version = jsonrpc instanceof String v ? v : McpSchema.JSONRPC_VERSION;
    Object method = map.get("method");
    Object id = map.get("id");
    if (method instanceof String name) {
      if (!map.containsKey("id")) {
        return new McpSchema.JSONRPCNotification(version, name, map.get("params"));
      }
      if (!(id instanceof String || id instanceof Number)) {
        LOG.warn("ignored a JSON-RPC request without a usable id");
        return null;
      }
      return new McpSchema.JSONRPCRequest(version, name, id, map.get("params"));
    }
    if (method == null && (map.containsKey("result") || map.containsKey("error"))) {
      try {
        return jsonMapper.convertValue(map, McpSchema.JSONRPCResponse.class);
      } catch (RuntimeException e) {
        LOG.warn("ignored a malformed JSON-RPC response ({} bytes)", line.length);
        return null;
      }
    }
    LOG.warn("ignored an input line that is not a JSON-RPC message ({} bytes)", line.length);
    return null;
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\f' && b != 0x0b) {
        return false;
      }
    }
    return true;
  }

  /** Writes one message as one line; false if it could not be written. */
  private boolean write(McpSchema.JSONRPCMessage message) {
    byte[] json;
    try {
      json = objectMapper.writeValueAsBytes(message);
    } catch (IOException | RuntimeException e) {
      LOG.error("an outgoing message could not be serialized: {}", e.getClass().getName());
      return false;
    }
    json = withoutLineBreaks(json);
    synchronized (writeLock) {
      if (closing.get() && ended.getCount() == 0) {
        return false;
      }
      try {
        out.write(json);
        out.write(NEWLINE);
        out.flush();
      } catch (IOException e) {
        LOG.debug("writing to the output failed: {}", e.getClass().getName());
        return false;
      } finally {
        if (message instanceof McpSchema.JSONRPCResponse response && response.id() != null) {
          pending.answered(PendingRequests.key(response.id()));
        }
        lastActivityNanos = System.nanoTime();
      }
    }
    return true;
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

  /** Reads lines of bytes; lines longer than the limit are skipped whole. */
  static final class LineReader {
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int len;
    private boolean eof;

    LineReader(InputStream in, int maxLineBytes) {
      this.in = in;
      this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its terminator ({@code \n} or {@code \r\n}); null at end of input. */
    byte @Nullable [] next() throws IOException {
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
            LOG.warn("ignored an input line longer than {} bytes", maxLineBytes);
            tooLong = false;
            continue;
          }
          byte[] whole = Objects.requireNonNull(line).toByteArray();
          return stripCr(whole, 0, whole.length);
        }
      }
      // end of input: a last line without a newline still counts
      if (tooLong) {
        LOG.warn("ignored an input line longer than {} bytes", maxLineBytes);
        return null;
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
}
