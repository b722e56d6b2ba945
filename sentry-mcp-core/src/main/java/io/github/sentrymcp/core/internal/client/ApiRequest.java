package io.github.sentrymcp.core.internal.client;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One Sentry API request. {@code jsonBody} is a JSON-compatible value (Map, List, String, Number, Boolean) or null;
 * it may also hold {@link io.github.sentrymcp.api.result.Untrusted} values (Sentry text sent back to Sentry, such as
 * the slug of a project just created), which are written as their text. Only idempotent requests are retried
 * automatically.
 */
public record ApiRequest(String method, ApiPath path, Query query, @Nullable Object jsonBody, boolean idempotent) {

  public ApiRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(query, "query");
  }

  public static ApiRequest get(ApiPath path, Query query) {
    return new ApiRequest("GET", path, query, null, true);
  }

  public static ApiRequest get(ApiPath path) {
    return get(path, Query.create());
  }

  /** POST is never retried. */
  public static ApiRequest post(ApiPath path, Object jsonBody) {
    return new ApiRequest("POST", path, Query.create(), jsonBody, false);
  }

  /** PUT: retried only when the request provably did not reach Sentry or Sentry asked for a retry. */
  public static ApiRequest put(ApiPath path, Object jsonBody) {
    return new ApiRequest("PUT", path, Query.create(), jsonBody, true);
  }

  public static ApiRequest delete(ApiPath path) {
    return new ApiRequest("DELETE", path, Query.create(), null, true);
  }

  /** {@code METHOD /template/}: safe for logs and error messages. */
  public String endpoint() {
    return method + " " + path.template();
  }
}
