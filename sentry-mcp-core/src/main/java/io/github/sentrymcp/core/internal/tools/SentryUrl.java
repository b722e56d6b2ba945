package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.schema.Params;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a Sentry web URL names: the kind of resource, the organization in its path and the identifiers the tool
 * for that kind takes. It reads the path and query only; whether the host may be named at all is decided by the API
 * client ({@code SentryApiClient#webUrlOrganization}), which the tool asks first.
 *
 * <p>Everything here is caller input and nothing is sent anywhere. The input is refused rather than normalised when
 * it is unusual: more than {@value #MAX_LENGTH} characters, anything but printable ASCII, {@code @} or a backslash
 * anywhere, a scheme other than {@code http(s)}, a {@code .} or {@code ..} path segment (also as {@code %2e}),
 * malformed percent-encoding or a repeated query parameter that is read. Every identifier returned passes the rule
 * of the parameter it becomes (slug, issue id, 32 hex, resource id, ...), so it is safe in a path and in server
 * text; error messages never repeat the URL. The fragment is ignored.
 *
 * <p>The organization comes from {@code /organizations/<org>/...}, else from {@code /<org>/<section>/...} where the
 * section is one of Sentry's top-level pages ({@link #SECTIONS}). The patterns, in the order they are tried:
 * {@code profiling/profile/<project>/<profileId>} or {@code .../<project>/flamegraph?profilerId=} (profile), {@code
 * explore/conversations/<id>} (AI conversation), {@code replays/<id>} (replay), {@code crons|monitors/[<project>/]<slug>}
 * (monitor), {@code releases/<version>} (release), {@code trace/<traceId>} with {@code node=span-<spanId>} (trace or
 * span), {@code performance/.../summary?transaction=} (performance summary), {@code issues/<id>[/events/<eventId>]}
 * (issue or event) and {@code preprod/snapshots/<id>[?selectedSnapshot=]} (snapshot).
 */
public final class SentryUrl {

  /** Longest accepted URL. */
  public static final int MAX_LENGTH = 2048;

  /** Sentry's top-level pages: {@code /<org>/<one of these>/...} names the organization in its first segment. */
  static final Set<String> SECTIONS = Set.of("issues", "explore", "performance", "projects", "settings", "replays",
      "releases", "crons", "monitors", "alerts", "feedback", "dashboards", "discover", "insights", "preprod");

  private static final Pattern HEX16 = Pattern.compile("[0-9a-fA-F]{16}");
  private static final Pattern TIMESTAMP = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?)?");
  private static final Pattern RELEASE_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+:-]{0,199}");
  private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,199}");
  private static final Set<String> LATEST_EVENT = Set.of("latest", "oldest", "recommended");

  /** What a URL names. */
  public enum Kind {
    ISSUE("issue"),
    EVENT("event"),
    TRACE("trace"),
    SPAN("span"),
    PROFILE("profile"),
    AI_CONVERSATION("ai_conversation"),
    REPLAY("replay"),
    MONITOR("monitor"),
    RELEASE("release"),
    SNAPSHOT("snapshot"),
    PERFORMANCE_SUMMARY("performance summary");

    /** The name callers see ({@code resourceType} values for the kinds it has). */
    public final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /**
   * A parsed URL.
   *
   * @param kind what it names
   * @param organizationSlug the organization in its path (validated slug), or null when the path names none
   * @param params the validated identifiers, named as the target tool's parameters ({@code issueId}, {@code eventId},
   *     {@code traceId}, {@code spanId}, {@code projectSlugOrId}, {@code profileId}, {@code profilerId}, {@code
   *     start}, {@code end}, {@code conversationId}, {@code project}, {@code replayId}, {@code monitorSlug}, {@code
   *     version}, {@code snapshotId}, {@code imageIdentifier})
   */
  public record Parsed(Kind kind, @Nullable String organizationSlug, Map<String, String> params) {}

  private SentryUrl() {}

  /**
   * Parses a Sentry web URL.
   *
   * @throws SentryMcpException invalid input, with a fixed message that does not repeat the URL
   */
  public static Parsed parse(String url) {
    String s = Params.trimAsciiWhitespace(url);
    if (s.length() > MAX_LENGTH) {
      throw invalid("The url must be at most " + MAX_LENGTH + " characters.");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw invalid("The url may contain only printable ASCII characters, without spaces.");
      }
      if (c == '@' || c == '\\') {
        throw invalid("The url must not contain user information, '@' or backslashes.");
      }
    }
    String lower = s.toLowerCase(Locale.ROOT);
    int schemeEnd = lower.startsWith("https://") ? 8 : lower.startsWith("http://") ? 7 : -1;
    if (schemeEnd < 0) {
      throw invalid("The url must be an http:// or https:// URL.");
    }
    String rest = s.substring(schemeEnd);
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      rest = rest.substring(0, hash);
    }
    int authorityEnd = indexOfAny(rest, "/?");
    if (authorityEnd == 0 || rest.isEmpty()) {
      throw invalid("The url has no host.");
    }
    String afterAuthority = authorityEnd < 0 ? "" : rest.substring(authorityEnd);
    int q = afterAuthority.indexOf('?');
    String path = q < 0 ? afterAuthority : afterAuthority.substring(0, q);
    Query query = Query.parse(q < 0 ? "" : afterAuthority.substring(q + 1));

    List<String> segments = new ArrayList<>();
    for (String seg : path.split("/", -1)) {
      String dots = seg.toLowerCase(Locale.ROOT).replace("%2e", ".");
      if (dots.equals(".") || dots.equals("..")) {
        throw invalid("The url must not contain '.' or '..' path segments.");
      }
      if (!seg.isEmpty()) {
        segments.add(seg);
      }
    }

    String org = null;
    List<String> p = segments;
    if (segments.size() >= 2 && segments.get(0).equals("organizations")) {
      org = segments.get(1);
      p = segments.subList(2, segments.size());
    } else if (segments.size() >= 2 && !SECTIONS.contains(segments.get(0)) && SECTIONS.contains(segments.get(1))
        && !segments.get(0).equals("organizations")) {
      org = segments.get(0);
      p = segments.subList(1, segments.size());
    }
    if (org != null && Params.slugProblem(org) != null) {
      throw invalid("The url names an organization that is not a valid slug.");
    }
    Map<String, String> params = new LinkedHashMap<>();
    Kind kind = match(p, query, params);
    return new Parsed(kind, org, Collections.unmodifiableMap(params));
  }

  private static Kind match(List<String> p, Query query, Map<String, String> out) {
    int i = indexOf(p, "profiling", "profile");
    if (i >= 0 && i + 3 < p.size()) {
      out.put("projectSlugOrId", checked(p.get(i + 2), Params.slugOrIdProblem(p.get(i + 2)), "project"));
      String id = p.get(i + 3);
      if (id.equals("flamegraph")) {
        String profiler = query.required("profilerId", "a continuous profile URL");
        out.put("profilerId", checked(profiler, Params.resourceIdProblem(profiler), "profiler id"));
        putTimes(query, out);
      } else {
        out.put("profileId", checked(id, Params.resourceIdProblem(id), "profile id"));
      }
      return Kind.PROFILE;
    }
    i = indexOf(p, "explore", "conversations");
    if (i >= 0 && i + 2 < p.size()) {
      String id = p.get(i + 2);
      out.put("conversationId", checked(id, Params.resourceIdProblem(id), "conversation id"));
      String project = query.get("project");
      if (project != null) {
        out.put("project", checked(project, Params.slugOrIdProblem(project), "project"));
      }
      putTimes(query, out);
      return Kind.AI_CONVERSATION;
    }
    i = indexOf(p, "replays");
    if (i >= 0 && i + 1 < p.size() && !p.get(i + 1).equals("selectors")) {
      String id = p.get(i + 1);
      out.put("replayId", checked(id, Params.resourceIdProblem(id), "replay id"));
      return Kind.REPLAY;
    }
    i = monitorIndex(p);
    if (i >= 0) {
      String first = p.get(i + 1);
      boolean withProject = i + 2 < p.size() && !isMonitorPage(p.get(i + 2));
      String slug = withProject ? p.get(i + 2) : first;
      if (withProject) {
        out.put("projectSlugOrId", checked(first, Params.slugOrIdProblem(first), "project"));
      }
      out.put("monitorSlug", checked(slug, Params.slugProblem(slug), "monitor slug"));
      return Kind.MONITOR;
    }
    i = indexOf(p, "releases");
    if (i >= 0 && i + 1 < p.size() && !p.get(i + 1).equals("new-events") && !p.get(i + 1).equals("all-events")) {
      String version = decode(p.get(i + 1));
      if (version == null || !RELEASE_VERSION.matcher(version).matches()) {
        throw invalid("The url does not contain a valid release version.");
      }
      out.put("version", version);
      return Kind.RELEASE;
    }
    i = indexOf(p, "trace");
    if (i >= 0 && i + 1 < p.size()) {
      String traceId = p.get(i + 1);
      out.put("traceId", checked(traceId, hex32Problem(traceId), "trace id"));
      String node = query.get("node");
      if (node != null && node.startsWith("span-")) {
        String spanId = node.substring("span-".length());
        if (!HEX16.matcher(spanId).matches()) {
          throw invalid("The url does not contain a valid span id (16 hexadecimal characters).");
        }
        out.put("spanId", spanId);
        return Kind.SPAN;
      }
      return Kind.TRACE;
    }
    i = indexOf(p, "performance");
    if (i >= 0 && p.subList(i, p.size()).contains("summary") && query.get("transaction") != null) {
      return Kind.PERFORMANCE_SUMMARY;
    }
    i = indexOf(p, "issues");
    if (i >= 0 && i + 1 < p.size()) {
      String issueId = Params.canonicalIssueId(p.get(i + 1));
      if (issueId == null) {
        throw invalid("The url does not contain a valid issue id (numeric, or a short id such as PROJECT-1Z43).");
      }
      out.put("issueId", issueId);
      if (i + 3 < p.size() && p.get(i + 2).equals("events") && !LATEST_EVENT.contains(p.get(i + 3))) {
        String eventId = p.get(i + 3);
        out.put("eventId", checked(eventId, hex32Problem(eventId), "event id"));
        return Kind.EVENT;
      }
      return Kind.ISSUE;
    }
    i = indexOf(p, "preprod", "snapshots");
    if (i >= 0 && i + 2 < p.size()) {
      String id = p.get(i + 2);
      out.put("snapshotId", checked(id, Params.resourceIdProblem(id), "snapshot id"));
      String image = query.get("selectedSnapshot");
      if (image != null) {
        if (!IMAGE.matcher(image).matches() || image.contains("//")
            || List.of(image.split("/", -1)).stream().anyMatch(x -> x.equals("..") || x.equals("."))) {
          throw invalid("The url's selectedSnapshot is not a valid image file name.");
        }
        out.put("imageIdentifier", image);
      }
      return Kind.SNAPSHOT;
    }
    throw invalid("Could not tell what the url names. Recognised: issue, event, trace (and span), profile, AI"
        + " conversation, replay, monitor, release and preprod snapshot URLs of Sentry's web UI.");
  }

  /** The index of {@code crons} or {@code monitors} followed by a monitor (not {@code new}, {@code details}, ...). */
  private static int monitorIndex(List<String> p) {
    for (int i = 0; i + 1 < p.size(); i++) {
      String s = p.get(i);
      if ((s.equals("crons") || s.equals("monitors")) && !isMonitorPage(p.get(i + 1))
          && !p.get(i + 1).equals("alerts")) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isMonitorPage(String segment) {
    return segment.equals("new") || segment.equals("details");
  }

  private static void putTimes(Query query, Map<String, String> out) {
    for (String key : List.of("start", "end")) {
      String v = query.get(key);
      if (v != null) {
        if (v.length() > 40 || !TIMESTAMP.matcher(v).matches()) {
          throw invalid("The url's " + key + " is not an ISO-8601 timestamp.");
        }
        out.put(key, v);
      }
    }
  }

  /**
   * A URL given to a tool's own URL parameter ({@code replayUrl}, {@code profileUrl}, ...), read as {@link #parse}
   * does after the client has accepted its host ({@link SentryApiClient#webUrlOrganization}). The organization comes
   * from the path or the host and must equal {@code organizationSlug} when that is given (under an organization
   * constraint it is the session's); under a project constraint a project slug in the URL must be that project
   * (numeric project ids are left to the tool's own check). Nothing is sent.
   *
   * @return the parsed URL, its organization always set
   * @throws SentryMcpException invalid input, with a fixed message that does not repeat the URL
   */
  public static Parsed resolve(String url, SentryApiClient api, @Nullable String organizationSlug,
      SessionConstraints constraints) {
    String hostOrg = api.webUrlOrganization(url);
    Parsed parsed = parse(url);
    String urlOrg = parsed.organizationSlug();
    if (urlOrg != null && hostOrg != null && !urlOrg.equals(hostOrg)) {
      throw invalid("The url names two different organizations.");
    }
    urlOrg = urlOrg != null ? urlOrg : hostOrg;
    String org;
    if (urlOrg == null) {
      if (organizationSlug == null) {
        throw invalid("The url does not name an organization; pass organizationSlug as well.");
      }
      org = organizationSlug;
    } else {
      if (constraints.organizationSlug() != null && !urlOrg.equals(constraints.organizationSlug())) {
        throw invalid("URL is outside the active organization constraint.");
      }
      if (organizationSlug != null && !urlOrg.equals(organizationSlug)) {
        throw invalid("The organization in the url does not match organizationSlug.");
      }
      org = urlOrg;
    }
    String project = parsed.params().get("projectSlugOrId");
    if (project != null && constraints.projectSlug() != null && !project.chars().allMatch(Character::isDigit)
        && !project.equals(constraints.projectSlug())) {
      throw invalid("URL is outside the active project constraint.");
    }
    return new Parsed(parsed.kind(), org, parsed.params());
  }

  public static @Nullable String hex32Problem(String v) {
    return Params.HEX32.matcher(v).matches() ? null : "must be 32 hexadecimal characters";
  }

  private static String checked(String value, @Nullable String problem, String what) {
    if (problem != null) {
      throw invalid("The url does not contain a valid " + what + " (it " + problem + ").");
    }
    return value;
  }

  private static int indexOf(List<String> p, String... run) {
    for (int i = 0; i + run.length <= p.size(); i++) {
      boolean all = true;
      for (int j = 0; j < run.length && all; j++) {
        all = p.get(i + j).equals(run[j]);
      }
      if (all) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** Strict percent-decoding to UTF-8 ({@code +} stays {@code +}); null when malformed. */
  static @Nullable String decode(String s) {
    return decode(s, false);
  }

  private static @Nullable String decode(String s, boolean plusIsSpace) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          return null;
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else {
        bytes.write(c);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static SentryMcpException invalid(String message) {
    return SentryMcpException.invalidInput(message);
  }

  /** The query string: decoded names and values; a name that appears more than once may not be read. */
  private static final class Query {
    private final Map<String, String> values;
    private final Set<String> repeated;

    private Query(Map<String, String> values, Set<String> repeated) {
      this.values = values;
      this.repeated = repeated;
    }

    static Query parse(String raw) {
      Map<String, String> values = new HashMap<>();
      Set<String> repeated = new HashSet<>();
      if (!raw.isEmpty()) {
        for (String pair : raw.split("&", -1)) {
          if (pair.isEmpty()) {
            continue;
          }
          int eq = pair.indexOf('=');
          String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
          String value = decode(eq < 0 ? "" : pair.substring(eq + 1), true);
          if (name == null || value == null) {
            throw invalid("The url's query string is not well-formed percent-encoding.");
          }
          if (values.putIfAbsent(name, value) != null) {
            repeated.add(name);
          }
        }
      }
      return new Query(values, repeated);
    }

    /** The value, or null when absent or empty. */
    @Nullable String get(String name) {
      if (repeated.contains(name)) {
        throw invalid("The url's query parameter " + name + " appears more than once.");
      }
      String v = values.get(name);
      return v == null || v.isEmpty() ? null : v;
    }

    String required(String name, String what) {
      String v = get(name);
      if (v == null) {
        throw invalid("The url is " + what + " without its " + name + " query parameter.");
      }
      return v;
    }
  }
}
