package io.github.sentrymcp.transport.http.internal;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

/** Notes the {@code Mcp-Session-Id} the SDK sets on an {@code initialize} answer, so the session can be bound. */
public final class SessionIdCapture extends HttpServletResponseWrapper {
  private volatile @Nullable String sessionId;

  public SessionIdCapture(HttpServletResponse response) {
    super(response);
  }

  @Override
  public void setHeader(String name, String value) {
    note(name, value);
    super.setHeader(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    note(name, value);
    super.addHeader(name, value);
  }

  private void note(String name, @Nullable String value) {
    if ("Mcp-Session-Id".equalsIgnoreCase(name) && value != null) {
      sessionId = value;
    }
  }

  public @Nullable String sessionId() {
    return sessionId;
  }
}
