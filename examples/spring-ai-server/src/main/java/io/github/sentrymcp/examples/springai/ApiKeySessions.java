package io.github.sentrymcp.examples.springai;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.modelcontextprotocol.SessionResolver;
import io.github.sentrymcp.springai.SentryMcpAutoConfiguration;
import io.modelcontextprotocol.common.McpTransportContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which Sentry session an MCP request runs for: the user whose API key the request's {@code Authorization: Bearer}
 * header carries. The auto-configuration puts the header into each request's MCP context under {@link
 * SentryMcpAutoConfiguration#AUTHORIZATION_KEY}; an application with Spring Security would read {@link
 * SentryMcpAutoConfiguration#PRINCIPAL_KEY} instead. Keys are compared by their SHA-256 in constant time.
 */
public final class ApiKeySessions implements SessionResolver {
  private record Entry(byte[] keyHash, Session session) {}

  private final List<Entry> entries;

  /**
   * One session per configured user, id = the user's name.
   *
   * @param users the users
   */
  public ApiKeySessions(ExampleUsers users) {
    List<Entry> list = new ArrayList<>();
    for (Map.Entry<String, ExampleUsers.User> e : users.all().entrySet()) {
      ExampleUsers.User u = e.getValue();
      Session session = Session.builder(AccessToken.of(u.sentryToken())).id(e.getKey()).addScopes(u.scopes()).build();
      list.add(new Entry(sha256(u.apiKey()), session));
    }
    this.entries = List.copyOf(list);
  }

  @Override
  public Session resolve(McpTransportContext context) {
    Object header = context.get(SentryMcpAutoConfiguration.AUTHORIZATION_KEY);
    if (header instanceof String value && value.length() > 7
        && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      byte[] presented = sha256(value.substring(7).strip());
      Session found = null;
      for (Entry e : entries) { // every entry is compared: the time does not tell which key matched
        if (MessageDigest.isEqual(e.keyHash(), presented)) {
          found = e.session();
        }
      }
      if (found != null) {
        return found;
      }
    }
    throw new SentryMcpException(ErrorKind.AUTHENTICATION,
        "Unknown or missing API key: send 'Authorization: Bearer <your API key>'.");
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
