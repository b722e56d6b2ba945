package io.github.sentrymcp.transport.http;

import io.github.sentrymcp.api.Session;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who sent an HTTP request, as an {@link HttpAuthenticator} decided: a stable id (for limits, session binding and
 * logs; never a secret) and the grant the principal holds, as a {@link Session}: its Sentry credential, scopes,
 * skills, tool lists and constraints. A request may only narrow that grant (a path, {@code ?skills=}), never widen it.
 *
 * @param id the principal's id: 1 to 200 printable ASCII characters without spaces
 * @param grant the principal's session: credential and grant
 */
public record HttpPrincipal(String id, Session grant) {
  private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,200}");

  /**
   * Checks the id.
   *
   * @param id the principal's id: 1 to 200 printable ASCII characters without spaces
   * @param grant the principal's session: credential and grant
   * @throws NullPointerException when a component is null
   * @throws IllegalArgumentException when the id is not 1 to 200 printable ASCII characters without spaces
   */
  public HttpPrincipal {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(grant, "grant");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("a principal id is 1 to 200 printable ASCII characters without spaces");
    }
  }

  @Override
  public String toString() {
    return "HttpPrincipal[id=" + id + "]";
  }
}
