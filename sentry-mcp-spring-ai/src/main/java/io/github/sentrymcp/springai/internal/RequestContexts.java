package io.github.sentrymcp.springai.internal;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.RequestOrigin;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.modelcontextprotocol.SentryMcpToolSpecs;
import io.modelcontextprotocol.common.McpTransportContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.function.ServerRequest;

/** What the WebMVC transports put into each request's MCP transport context, and the client-token session. */
public final class RequestContexts {
  /** The request's single {@code Authorization} header. */
  public static final String AUTHORIZATION_KEY = "io.github.sentrymcp.spring/authorization";

  /** The request's authenticated {@link java.security.Principal}. */
  public static final String PRINCIPAL_KEY = "io.github.sentrymcp.spring/principal";

  private static final String CLIENT_TOKEN_SCHEME = "sentry-bearer ";

  private RequestContexts() {}

  /** The MCP transport context of a WebMVC request. */
  public static McpTransportContext of(ServerRequest request) {
    Map<String, Object> context = new HashMap<>();
    List<String> authorization = request.headers().header("Authorization");
    if (authorization.size() == 1 && authorization.get(0) != null) {
      context.put(AUTHORIZATION_KEY, authorization.get(0));
    }
    request.principal().ifPresent(p -> context.put(PRINCIPAL_KEY, p));
    context.put(SentryMcpToolSpecs.TRANSPORT_KEY, "http");
    RequestOrigin.Builder origin = RequestOrigin.builder("tools/call").networkTransport("tcp")
        .networkProtocol("http", null)
        .mcpSessionId(request.headers().firstHeader("Mcp-Session-Id"))
        .protocolVersion(request.headers().firstHeader("MCP-Protocol-Version"));
    InetSocketAddress remote = request.remoteAddress().orElse(null);
    if (remote != null && remote.getAddress() != null) {
      origin.client(remote.getAddress().getHostAddress(), remote.getPort());
    }
    context.put(SentryMcpToolSpecs.ORIGIN_KEY, origin.build());
    return McpTransportContext.create(context);
  }

  /**
   * The session of a client's own Sentry token ({@code Authorization: Sentry-Bearer <token>}): the default grant, the
   * id {@code sentry-token-} and the first 16 hex digits of the token's SHA-256 (never the token).
   *
   * @throws SentryMcpException (authentication) when the request carries no such token
   */
  public static Session clientTokenSession(McpTransportContext context) {
    String token = credential(context.get(AUTHORIZATION_KEY));
    if (token == null) {
      throw new SentryMcpException(ErrorKind.AUTHENTICATION,
          "This request carries no Sentry token: send 'Authorization: Sentry-Bearer <token>'.");
    }
    String id = "sentry-token-" + sha256Hex(token).substring(0, 16);
    return Session.builder(AccessToken.of(token)).id(id).build();
  }

  /** The credential of a {@code Sentry-Bearer} authorization value: printable ASCII without spaces, else null. */
  static @Nullable String credential(@Nullable Object header) {
    if (!(header instanceof String value) || value.length() <= CLIENT_TOKEN_SCHEME.length()
        || !value.substring(0, CLIENT_TOKEN_SCHEME.length()).toLowerCase(Locale.ROOT).equals(CLIENT_TOKEN_SCHEME)) {
      return null;
    }
    String token = value.substring(CLIENT_TOKEN_SCHEME.length()).strip();
    if (token.isEmpty() || token.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
      return null;
    }
    return token;
  }

  private static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
