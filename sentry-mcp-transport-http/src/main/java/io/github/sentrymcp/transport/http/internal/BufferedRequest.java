package io.github.sentrymcp.transport.http.internal;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The request as the SDK's servlet sees it: the body already read (and size-checked) by the transport, and the path
 * rewritten to the SDK's endpoint ({@code /mcp/acme/backend} becomes {@code /mcp}), since the SDK routes on the
 * request URI's end.
 */
public final class BufferedRequest extends HttpServletRequestWrapper {
  private final byte[] body;
  private final String endpoint;

  public BufferedRequest(HttpServletRequest request, byte[] body, String endpoint) {
    super(request);
    this.body = body;
    this.endpoint = endpoint;
  }

  @Override
  public String getRequestURI() {
    return endpoint;
  }

  @Override
  public StringBuffer getRequestURL() {
    StringBuffer url = super.getRequestURL();
    String uri = super.getRequestURI();
    int at = url.lastIndexOf(uri);
    return at < 0 ? url : new StringBuffer(url.substring(0, at)).append(endpoint);
  }

  @Override
  public String getServletPath() {
    return endpoint;
  }

  @Override
  public @Nullable String getPathInfo() {
    return null;
  }

  @Override
  public int getContentLength() {
    return body.length;
  }

  @Override
  public long getContentLengthLong() {
    return body.length;
  }

  @Override
  public ServletInputStream getInputStream() {
    ByteArrayInputStream in = new ByteArrayInputStream(body);
    return new ServletInputStream() {
      @Override
      public boolean isFinished() {
        return in.available() == 0;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener listener) {
        throw new IllegalStateException("the body is already read");
      }

      @Override
      public int read() {
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return in.read(b, off, len);
      }
    };
  }

  @Override
  public BufferedReader getReader() {
    return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
  }
}
