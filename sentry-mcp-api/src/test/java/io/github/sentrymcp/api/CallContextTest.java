package io.github.sentrymcp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallContextTest {
  private static final Session SESSION = Session.builder(AccessToken.of("t")).build();

  @Test
  void progressIsNoneByDefaultAndKeptWhenTheContextIsRebuilt() {
    CallContext plain = CallContext.of(SESSION);
    assertSame(ProgressListener.NONE, plain.progress());
    assertSame(ProgressListener.NONE,
        new CallContext(SESSION, CancellationSignal.never(), "stdio", new CallMetrics()).progress());

    List<String> seen = new ArrayList<>();
    ProgressListener listener = (p, total, message) -> seen.add(p + "/" + total + " " + message);
    CallContext withProgress = plain.withProgress(listener);
    CancellationSignal signal = CancellationSignal.create();
    CallContext rebuilt = withProgress.withCancellation(signal).withMetrics(new CallMetrics()).withTransport("http");
    assertSame(listener, rebuilt.progress());
    assertSame(signal, rebuilt.cancellation());
    assertEquals("http", rebuilt.transport());
    rebuilt.progress().progress(1, null, "Started");
    rebuilt.progress().progress(2, 3.0, "Running");
    assertEquals(List.of("1.0/null Started", "2.0/3.0 Running"), seen);
    ProgressListener.NONE.progress(1, null, "ignored");
  }

  @Test
  void aToolsTimeoutIsTheConfiguredOneByDefault() {
    SentryTool tool = new SentryTool() {
      @Override
      public ToolDescriptor descriptor() {
        throw new UnsupportedOperationException();
      }

      @Override
      public io.github.sentrymcp.api.result.ToolResult call(
          Map<String, ? extends @org.jspecify.annotations.Nullable Object> arguments, CallContext context) {
        throw new UnsupportedOperationException();
      }
    };
    assertEquals(Duration.ofSeconds(30), tool.timeout(Duration.ofSeconds(30)));
  }
}
