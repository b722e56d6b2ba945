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

  Route(String method, String pattern, Handler handler) {
    this(method, pattern, handler, false);
  }

  private Route(String method, String pattern, Handler handler, boolean limitParam) {
    this.method = method;
    this.pattern = pattern;
    this.name = method + " " + pattern;
    this.segments = List.copyOf(PathPattern.split(pattern));
    this.handler = handler;
    this.limitParam = limitParam;
  }

  Route limitParam() {
    return new Route(method, pattern, handler, true);
  }

  /** The decoded path parameters if the raw path segments match, else null. */
  @Nullable Map<String, String> match(List<String> rawSegments) {
    if (rawSegments.size() != segments.size()) {
      return null;
    }
    Map<String, String> params = null;
    for (int i = 0; i < segments.size(); i++) {
      String s = segments.get(i);
      String raw = rawSegments.get(i);
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
