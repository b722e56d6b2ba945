package io.github.sentrymcp.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The server's version: the jar manifest's {@code Implementation-Version}, else the bundled version resource. */
public final class Version {
  private static final String RESOURCE = "/io/github/sentrymcp/server/version.properties";

  private Version() {}

  /** For example {@code 0.1.0}; {@code unknown} if neither source has it. */
  public static String get() {
    Package p = Version.class.getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    if (v != null && !v.isBlank()) {
      return v.strip();
    }
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        Properties props = new Properties();
        props.load(in);
        String fromResource = props.getProperty("version");
        if (fromResource != null && !fromResource.isBlank() && !fromResource.startsWith("${")) {
          return fromResource.strip();
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "unknown";
  }
}
