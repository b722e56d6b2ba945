package io.github.sentrymcp.testkit;

import java.util.ArrayList;
import java.util.List;

/** A glob over path segments: {@code *} is one segment, {@code **} any rest. */
final class PathPattern {
  private final String source;
  private final List<String> segments;

  private PathPattern(String source, List<String> segments) {
    this.source = source;
    this.segments = segments;
  }

  static PathPattern compile(String pattern) {
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("path pattern must start with '/': " + pattern);
    }
    List<String> segs = split(pattern);
    for (int i = 0; i < segs.size(); i++) {
      if (segs.get(i).equals("**") && i != segs.size() - 1) {
        throw new IllegalArgumentException("'**' is only allowed as the last segment: " + pattern);
      }
    }
    return new PathPattern(pattern, List.copyOf(segs));
  }

  /** Splits "/a/b/" into [a, b]; a trailing slash is ignored, inner empty segments are kept. */
  static List<String> split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    List<String> out = new ArrayList<>();
    if (p.isEmpty()) {
      return out;
    }
    int start = 0;
    while (true) {
      int slash = p.indexOf('/', start);
      if (slash < 0) {
        out.add(p.substring(start));
        return out;
      }
      out.add(p.substring(start, slash));
      start = slash + 1;
    }
  }

  boolean matches(List<String> pathSegments) {
    int n = segments.size();
    for (int i = 0; i < n; i++) {
      String s = segments.get(i);
      if (s.equals("**")) {
        return true;
      }
      if (i >= pathSegments.size()) {
        return false;
      }
      if (!s.equals("*") && !s.equals(pathSegments.get(i))) {
        return false;
      }
    }
    return n == pathSegments.size();
  }

  @Override
  public String toString() {
    return source;
  }
}
