package io.github.sentrymcp.examples.springai;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The application's users ({@code example.users.<name>.*}): the API key an MCP client sends for the user, the user's
 * Sentry token (held by the server, never sent by a client), and Sentry scopes beyond the default read-only ones.
 *
 * @param users the users by name
 */
@ConfigurationProperties(prefix = "example")
public record ExampleUsers(@Nullable Map<String, User> users) {

  /**
   * One user.
   *
   * @param apiKey what the user's MCP client sends as {@code Authorization: Bearer <apiKey>}
   * @param sentryToken the user's Sentry user token
   * @param scopes extra Sentry scopes, comma separated (such as {@code event:write}), or none
   */
  public record User(String apiKey, String sentryToken, @Nullable String scopes) {
    /** Never shows the key or the token. */
    @Override
    public String toString() {
      return "User[apiKey=***, sentryToken=***, scopes=" + scopes + "]";
    }
  }

  /** The users by name, none when none are configured. */
  public Map<String, User> all() {
    return users == null ? Map.of() : new TreeMap<>(users);
  }
}
