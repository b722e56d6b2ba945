package io.github.sentrymcp.transport.stdio;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Wraps a transport provider so that its sessions hand outgoing messages to the transport one at a time.
 *
 * <p>Why: the SDK's stdio transport (2.1.0) queues outgoing messages into a Reactor unicast sink, which refuses
 * concurrent producers; it retries a refused emission by busy-looping for 100 ms and then fails the send. With several
 * tool calls finishing at once on a busy machine, the spinning producers can starve the one inside the sink for those
 * 100 ms; the failed send then terminates the session's inbound processing and the server stops answering while the
 * process stays alive (seen with 8 calls in flight on 2 loaded CPUs). Entering {@code sendMessage} under a lock means
 * the sink never sees two producers. The lock is held only while the message is queued, never while it is written.
 */
final class SerializingTransportProvider implements McpServerTransportProvider {
  private final McpServerTransportProvider delegate;

  SerializingTransportProvider(McpServerTransportProvider delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory sessionFactory) {
    delegate.setSessionFactory(transport -> sessionFactory.create(new SerializingTransport(transport)));
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    return delegate.notifyClients(method, params);
  }

  @Override
  public Mono<Void> notifyClient(String sessionId, String method, Object params) {
    return delegate.notifyClient(sessionId, method, params);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public Mono<Void> closeGracefully() {
    return delegate.closeGracefully();
  }

  @Override
  public List<String> protocolVersions() {
    return delegate.protocolVersions();
  }

  /** A session transport whose {@link #sendMessage} subscriptions never overlap. */
  static final class SerializingTransport implements McpServerTransport {
    private final McpServerTransport delegate;
    private final Object lock = new Object();

    SerializingTransport(McpServerTransport delegate) {
      this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      return Mono.create(sink -> {
        synchronized (lock) {
          delegate.sendMessage(message).subscribe(ignored -> { }, sink::error, sink::success);
        }
      });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return delegate.unmarshalFrom(data, typeRef);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return delegate.closeGracefully();
    }

    @Override
    public void close() {
      delegate.close();
    }

    @Override
    public List<String> protocolVersions() {
      return delegate.protocolVersions();
    }
  }
}
