package io.github.sentrymcp.transport.stdio;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's stdout: buffers writes, and on {@link #flush()} marks the responses written since the last flush as
 * answered in {@link PendingRequests}. A response is recognised from the start of its line (the {@code id} member
 * before any {@code method} member), so large results are never parsed.
 */
final class ResponseTrackingOutputStream extends OutputStream {
  private static final int PREFIX_BYTES = 1024;
  private static final JsonFactory JSON = new JsonFactory();

  private final OutputStream out;
  private final PendingRequests pending;
  private final byte[] prefix = new byte[PREFIX_BYTES];
  private int prefixLen;
  private final List<String> written = new ArrayList<>();

  ResponseTrackingOutputStream(OutputStream out, PendingRequests pending) {
    this.out = new BufferedOutputStream(out, 64 * 1024);
    this.pending = pending;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    out.write(b);
    track((byte) b);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    for (int i = off; i < off + len; i++) {
      byte c = b[i];
      if (c == '\n') {
        track(c);
      } else if (prefixLen < PREFIX_BYTES) {
        prefix[prefixLen++] = c;
      }
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    out.flush();
    if (!written.isEmpty()) {
      for (String key : written) {
        pending.answered(key);
      }
      written.clear();
    }
  }

  @Override
  public synchronized void close() throws IOException {
    flush();
    out.close();
  }

  private void track(byte c) {
    if (c != '\n') {
      if (prefixLen < PREFIX_BYTES) {
        prefix[prefixLen++] = c;
      }
      return;
    }
    String key = responseId(prefix, prefixLen);
    if (key != null) {
      written.add(key);
    }
    prefixLen = 0;
  }

  /** The pending-request key of a response line, from its first bytes; null for anything else. */
  static @Nullable String responseId(byte[] line, int len) {
    try (JsonParser p = JSON.createParser(line, 0, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("method".equals(field)) {
          return null; // a request or notification from the server
        }
        if ("id".equals(field)) {
          if (value == JsonToken.VALUE_STRING) {
            return PendingRequests.key(p.getText());
          }
          if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
            return PendingRequests.key(p.getNumberValue());
          }
          return null;
        }
        p.skipChildren();
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null; // not parseable within the prefix
    }
  }
}
