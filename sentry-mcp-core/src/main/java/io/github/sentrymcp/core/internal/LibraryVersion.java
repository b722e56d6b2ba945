package io.github.sentrymcp.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This library's version, from the version resource Maven writes into the core jar. */
public final class LibraryVersion {
  private static final String RESOURCE = "/io/github/sentrymcp/core/version.properties";
  private static final String VERSION = load();

  private LibraryVersion() {}

  /** For example {@code 0.1.0}; {@code unknown} when the resource is missing or was not filtered. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = LibraryVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        Properties props = new Properties();
        props.load(in);
        String v = props.getProperty("version");
        if (v != null && !v.isBlank() && !v.startsWith("${")) {
          return v.strip();
        }
      }
    } catch (IOException e) {
      // unknown
    }
    return "unknown";
  }
}
