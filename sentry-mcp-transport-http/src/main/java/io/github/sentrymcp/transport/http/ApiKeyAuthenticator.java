package io.github.sentrymcp.transport.http;

import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.api.Credential;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.transport.http.internal.Secrets;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * API keys mapped to Sentry credentials the server holds: a client sends {@code Authorization: Bearer <api key>} and
 * its requests run with the key's principal and grant; the Sentry token never leaves the server.
 *
 * <p>Only SHA-256 hashes of the keys are kept. A presented key is hashed and compared with every stored hash in
 * constant time ({@link MessageDigest#isEqual}), all of them each time, so the answer time does not depend on which
 * key, or how much of one, matched. Keys, hashes and tokens are never logged.
 *
 * <p>The text form ({@link #parse}, {@link #fromFile}; one key a line, {@code #} comments):
 *
 * <pre>
 * # principal  key hash            Sentry token    grant (optional)
 * alice        sha256:&lt;64 hex&gt;  env:ALICE_SENTRY_TOKEN  scopes=org:read,event:read  skills=inspect
 * ci-bot       sha256:&lt;64 hex&gt;  file:/run/secrets/ci-token  organization=acme  add-scopes=event:write
 * </pre>
 *
 * <p>The token source is {@code env:NAME} (read once, when parsed) or {@code file:PATH} (read on use, re-read when it
 * changes). Grant options: {@code scopes}, {@code add-scopes}, {@code skills}, {@code disable-skills}, {@code tools},
 * {@code disable-tools}, {@code organization}, {@code project}; without them a key gets the read-only default grant.
 * Make a hash with {@code printf %s "$KEY" | sha256sum}.
 */
public final class ApiKeyAuthenticator implements HttpAuthenticator {
  private static final Pattern HASH = Pattern.compile("sha256:[0-9a-fA-F]{64}");

  private record Entry(byte[] hash, HttpPrincipal principal) {}

  private final List<Entry> entries;

  private ApiKeyAuthenticator(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Starts an empty set of keys.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Keys in the text form above.
   *
   * @param text the lines
   * @param env where {@code env:NAME} token sources are looked up (usually {@code System.getenv()})
   * @param source what to call the text in error messages (a file name, an environment variable)
   * @return the authenticator
   * @throws ConfigurationException listing every bad line by number (never its content)
   */
  public static ApiKeyAuthenticator parse(String text, Map<String, String> env, String source) {
    Builder b = builder();
    List<String> problems = new ArrayList<>();
    String[] lines = text.split("\r?\n|;", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " entry " + (i + 1);
      String[] parts = line.split("\\s+");
      if (parts.length < 3) {
        problems.add(where + ": expected <principal> sha256:<hex> env:NAME|file:PATH [options]");
        continue;
      }
      if (!HASH.matcher(parts[1]).matches()) {
        problems.add(where + ": the key hash must be sha256: and 64 hex digits");
        continue;
      }
      Credential credential;
      if (parts[2].startsWith("env:")) {
        String token = env.get(parts[2].substring(4));
        if (token == null || token.isBlank()) {
          problems.add(where + ": environment variable " + parts[2].substring(4) + " is not set");
          continue;
        }
        try {
          credential = Credential.of(token);
        } catch (IllegalArgumentException e) {
          problems.add(where + ": the token in " + parts[2].substring(4) + " is not printable ASCII");
          continue;
        }
      } else if (parts[2].startsWith("file:") && parts[2].length() > 5) {
        credential = Credential.fromFile(Path.of(parts[2].substring(5)));
      } else {
        problems.add(where + ": the token source must be env:NAME or file:PATH");
        continue;
      }
      Session.Builder grant = Session.builder(credential);
      try {
        grant.id(parts[0]);
        for (int j = 3; j < parts.length; j++) {
          int eq = parts[j].indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("option " + (j - 2) + " is not name=value");
          }
          String name = parts[j].substring(0, eq);
          String value = parts[j].substring(eq + 1);
          switch (name) {
            case "scopes" -> grant.scopes(value);
            case "add-scopes" -> grant.addScopes(value);
            case "skills" -> grant.skills(value);
            case "disable-skills" -> grant.disableSkills(value);
            case "tools" -> grant.tools(value);
            case "disable-tools" -> grant.disableTools(value);
            case "organization" -> grant.organizationSlug(value);
            case "project" -> grant.projectSlug(value);
            default -> throw new IllegalArgumentException("unknown option " + name);
          }
        }
        b.keyHash(parts[0], parts[1], grant.build());
      } catch (ConfigurationException e) {
        problems.add(where + ": " + String.join("; ", e.problems()));
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return b.build();
  }

  /**
   * Keys from a file in the text form above.
   *
   * @param file the file
   * @param env where {@code env:NAME} token sources are looked up (usually {@code System.getenv()})
   * @return the authenticator
   * @throws ConfigurationException when the file cannot be read, or listing every bad line by number
   */
  public static ApiKeyAuthenticator fromFile(Path file, Map<String, String> env) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException(List.of("the API key file " + file + " cannot be read"));
    }
    return parse(text, env, file.getFileName() == null ? "API key file" : file.getFileName().toString());
  }

  /**
   * How many keys are configured.
   *
   * @return the number of keys
   */
  public int size() {
    return entries.size();
  }

  @Override
  public @Nullable HttpPrincipal authenticate(HttpServletRequest request) {
    String key = Secrets.authorization(request, "Bearer");
    if (key == null) {
      return null;
    }
    byte[] presented = Secrets.sha256(key);
    HttpPrincipal found = null;
    for (Entry e : entries) { // every entry, every time: no early exit
      if (MessageDigest.isEqual(e.hash(), presented) && found == null) {
        found = e.principal();
      }
    }
    return found;
  }

  @Override
  public String toString() {
    return "ApiKeyAuthenticator[" + entries.size() + " keys]";
  }

  /** Collects keys. */
  public static final class Builder {
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> hashes = new HashSet<>();

    private Builder() {}

    /**
     * A key given by its hash ({@code sha256:} and 64 hex digits).
     *
     * @param principalId the principal the key stands for
     * @param keyHash {@code sha256:<hex>} of the key's UTF-8 bytes
     * @param grant the Sentry credential and grant of the key's requests
     * @return this builder
     * @throws IllegalArgumentException when {@code keyHash} is not {@code sha256:} and 64 hex digits, or the key is
     *     already configured
     */
    public Builder keyHash(String principalId, String keyHash, Session grant) {
      Objects.requireNonNull(keyHash, "keyHash");
      if (!HASH.matcher(keyHash).matches()) {
        throw new IllegalArgumentException("the key hash must be sha256: and 64 hex digits");
      }
      return add(principalId, HexFormat.of().parseHex(keyHash.substring(7)), grant);
    }

    /**
     * A key given in clear (hashed at once; only the hash is kept).
     *
     * @param principalId the principal the key stands for
     * @param apiKey the key, at least 16 characters
     * @param grant the Sentry credential and grant of the key's requests
     * @return this builder
     * @throws IllegalArgumentException when the key is shorter than 16 characters or already configured
     */
    public Builder key(String principalId, String apiKey, Session grant) {
      Objects.requireNonNull(apiKey, "apiKey");
      if (apiKey.length() < 16) {
        throw new IllegalArgumentException("an API key must have at least 16 characters");
      }
      return add(principalId, Secrets.sha256(apiKey), grant);
    }

    private Builder add(String principalId, byte[] hash, Session grant) {
      if (!hashes.add(HexFormat.of().formatHex(hash))) {
        throw new IllegalArgumentException("the same API key is configured twice");
      }
      entries.add(new Entry(hash, new HttpPrincipal(principalId, grant.withId(principalId))));
      return this;
    }

    /**
     * Builds the authenticator.
     *
     * @return the authenticator
     */
    public ApiKeyAuthenticator build() {
      return new ApiKeyAuthenticator(entries);
    }
  }
}
