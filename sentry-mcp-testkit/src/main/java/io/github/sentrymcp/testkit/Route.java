package io.github.sentrymcp.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One route of the fake API: method + pattern with {@code {name}} segments + handler. */
final class Route {
  interface Handler {
    Reply handle(Call call);
  }

  final String method;
  final String pattern;
  final String name;
  private final List<String> segments;
  final Handler handler;
  /** Whether a paged answer also honours {@code limit} (issue lists) when {@code per_page} is absent. */
  final boolean limitParam;
  /** Whether the route answers without a token (the public docs service and docs pages, not Sentry's API). */
  final boolean open;

  Route(String method, String pattern, Handler handler) {
    this(method, pattern, handler, false, false);
  }

  private Route(String method, String pattern, Handler handler, boolean limitParam, boolean open) {
    this.method = method;
    this.pattern = pattern;
    this.name = method + " " + pattern;
    this.segments = List.copyOf(PathPattern.split(pattern));
    this.handler = handler;
    this.limitParam = limitParam;
    this.open = open;
  }

  Route limitParam() {
    return new Route(method, pattern, handler, true, open);
  }

  /** This route, answering without a token. */
  Route open() {
    return new Route(method, pattern, handler, limitParam, true);
  }

  /**
   * The decoded path parameters if the raw path segments match, else null. A last segment {@code {name+suffix}}
   * (e.g. {@code {path+.md}}) takes the rest of the path (one or more segments, joined with {@code /}, not decoded)
   * when it ends with the suffix and is not under {@code /api/}, Sentry's namespace.
   */
  @Nullable Map<String, String> match(List<String> rawSegments) {
    String last = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    int plus = last.startsWith("{") ? last.indexOf('+') : -1;
    boolean tail = plus > 0;
    if (tail ? rawSegments.size() < segments.size() : rawSegments.size() != segments.size()) {
      return null;
    }
    if (tail && (rawSegments.get(0).equals("api")
        || !rawSegments.get(rawSegments.size() - 1).endsWith(last.substring(plus + 1, last.length() - 1)))) {
      return null;
    }
    Map<String, String> params = null;
    for (int i = 0; i < segments.size(); i++) {
      String s = segments.get(i);
      String raw = rawSegments.get(i);
      if (tail && i == segments.size() - 1) {
        if (params == null) {
          params = new LinkedHashMap<>();
        }
        params.put(s.substring(1, plus), String.join("/", rawSegments.subList(i, rawSegments.size())));
        break;
      }
      if (s.startsWith("{")) {
        if (raw.isEmpty()) {
          return null;
        }
        if (params == null) {
          params = new LinkedHashMap<>();
        }
        params.put(s.substring(1, s.length() - 1), Http.percentDecode(raw));
      } else if (!s.equals(raw)) {
        return null;
      }
    }
    return params == null ? Map.of() : params;
  }
}
