package io.github.sentrymcp.core.internal.tools.issues;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiResponse;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What {@code link_issue} and {@code unlink_issue} share: their inputs, the external URL check (before any request),
 * the issue lookup with the project-constraint check, reading an issue's integrations and App links (every page),
 * telling which native integration a URL belongs to, and the result.
 *
 * <p>Sentry text is never turned into a string here: an integration's {@code domainName}, {@code name}, provider key
 * and stored issue URLs are compared with patterns built from the caller's (validated) URL.
 */
final class IssueLinking {
  private IssueLinking() {}

  static final int MAX_URL_CHARS = 2048;
  static final int PAGE_SIZE = 100;
  static final int MAX_PAGES = 20;
  static final int DETAIL_CHARS = 200;

  /** Providers whose URLs this server matches to an installation (the reference's native integrations). */
  static final List<String> NATIVE_PROVIDERS =
      List.of("github", "github_enterprise", "gitlab", "bitbucket", "jira", "jira_server", "vsts");

  private static final Pattern DIGITS = Pattern.compile("\\d{1,19}");
  private static final Pattern APP_SLUG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final Pattern ISSUE_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9]*-\\d+");

  static InputSchema.Builder inputs() {
    return InputSchema.builder()
        .add(Params.optionalOrganizationSlug())
        .add(Params.regionUrl())
        .add(IssueUrls.issueIdParam())
        .add(IssueUrls.issueUrlParam())
        .string("externalIssueUrl", "The external issue or pull request URL (https), e.g."
            + " https://github.com/acme/app/issues/42.")
        .required().minLength(1).maxLength(MAX_URL_CHARS).add()
        .string("integrationId", "Native integration ID; only needed when several installations match the URL.")
        .pattern(DIGITS).add()
        .string("appSlug", "Installed Sentry App slug (Linear and Shortcut URLs imply it).")
        .pattern(APP_SLUG).add();
  }

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "organizationSlug", string("Organization slug."),
      "issueId", string("Short id of the Sentry issue."),
      "issueUrl", string("Web URL of the Sentry issue."),
      "externalIssue", object(
          "url", string("URL of the external issue."),
          "displayName", nullableString("Name of the external issue, as Sentry shows it."),
          "provider", nullableString("Provider key (github, jira, ...) or Sentry App slug.")),
      "status", string("linked, already_linked or not_linked."));

  /** The caller's external URL, checked: https, a host, no credentials, no control characters or dot segments. */
  record Target(String url, String origin, String host, String hostname, int port, String path,
      List<String> segments, @Nullable String query) {

    /** The path and every shorter prefix of it made of whole segments ({@code /a}, {@code /a/b}, ...). */
    List<String> pathPrefixes() {
      List<String> out = new ArrayList<>();
      StringBuilder b = new StringBuilder();
      for (String s : segments) {
        b.append('/').append(s);
        out.add(b.toString());
      }
      return out;
    }

    @Nullable String segment(int i) {
      return i >= 0 && i < segments.size() ? segments.get(i) : null;
    }
  }

  static Target parseTarget(String raw) {
    String url = raw.strip();
    String problem = "The externalIssueUrl must be an https URL of the external issue, without credentials,"
        + " spaces or dot segments, e.g. https://github.com/acme/app/issues/42.";
    if (url.isEmpty() || url.length() > MAX_URL_CHARS) {
      throw SentryMcpException.invalidInput(problem);
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= 0x20 || c == '\\' || c == 0x7f || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT) {
        throw SentryMcpException.invalidInput(problem);
      }
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw SentryMcpException.invalidInput(problem);
    }
    String scheme = uri.getScheme();
    String hostname = uri.getHost();
    if (scheme == null || !scheme.equalsIgnoreCase("https") || uri.getRawUserInfo() != null || hostname == null
        || hostname.isEmpty() || uri.isOpaque()) {
      throw SentryMcpException.invalidInput(problem);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.contains("?") || path.contains("#") || path.contains("\\")) {
      throw SentryMcpException.invalidInput(problem);
    }
    List<String> segments = new ArrayList<>();
    if (!path.isEmpty()) {
      String[] parts = path.substring(1).split("/", -1);
      for (String p : parts) {
        if (p.isEmpty() || p.equals(".") || p.equals("..")) {
          throw SentryMcpException.invalidInput(problem);
        }
        segments.add(p);
      }
    }
    hostname = hostname.toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    String host = port < 0 || port == 443 ? hostname : hostname + ":" + port;
    return new Target(url, "https://" + host, host, hostname, port == 443 ? -1 : port, path,
        List.copyOf(segments), uri.getRawQuery());
  }

  /** The App a URL implies: Linear and Shortcut issue URLs, as the reference infers them. */
  static @Nullable String inferredApp(Target t) {
    if (t.hostname().equals("linear.app") && "issue".equals(t.segment(1)) && t.segment(2) != null
        && ISSUE_KEY.matcher(t.segments().get(2)).matches()) {
      return "linear";
    }
    if ((t.hostname().equals("app.shortcut.com") || t.hostname().equals("shortcut.com"))
        && "story".equals(t.segment(1)) && t.segment(2) != null && t.segments().get(2).matches("\\d+")) {
      return "shortcut";
    }
    return null;
  }

  /** The issue behind a link call, fetched and checked against the session's project constraint. */
  record LinkedIssue(IssueUrls.IssueRef ref, long numericId, Untrusted shortId, SentryJson issue) {}

  static LinkedIssue resolveIssue(Args args, CallContext context, SentryApiClient api) {
    IssueUrls.IssueRef ref = IssueWrites.resolve(args, context.constraints());
    SentryJson issue = IssueWrites.fetchIssue(api, ref, "issue");
    String project = context.constraints().projectSlug();
    if (project != null && !issue.path("project", "slug").textEquals(project)) {
      throw SentryMcpException.permissionDenied(
          "The issue does not belong to the project this session is constrained to (" + project + ").");
    }
    long id = issue.get("id").requireLong("the id of the issue");
    SentryJson shortIdValue = issue.get("shortId");
    Untrusted shortId = shortIdValue.isText() ? shortIdValue.nonEmptyText() : null;
    if (shortId == null) {
      shortId = Untrusted.of(ref.issueId(), "issue.id", TrustClass.UNTRUSTED_AUTHENTICATED);
    }
    return new LinkedIssue(ref, id, shortId, issue);
  }

  static ApiPath integrationsPath(LinkedIssue issue) {
    return ApiPath.of("/organizations/{org}/issues/{issueId}/integrations/", issue.ref().organizationSlug(),
        issue.numericId());
  }

  static ApiPath integrationPath(LinkedIssue issue, long integrationId) {
    return ApiPath.of("/organizations/{org}/issues/{issueId}/integrations/{integrationId}/",
        issue.ref().organizationSlug(), issue.numericId(), integrationId);
  }

  static ApiPath appLinksPath(LinkedIssue issue) {
    return ApiPath.of("/organizations/{org}/issues/{issueId}/external-issues/", issue.ref().organizationSlug(),
        issue.numericId());
  }

  /** Every element of a list endpoint ({@code per_page=100}), following the Link header's next cursor. */
  static List<SentryJson> readAll(SentryApiClient api, ApiPath path, String source, LinkedIssue issue) {
    return readAll(api, path, null, source, issue);
  }

  /** Like {@link #readAll(SentryApiClient, ApiPath, String, LinkedIssue)}, with {@code filter} first in the query. */
  static List<SentryJson> readAll(SentryApiClient api, ApiPath path, @Nullable String filter, String source,
      LinkedIssue issue) {
    List<SentryJson> all = new ArrayList<>();
    String cursor = null;
    try {
      for (int page = 0; page < MAX_PAGES; page++) {
        ApiResponse response = api.get(path,
            Query.create().add("filter", filter).add("per_page", PAGE_SIZE).add("cursor", cursor));
        all.addAll(response.jsonArray(page == 0 ? source : source + ".page" + (page + 1),
            TrustClass.UNTRUSTED_AUTHENTICATED).items());
        cursor = response.nextCursor();
        if (cursor == null) {
          return all;
        }
      }
    } catch (ApiException e) {
      throw IssueWrites.enriched(e, issue.ref(), "The request");
    }
    throw new ApiException(ErrorKind.UPSTREAM_ERROR, 0, "GET " + path.template(),
        "Sentry returned more than " + MAX_PAGES + " pages for GET " + path.template() + ".", List.of(), null, null);
  }

  /** The integration's id when it is a number, else empty (such an entry is skipped). */
  static OptionalLong integrationId(SentryJson integration) {
    return integration.get("id").asLong();
  }

  static boolean isProvider(SentryJson integration, String key) {
    return integration.path("provider", "key").textEquals(key);
  }

  /**
   * A value the tools compare with the caller's URL must be text when Sentry sends it: another type is a changed
   * answer (an upstream error), not a reason to report "nothing linked". Missing and null stay tolerated.
   */
  static SentryJson textOrAbsent(SentryJson value, String what) {
    if (value.isPresent() && !value.isText()) {
      value.requireText(what);
    }
    return value;
  }

  static @Nullable String providerKey(SentryJson integration) {
    textOrAbsent(integration.path("provider", "key"), "the provider of an integration");
    for (String p : NATIVE_PROVIDERS) {
      if (isProvider(integration, p)) {
        return p;
      }
    }
    return null;
  }

  private static boolean matches(@Nullable Untrusted value, String regex) {
    return value != null && value.matches(Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
  }

  private static String anyOf(List<String> alternatives) {
    List<String> quoted = new ArrayList<>();
    for (String a : alternatives) {
      quoted.add(Pattern.quote(a));
    }
    return "(?:" + String.join("|", quoted) + ")";
  }

  /** A domainName for {@code host} followed by one of {@code paths} (or by nothing when {@code paths} is null). */
  private static String domain(String host, @Nullable String pathAlternatives) {
    return "(?:https?://)?" + Pattern.quote(host) + (pathAlternatives == null ? "" : pathAlternatives) + "/*";
  }

  /**
   * Whether an integration of the issue can hold this URL, as the reference decides: an active installation of a
   * supported provider whose host (and owner, group, account or path prefix) is the URL's.
   */
  static boolean matchesIntegration(Target t, SentryJson integration) {
    Untrusted status = integration.get("status").nonEmptyText();
    if (status != null && !status.contentEquals("active")) {
      return false;
    }
    String provider = providerKey(integration);
    if (provider == null) {
      return false;
    }
    Untrusted domainName = integration.get("domainName").nonEmptyText();
    Untrusted name = integration.get("name").nonEmptyText();
    String owner = t.segment(0);
    switch (provider) {
      case "github", "github_enterprise" -> {
        if (owner == null || (provider.equals("github") && !t.host().equals("github.com"))
            || (provider.equals("github_enterprise") && domainName == null)) {
          return false;
        }
        if (domainName == null) {
          return matches(name, Pattern.quote(owner));
        }
        if (matches(domainName, domain(t.host(), "/+" + Pattern.quote(owner) + "(?:/.*)?"))) {
          return true;
        }
        return matches(domainName, domain(t.host(), null)) && matches(name, Pattern.quote(owner));
      }
      case "bitbucket" -> {
        if (owner == null || !t.host().equals("bitbucket.org")) {
          return false;
        }
        if (matches(domainName, domain("bitbucket.org", "(?:/.*)?"))) {
          return matches(domainName, domain("bitbucket.org", "/+" + Pattern.quote(owner) + "(?:/.*)?"));
        }
        return matches(name, Pattern.quote(owner));
      }
      case "vsts" -> {
        String account = azureAccount(t);
        return account != null && t.port() < 0
            && matches(domainName, "(?:https?://)?(?:dev\\.azure\\.com/+" + Pattern.quote(account) + "|"
                + Pattern.quote(account) + "\\.visualstudio\\.com)(?:/.*)?");
      }
      case "gitlab" -> {
        // the group (domainName's path) must occur in the URL's path, followed by '/'
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < t.segments().size(); i++) {
          StringBuilder g = new StringBuilder();
          for (int j = i; j < t.segments().size() - 1; j++) {
            g.append('/').append(t.segments().get(j));
            groups.add(g.toString());
          }
        }
        return matches(domainName, domain(t.host(), null))
            || (!groups.isEmpty() && matches(domainName, domain(t.host(), anyOf(groups))));
      }
      case "jira", "jira_server" -> {
        List<String> prefixes = t.pathPrefixes();
        return matches(domainName, domain(t.host(), null))
            || (!prefixes.isEmpty() && matches(domainName, domain(t.host(), anyOf(prefixes))));
      }
      default -> {
        return false;
      }
    }
  }

  private static @Nullable String azureAccount(Target t) {
    if (t.hostname().equals("dev.azure.com")) {
      String s = t.segment(0);
      return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
    if (t.hostname().endsWith(".visualstudio.com") && t.hostname().length() > ".visualstudio.com".length()) {
      return t.hostname().substring(0, t.hostname().length() - ".visualstudio.com".length());
    }
    return null;
  }

  private static final String TAIL = "/*(?:[?#].*)?";

  /**
   * A pattern a stored (Sentry) issue URL of {@code provider} matches when it names the same external issue as
   * {@code t} (presentation-only parts ignored, as the reference compares them), or null when {@code t} is not an
   * issue URL of that provider.
   */
  static @Nullable Pattern sameIssue(Target t, String provider) {
    String path = t.path();
    String origin = "(?i:" + Pattern.quote(t.origin()) + ")";
    switch (provider) {
      case "github", "github_enterprise" -> {
        Matcher m = Pattern.compile("/([^/]+/[^/]+)/(issues|pull)/(\\d+)(?:/(files|changes|commits|checks))?")
            .matcher(path);
        if (!m.matches() || (m.group(2).equals("issues") && m.group(4) != null)) {
          return null;
        }
        String n = m.group(3);
        return Pattern.compile(origin + "/(?i:" + Pattern.quote(m.group(1)) + ")/(?:issues/" + n + "|pull/" + n
            + "(?:/(?:files|changes|commits|checks))?)" + TAIL);
      }
      case "gitlab" -> {
        Matcher m = Pattern.compile("/(.+?)(?:/-)?/issues/(\\d+)").matcher(path);
        return m.matches() ? Pattern.compile(origin + "/" + Pattern.quote(m.group(1)) + "(?:/-)?/issues/"
            + m.group(2) + TAIL) : null;
      }
      case "bitbucket" -> {
        Matcher m = Pattern.compile("/([^/]+/[^/]+)/issues/(\\d+)(?:/[^/]+)?").matcher(path);
        return m.matches() ? Pattern.compile(origin + "/" + Pattern.quote(m.group(1)) + "/issues/" + m.group(2)
            + "(?:/[^/?#]+)?" + TAIL) : null;
      }
      case "jira", "jira_server" -> {
        String key = jiraKey(t);
        if (key == null) {
          return null;
        }
        List<String> bases = new ArrayList<>(t.pathPrefixes());
        bases.add("");
        return Pattern.compile(origin + anyOf(bases) + "/browse/(?i:" + Pattern.quote(key) + ")" + TAIL);
      }
      case "vsts" -> {
        String account = azureAccount(t);
        String rest = t.hostname().equals("dev.azure.com") ? path.replaceFirst("^/[^/]+", "") : path;
        Matcher m = Pattern.compile("/(?:[^/]+/)?_workitems/edit/(\\d+)").matcher(rest);
        if (account == null || t.port() >= 0 || !m.matches()) {
          return null;
        }
        return Pattern.compile("(?i:https://(?:dev\\.azure\\.com/" + Pattern.quote(account) + "|"
            + Pattern.quote(account) + "\\.visualstudio\\.com))(?:/[^/?#]+)?/_workitems/edit/" + m.group(1) + TAIL);
      }
      default -> {
        return null;
      }
    }
  }

  /** The Jira issue key of a URL: a {@code selectedIssue} query value, else {@code .../browse/KEY} or {@code .../issues/KEY}. */
  private static @Nullable String jiraKey(Target t) {
    if (t.query() != null) {
      for (String pair : t.query().split("&")) {
        if (pair.startsWith("selectedIssue=")) {
          String v = pair.substring("selectedIssue=".length());
          if (ISSUE_KEY.matcher(v).matches()) {
            return v.toUpperCase(Locale.ROOT);
          }
        }
      }
    }
    int n = t.segments().size();
    if (n >= 2 && (t.segments().get(n - 2).equals("browse") || t.segments().get(n - 2).equals("issues"))
        && ISSUE_KEY.matcher(t.segments().get(n - 1)).matches()) {
      return t.segments().get(n - 1).toUpperCase(Locale.ROOT);
    }
    return null;
  }

  /** A pattern an App link's stored {@code webUrl} matches when it names the same issue as {@code t}. */
  static Pattern sameAppIssue(Target t) {
    String app = inferredApp(t);
    if (app != null) {
      String origin = "(?i:" + Pattern.quote(t.origin()) + ")";
      String kind = app.equals("linear") ? "issue" : "story";
      return Pattern.compile(origin + "/" + Pattern.quote(t.segments().get(0)) + "/" + kind + "/(?i:"
          + Pattern.quote(t.segments().get(2)) + ")(?:/[^?#]*)?(?:[?#].*)?");
    }
    return Pattern.compile(Pattern.quote(t.url()));
  }

  /** Server text naming integrations by id (numbers only), e.g. {@code 12, 34}. */
  static String ids(List<SentryJson> integrations) {
    List<String> out = new ArrayList<>();
    for (SentryJson i : integrations) {
      integrationId(i).ifPresent(id -> out.add(Long.toString(id)));
      if (out.size() == 5) {
        break;
      }
    }
    return String.join(", ", out);
  }

  /** Names and providers of integrations, each a value of its own (error details). */
  static List<Untrusted> describe(List<SentryJson> integrations) {
    List<Untrusted> out = new ArrayList<>();
    for (SentryJson i : integrations) {
      Untrusted name = i.get("name").nonEmptyText();
      if (name != null) {
        out.add(name.truncate(60));
      }
      if (out.size() == 5) {
        break;
      }
    }
    return out;
  }

  /** The result both tools return: markdown facts and the reference's structured output. */
  static ToolResult result(String heading, WebLinks links, LinkedIssue issue, Untrusted externalUrl,
      @Nullable Untrusted displayName, @Nullable Untrusted provider, @Nullable String providerText,
      String status, String note) {
    String org = issue.ref().organizationSlug();
    Untrusted issueUrl = links.issue(org, issue.shortId());
    ToolResult.Builder out = ToolResult.builder();
    out.heading(1, heading);
    out.fieldText("Organization", org);
    out.field("Issue", issue.shortId().truncate(DETAIL_CHARS));
    out.field("Issue URL", issueUrl);
    out.field("External Issue", externalUrl.truncate(MAX_URL_CHARS));
    if (displayName != null) {
      out.field("Display Name", displayName.truncate(DETAIL_CHARS));
    }
    if (provider != null) {
      out.field("Provider", provider.truncate(DETAIL_CHARS));
    } else if (providerText != null) {
      out.fieldText("Provider", providerText);
    }
    out.fieldText("Status", status);
    out.paragraph(note);
    Structured.ObjBuilder ext = Structured.object()
        .put("url", externalUrl.truncate(MAX_URL_CHARS))
        .put("displayName", displayName == null ? null : displayName.truncate(DETAIL_CHARS));
    if (provider != null) {
      ext.put("provider", provider.truncate(DETAIL_CHARS));
    } else {
      ext.putText("provider", providerText);
    }
    return out.structured(Structured.object()
        .putText("organizationSlug", org)
        .put("issueId", issue.shortId().truncate(DETAIL_CHARS))
        .put("issueUrl", issueUrl)
        .put("externalIssue", ext.build())
        .putText("status", status)
        .build()).build();
  }

  /** The caller's URL as a value: it came from the caller, not from Sentry, but it is shown as data all the same. */
  static Untrusted callerUrl(Target t) {
    return Untrusted.of(t.url(), "externalIssueUrl", TrustClass.UNTRUSTED_EXTERNAL);
  }
}
