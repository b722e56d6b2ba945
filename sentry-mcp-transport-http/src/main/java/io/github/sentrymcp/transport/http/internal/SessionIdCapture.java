package io.github.sentrymcp.transport.http.internal;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Notes the {@code Mcp-Session-Id} the SDK sets on an {@code initialize} answer and hands it on at once, while the
 * header is being set: headers go out before the body, so the session is bound before the client can read its id and
 * use it. (Binding it after the SDK returned was a race: a fast client's next request, on another thread, could arrive
 * first and be refused as an unknown session.)
 */
public final class SessionIdCapture extends HttpServletResponseWrapper {
  private final Consumer<String> onSession;
  private @Nullable String sessionId;

  public SessionIdCapture(HttpServletResponse response, Consumer<String> onSession) {
    super(response);
    this.onSession = onSession;
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
    if ("Mcp-Session-Id".equalsIgnoreCase(name) && value != null && !value.equals(sessionId)) {
      sessionId = value;
      onSession.accept(value);
    }
  }
}
