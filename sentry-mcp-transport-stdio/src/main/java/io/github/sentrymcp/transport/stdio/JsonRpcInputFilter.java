package io.github.sentrymcp.transport.stdio;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits between stdin and the SDK's stdio transport, line by line.
 *
 * <ul>
 *   <li>Lines that are not a JSON-RPC message (bad JSON, a bare value, no method/result/error, over the size limit)
 *       are dropped with a warning on the log (no content): the SDK would otherwise stop reading stdin for good.
 *   <li>Request ids are recorded in {@link PendingRequests}; at end of input it waits (bounded) until they are
 *       answered before reporting end-of-stream, because the SDK drops every answer once it sees end of input.
 *   <li>{@link #awaitEnd} lets the owner block until the SDK has been told the input ended.
 * </ul>
 */
final class JsonRpcInputFilter extends InputStream {
  private static final Logger LOG = LoggerFactory.getLogger(JsonRpcInputFilter.class);
  private static final byte[] EMPTY = new byte[0];

  private final InputStream in;
  private final McpJsonMapper mapper;
  private final PendingRequests pending;
  private final int maxLineBytes;
  private final Duration drainTimeout;
  private final CountDownLatch ended = new CountDownLatch(1);
  private final byte[] buf = new byte[8192];
  private int bufPos;
  private int bufLen;
  private boolean sourceDone;
  private byte[] current = EMPTY;
  private int pos;
  private volatile boolean closed;

  JsonRpcInputFilter(
      InputStream in, McpJsonMapper mapper, PendingRequests pending, int maxLineBytes, Duration drainTimeout) {
    this.in = in;
    this.mapper = mapper;
    this.pending = pending;
    this.maxLineBytes = maxLineBytes;
    this.drainTimeout = drainTimeout;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (pos >= current.length) {
      if (!nextMessage()) {
        return -1;
      }
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public synchronized int available() {
    return current.length - pos;
  }

  /** Blocks until end of input was passed on to the SDK (or the timeout passes); true if it was. */
  boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Ends the input now (shutdown): the next read reports end of stream without waiting for pending answers. */
  void abort() {
    closed = true;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    in.close();
  }

  /** Loads the next valid message into {@code current}; false at end of input. */
  private boolean nextMessage() throws IOException {
    while (true) {
      if (closed) {
        return endOfInput(false);
      }
      byte[] line = readLine();
      if (line == null) {
        return endOfInput(true);
      }
      if (line.length == 0) {
        continue;
      }
      String text = new String(line, StandardCharsets.UTF_8);
      if (text.isBlank()) {
        continue;
      }
      McpSchema.JSONRPCMessage message;
      try {
        message = McpSchema.deserializeJsonRpcMessage(mapper, text);
      } catch (IOException | RuntimeException e) {
        LOG.warn("ignored an input line that is not a JSON-RPC message ({} bytes)", line.length);
        continue;
      }
      if (message instanceof McpSchema.JSONRPCRequest request) {
        Object id = request.id();
        if (id == null) {
          LOG.warn("ignored a JSON-RPC request without an id");
          continue;
        }
        pending.add(PendingRequests.key(id));
      }
      byte[] withNewline = new byte[line.length + 1];
      System.arraycopy(line, 0, withNewline, 0, line.length);
      withNewline[line.length] = '\n';
      current = withNewline;
      pos = 0;
      return true;
    }
  }

  private boolean endOfInput(boolean drain) {
    if (drain) {
      try {
        if (!pending.awaitEmpty(drainTimeout)) {
          LOG.warn("input closed with {} request(s) still unanswered after {} ms", pending.size(),
              drainTimeout.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    current = EMPTY;
    pos = 0;
    ended.countDown();
    return false;
  }

  /**
   * The next line without its terminator ({@code \n} or {@code \r\n}); null at end of input. Lines longer than the
   * limit are skipped whole.
   */
  private byte @Nullable [] readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    boolean tooLong = false;
    while (true) {
      if (bufPos >= bufLen) {
        if (sourceDone || closed) {
          break;
        }
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
          sourceDone = true;
          break;
        }
        bufPos = 0;
        bufLen = n;
        continue;
      }
      int start = bufPos;
      int nl = -1;
      for (int i = bufPos; i < bufLen; i++) {
        if (buf[i] == '\n') {
          nl = i;
          break;
        }
      }
      int end = nl < 0 ? bufLen : nl;
      if (!tooLong) {
        if (line.size() + (end - start) > maxLineBytes) {
          tooLong = true;
          line.reset();
        } else {
          line.write(buf, start, end - start);
        }
      }
      bufPos = nl < 0 ? bufLen : nl + 1;
      if (nl >= 0) {
        if (tooLong) {
          LOG.warn("ignored an input line longer than {} bytes", maxLineBytes);
          tooLong = false;
          continue;
        }
        return stripCr(line.toByteArray());
      }
    }
    // end of input: a last line without a newline still counts
    if (tooLong) {
      LOG.warn("ignored an input line longer than {} bytes", maxLineBytes);
      return null;
    }
    return line.size() == 0 ? null : stripCr(line.toByteArray());
  }

  private static byte[] stripCr(byte[] line) {
    int n = line.length;
    if (n > 0 && line[n - 1] == '\r') {
      byte[] shorter = new byte[n - 1];
      System.arraycopy(line, 0, shorter, 0, n - 1);
      return shorter;
    }
    return line;
  }
}
