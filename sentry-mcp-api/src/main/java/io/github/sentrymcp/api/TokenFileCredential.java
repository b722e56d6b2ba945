package io.github.sentrymcp.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** {@link Credential#fromFile}: the token in a file, re-read when the file changes. */
final class TokenFileCredential implements Credential {
  private final Path file;
  private @Nullable Snapshot snapshot;

  private record Snapshot(long size, long modifiedMillis, Object fileKey, AccessToken token) {}

  TokenFileCredential(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  @Override
  public synchronized String token() {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException | SecurityException e) {
      throw unreadable();
    }
    Object key = attrs.fileKey() == null ? "" : attrs.fileKey();
    Snapshot s = snapshot;
    if (s != null && s.size() == attrs.size() && s.modifiedMillis() == attrs.lastModifiedTime().toMillis()
        && s.fileKey().equals(key)) {
      return s.token().token();
    }
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
      throw unreadable();
    }
    AccessToken token;
    try {
      token = AccessToken.of(content);
    } catch (IllegalArgumentException e) {
      throw new SentryMcpException(ErrorKind.AUTHENTICATION,
          "The access token file does not hold one token of printable characters.");
    }
    snapshot = new Snapshot(attrs.size(), attrs.lastModifiedTime().toMillis(), key, token);
    return token.token();
  }

  private static SentryMcpException unreadable() {
    return new SentryMcpException(ErrorKind.AUTHENTICATION, "The access token file cannot be read.");
  }

  @Override
  public String toString() {
    return "Credential[token file, redacted]";
  }
}
