package io.github.sentrymcp.core.internal.client;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Parses Sentry's {@code Link} pagination header. */
final class LinkHeader {
  private static final Pattern CURSOR = Pattern.compile("cursor=\"([^\"]{1,200})\"");

  private LinkHeader() {}

  static @Nullable String nextCursor(String header) {
    for (String part : header.split(",(?=\\s*<)")) {
      if (part.contains("rel=\"next\"") && part.contains("results=\"true\"")) {
        Matcher m = CURSOR.matcher(part);
        if (m.find()) {
          return m.group(1);
        }
      }
    }
    return null;
  }
}
