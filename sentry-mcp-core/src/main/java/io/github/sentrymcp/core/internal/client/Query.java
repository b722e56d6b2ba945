package io.github.sentrymcp.core.internal.client;

import io.github.sentrymcp.api.result.Untrusted;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Query parameters in order; repeated names allowed. Values are percent-encoded when the request is built. */
public final class Query {
  private final List<Map.Entry<String, String>> params = new ArrayList<>();

  private Query() {}

  public static Query create() {
    return new Query();
  }

  /** Adds a parameter; a null value is skipped. */
  public Query add(String name, @Nullable String value) {
    if (value != null) {
      params.add(Map.entry(name, value));
    }
    return this;
  }

  public Query add(String name, @Nullable Untrusted value) {
    if (value != null) {
      params.add(Map.entry(name, value.rawValue()));
    }
    return this;
  }

  public Query add(String name, long value) {
    params.add(Map.entry(name, Long.toString(value)));
    return this;
  }

  public boolean isEmpty() {
    return params.isEmpty();
  }

  /** Encoded form without the leading {@code ?}. */
  public String encoded() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : params) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(ApiPath.percentEncode(e.getKey())).append('=').append(ApiPath.percentEncode(e.getValue()));
    }
    return sb.toString();
  }

  /** Parameter names only, for logs (values may be secrets or Sentry text). */
  public List<String> names() {
    return params.stream().map(Map.Entry::getKey).toList();
  }
}
