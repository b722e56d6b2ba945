package io.github.sentrymcp.transport.stdio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class SerializingTransportProviderTest {

  /** Records how many threads are inside {@code sendMessage}'s subscription at once, like the SDK's sink would. */
  private static class OverlapRecorder implements McpServerTransport {
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger maxInside = new AtomicInteger();
    final AtomicInteger sent = new AtomicInteger();

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      return Mono.fromRunnable(() -> {
        int now = inside.incrementAndGet();
        maxInside.accumulateAndGet(now, Math::max);
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        inside.decrementAndGet();
        sent.incrementAndGet();
      });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.empty();
    }
  }

  private static int drive(McpServerTransport transport, int threads, int messagesPerThread) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < messagesPerThread; i++) {
            transport.sendMessage(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, i, "ok", null)).block();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return threads * messagesPerThread;
  }

  @Test
  void concurrentSendsReachTheTransportOneAtATime() throws Exception {
    OverlapRecorder raw = new OverlapRecorder();
    drive(raw, 8, 20);
    assertTrue(raw.maxInside.get() > 1, "the driver must produce overlapping sends, or this test proves nothing");

    OverlapRecorder wrapped = new OverlapRecorder();
    int n = drive(new SerializingTransportProvider.SerializingTransport(wrapped), 8, 20);
    assertEquals(1, wrapped.maxInside.get());
    assertEquals(n, wrapped.sent.get());
  }

  @Test
  void aFailedSendFailsOnlyThatSend() {
    McpServerTransport failing = new OverlapRecorder() {
      @Override
      public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return Mono.error(new IllegalStateException("closed"));
      }
    };
    var t = new SerializingTransportProvider.SerializingTransport(failing);
    var msg = new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, 1, "ok", null);
    assertEquals("closed", org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> t.sendMessage(msg).block()).getMessage());
    assertEquals("closed", org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> t.sendMessage(msg).block()).getMessage());
  }
}
