package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.core.internal.client.ApiRequest;
import io.github.sentrymcp.core.internal.client.ApiResponse;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.schema.Params;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Shared plumbing of the write tools (create_dsn, update_dsn and the uptime monitor tools): their annotations, the
 * resource-id rule for ids that become path segments, and sending one write with the not-found hint.
 *
 * <p>Writes go through {@link ApiRequest#post}, {@link ApiRequest#put} and {@link ApiRequest#delete} unchanged: the
 * client never retries a POST and retries a PUT or DELETE only when it provably never reached Sentry; the tools add
 * no retries of their own.
 */
public final class WriteToolSupport {
  private WriteToolSupport() {}

  /**
   * {@code W OW}: creates something new each call, destroys nothing; idempotence undeclared like the reference (MCP's
   * default, not idempotent, applies).
   */
  public static final ToolAnnotations CREATE = new ToolAnnotations(false, false, null, true);

  /** {@code W X ID OW}: changes or removes existing state; repeating the call has no further effect. */
  public static final ToolAnnotations DESTRUCTIVE_IDEMPOTENT = new ToolAnnotations(false, true, true, true);

  /**
   * Problem description for an id that becomes a path segment (slug charset, 1 to 100 characters: numeric ids,
   * 32-hex key ids, UUIDs), or null when valid. Refuses {@code /}, {@code \}, {@code %} and a leading {@code .}, so
   * {@code ../} never reaches a request.
   */
  public static @Nullable String resourceIdProblem(String value) {
    if (value.length() > 100) {
      return "must be at most 100 characters";
    }
    return Params.RESOURCE_ID.matcher(value).matches()
        ? null
        : "must be an id: letters, digits, '.', '_' or '-', starting with a letter or digit";
  }

  /**
   * Sends one write; a 404 becomes a not-found error naming the (validated) parameters.
   *
   * @param params parameter name to validated caller value, for the not-found hint
   */
  public static ApiResponse send(SentryApiClient client, ApiRequest request, Map<String, String> params,
      SessionConstraints constraints) {
    return ListToolSupport.withNotFoundHint(params, constraints, () -> client.send(request));
  }
}
