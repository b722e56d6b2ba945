package io.github.sentrymcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The device-login token cache: a JSON object in {@code ~/.sentry/mcp.json} (or {@code SENTRY_MCP_AUTH_CACHE}) whose
 * keys are {@code "<host>:<clientId>"} and whose values hold {@code access_token}, {@code refresh_token}, {@code
 * expires_at} (ISO-8601), {@code scope}, {@code sentry_host}, {@code client_id} and {@code user {id, email}}; other
 * keys are kept as they are. The directory is created with mode 0700 and the file with 0600, each from its creation;
 * a write goes to a new temporary file in the same directory that then atomically replaces the cache. A cache file
 * that group or others may access in any way, or a directory they may, is refused with an error naming the {@code
 * chmod} that fixes it: the mode is not repaired silently, as the token may already have been read. Nothing here
 * ever prints a token.
 */
final class TokenCache {

  /** A cached entry counts as expired this long before its {@code expires_at} (the reference's margin). */
  static final Duration EXPIRY_MARGIN = Duration.ofMinutes(5);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<PosixFilePermission> FILE_MODE =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final Set<PosixFilePermission> DIR_MODE = EnumSet.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  /** A problem with the cache file, in a sentence fit for the user (never a token). */
  static final class CacheException extends Exception {
    private static final long serialVersionUID = 1L;

    CacheException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * One cached login.
   *
   * @param accessToken the Sentry OAuth access token
   * @param refreshToken its refresh token, or null
   * @param expiresAt when the access token expires
   * @param scope the scopes granted ({@code ""} when unknown)
   * @param userId the Sentry user's id ({@code ""} when unknown)
   * @param userEmail the Sentry user's email ({@code ""} when unknown)
   */
  record Entry(String accessToken, @Nullable String refreshToken, Instant expiresAt, String scope, String userId,
      String userEmail) {

    /** Whether the access token is still good for at least the {@link #EXPIRY_MARGIN}. */
    boolean usable(Instant now) {
      return now.plus(EXPIRY_MARGIN).isBefore(expiresAt);
    }

    @Override
    public String toString() {
      return "Entry[" + userEmail + ", expires " + expiresAt + "]"; // never the tokens
    }
  }

  private final Path file;

  TokenCache(Path file) {
    this.file = file.toAbsolutePath();
  }

  /** {@code SENTRY_MCP_AUTH_CACHE}, else {@code ~/.sentry/mcp.json}. */
  static TokenCache forEnvironment(Map<String, String> env) throws CacheException {
    String override = Main.envValue(env, "SENTRY_MCP_AUTH_CACHE");
    try {
      return new TokenCache(override != null ? Path.of(override)
          : Path.of(System.getProperty("user.home"), ".sentry", "mcp.json"));
    } catch (InvalidPathException e) {
      throw new CacheException("SENTRY_MCP_AUTH_CACHE is not a valid path");
    }
  }

  Path file() {
    return file;
  }

  /** The entry for this key, or null when there is none (or no cache file). */
  @Nullable Entry read(String key) throws CacheException {
    JsonNode e = load().get(key);
    if (e == null || !e.isObject()) {
      return null;
    }
    String access = e.path("access_token").asText("");
    Instant expiresAt;
    try {
      expiresAt = Instant.parse(e.path("expires_at").asText(""));
    } catch (DateTimeParseException ex) {
      throw new CacheException("the token cache " + shown() + " has an entry without a valid expires_at; run"
          + " 'sentry-mcp-server auth logout' and log in again");
    }
    if (access.isEmpty()) {
      throw new CacheException("the token cache " + shown() + " has an entry without an access token; run"
          + " 'sentry-mcp-server auth logout' and log in again");
    }
    String refresh = e.path("refresh_token").asText("");
    return new Entry(access, refresh.isEmpty() ? null : refresh, expiresAt, e.path("scope").asText(""),
        e.path("user").path("id").asText(""), e.path("user").path("email").asText(""));
  }

  /** Stores the entry under this key, keeping every other entry. */
  void write(String key, String host, String clientId, Entry entry) throws CacheException {
    ObjectNode root = load();
    ObjectNode e = root.putObject(key);
    e.put("access_token", entry.accessToken());
    if (entry.refreshToken() != null) {
      e.put("refresh_token", entry.refreshToken());
    }
    e.put("expires_at", entry.expiresAt().toString());
    e.put("scope", entry.scope());
    e.put("sentry_host", host);
    e.put("client_id", clientId);
    e.putObject("user").put("id", entry.userId()).put("email", entry.userEmail());
    store(root);
  }

  /** Removes the entry; true when there was one. */
  boolean remove(String key) throws CacheException {
    ObjectNode root = load();
    if (root.remove(key) == null) {
      return false;
    }
    store(root);
    return true;
  }

  // ------------------------------------------------------------------ file handling

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  private String shown() {
    return Main.printable(file.toString(), 400);
  }

  private ObjectNode load() throws CacheException {
    Path dir = file.getParent();
    if (dir != null && Files.isDirectory(dir)) {
      checkMode(dir, true);
    }
    byte[] bytes;
    try {
      if (Files.isSymbolicLink(file)) {
        throw new CacheException("the token cache " + shown() + " is a symbolic link; refusing to use it");
      }
      checkMode(file, false);
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return JSON.createObjectNode();
    } catch (AccessDeniedException e) {
      throw new CacheException("the token cache " + shown() + " is not readable (permission denied)");
    } catch (IOException e) {
      throw new CacheException("cannot read the token cache " + shown());
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new CacheException("the token cache " + shown() + " is not valid JSON; delete it and log in again");
    }
    if (root == null || root.isMissingNode()) {
      return JSON.createObjectNode();
    }
    if (!root.isObject()) {
      throw new CacheException("the token cache " + shown() + " is not a JSON object; delete it and log in again");
    }
    return (ObjectNode) root;
  }

  /** Refuses a file or directory that group or others may access. */
  private void checkMode(Path p, boolean directory) throws CacheException {
    if (!posix()) {
      return;
    }
    Set<PosixFilePermission> mode;
    try {
      mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new CacheException("cannot read the permissions of " + Main.printable(p.toString(), 400));
    }
    if (!java.util.Collections.disjoint(mode, GROUP_OR_OTHERS)) {
      throw new CacheException((directory ? "the token cache directory " : "the token cache ")
          + Main.printable(p.toString(), 400) + " is accessible by other users (mode "
          + PosixFilePermissions.toString(mode) + "); refusing to use it. Fix it with 'chmod "
          + (directory ? "700 " : "600 ") + Main.printable(p.toString(), 400) + "'"
          + (directory ? "" : ", and as its token may have been read, log out and in again"));
    }
  }

  private void store(ObjectNode root) throws CacheException {
    Path dir = file.getParent();
    if (dir == null) {
      throw new CacheException("the token cache path " + shown() + " has no directory");
    }
    boolean posix = posix();
    try {
      if (!Files.isDirectory(dir)) {
        if (posix) {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
        } else {
          Files.createDirectories(dir);
        }
      }
    } catch (IOException e) {
      throw new CacheException("cannot create the token cache directory " + Main.printable(dir.toString(), 400));
    }
    checkMode(dir, true);
    byte[] bytes;
    try {
      bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new CacheException("cannot encode the token cache");
    }
    byte[] nonce = new byte[8];
    new SecureRandom().nextBytes(nonce);
    Path tmp = dir.resolve("." + file.getFileName() + "." + HexFormat.of().formatHex(nonce) + ".tmp");
    FileAttribute<?>[] attrs = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
        : new FileAttribute<?>[0];
    try {
      try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          attrs)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (FileAlreadyExistsException e) {
      throw new CacheException("cannot write the token cache " + shown() + " (temporary file exists)");
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort
      }
      throw new CacheException("cannot write the token cache " + shown());
    }
  }
}
