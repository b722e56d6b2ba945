package io.github.sentrymcp.core.internal.tools.issues;

import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Issue identifiers for the "issue-or-URL" tools ({@code get_issue_details}, {@code search_issue_events}, ...): the
 * shared {@code issueId} / {@code issueUrl} parameters, issue URL parsing and the rule that a URL's organization must
 * equal the supplied (or constrained) organization.
 *
 * <p>Everything here works on <em>caller input</em>; nothing is sent anywhere. The returned organization slug and
 * issue id are validated (slug rule, {@link Params#ISSUE_ID}) and therefore safe to use in {@code ApiPath}s and in
 * server-written text. Error messages never echo the URL.
 *
 * <pre>{@code
 * // in execute(Args args, CallContext context):
 * IssueUrls.IssueRef ref = IssueUrls.resolve(args, context.constraints());
 * api.get(ApiPath.of("/organizations/{org}/issues/{issueId}/", ref.organizationSlug(), ref.issueId()));
 * }</pre>
 */
final class IssueUrls {

  /** Longest accepted {@code issueUrl}. */
  static final int MAX_URL_LENGTH = 2048;

  private IssueUrls() {}

  /**
   * What an issue URL names.
   *
   * @param organizationSlug the organization found in the URL (validated slug), or null when the URL does not say
   * @param issueId canonical issue id ({@link Params#canonicalIssueId}): numeric or a short id such as {@code
   *     PROJECT-1Z43}
   */
  record ParsedUrl(@Nullable String organizationSlug, String issueId) {}

  /**
   * A resolved issue reference.
   *
   * @param organizationSlug validated organization slug
   * @param issueId canonical issue id ({@link Params#canonicalIssueId})
   */
  record IssueRef(String organizationSlug, String issueId) {}

  /**
   * The {@code issueId} parameter: ASCII whitespace trimmed, ASCII letters upper-cased, and then it must be exactly
   * a valid issue id ({@link Params#canonicalIssueId}); nothing inside it is removed, so {@code PROJ-4 1} or an id
   * with a zero-width space is invalid input, not another issue.
   */
  static InputSchema.Param issueIdParam() {
    return InputSchema.builder()
        .string("issueId", "The issue's ID (numeric) or short ID, e.g. `PROJECT-1Z43`. Use with organizationSlug.")
        .nullable().minLength(1).maxLength(200).upperCase()
        .check(v -> Params.canonicalIssueId(v) == null
            ? "must be a numeric issue id or a short id such as PROJECT-1Z43" : null)
        .param();
  }

  /** The {@code issueUrl} parameter: an {@code http(s)://} URL of at most {@value #MAX_URL_LENGTH} characters. */
  static InputSchema.Param issueUrlParam() {
    return InputSchema.builder()
        .string("issueUrl", "The URL of the issue, e.g. `https://my-organization.sentry.io/issues/PROJECT-1Z43`.")
        .nullable().minLength(1).maxLength(MAX_URL_LENGTH)
        .check(v -> hasHttpScheme(v) ? null : "must be an http:// or https:// URL")
        .param();
  }

  /**
   * Resolves {@code issueUrl} / {@code issueId} / {@code organizationSlug} from validated tool arguments (session
   * constraints already injected). See {@link #resolve(String, String, String, String)}.
   */
  static IssueRef resolve(Args args, SessionConstraints constraints) {
    return resolve(args.nonBlank("issueUrl"), args.nonBlank("issueId"), args.nonBlank("organizationSlug"),
        constraints.organizationSlug());
  }

  /**
   * Resolves an issue reference.
   *
   * <ul>
   *   <li>With {@code issueUrl}: the id comes from the URL; the organization from the URL must equal {@code
   *       organizationSlug} when both are known ("URL is outside the active organization constraint" when the
   *       organization is pinned by the session); if the URL names no organization, {@code organizationSlug} is
   *       required. When {@code issueId} is also given it must name the same issue.
   *   <li>Otherwise {@code issueId} and {@code organizationSlug} are both required.
   * </ul>
   *
   * @param constrainedOrganization the session's organization constraint, or null (only changes the error text)
   * @throws SentryMcpException invalid input, with a server-written message
   */
  static IssueRef resolve(
      @Nullable String issueUrl,
      @Nullable String issueId,
      @Nullable String organizationSlug,
      @Nullable String constrainedOrganization) {
    if (organizationSlug != null && Params.slugProblem(organizationSlug) != null) {
      throw SentryMcpException.invalidInput("The organizationSlug is not a valid slug.");
    }
    String canonicalId = null;
    if (issueId != null) {
      canonicalId = Params.canonicalIssueId(issueId);
      if (canonicalId == null) {
        throw SentryMcpException.invalidInput(
            "The issueId must be a numeric issue id or a short id such as PROJECT-1Z43.");
      }
    }
    if (issueUrl != null) {
      ParsedUrl parsed = parse(issueUrl);
      String urlOrg = parsed.organizationSlug();
      String org;
      if (urlOrg == null) {
        if (organizationSlug == null) {
          throw SentryMcpException.invalidInput("The issueUrl does not name an organization; pass"
              + " organizationSlug as well.");
        }
        org = organizationSlug;
      } else if (organizationSlug == null) {
        org = urlOrg;
      } else if (!urlOrg.equals(organizationSlug)) {
        if (constrainedOrganization != null) {
          throw SentryMcpException.invalidInput("URL is outside the active organization constraint.");
        }
        throw SentryMcpException.invalidInput(
            "The organization in issueUrl does not match organizationSlug (" + organizationSlug + ").");
      } else {
        org = organizationSlug;
      }
      if (canonicalId != null && !canonicalId.equals(parsed.issueId())) {
        throw SentryMcpException.invalidInput("The issueId and issueUrl name different issues; pass only one.");
      }
      return new IssueRef(org, parsed.issueId());
    }
    if (canonicalId == null) {
      throw SentryMcpException.invalidInput(
          "Either issueUrl, or issueId together with organizationSlug, is required.");
    }
    if (organizationSlug == null) {
      throw SentryMcpException.invalidInput("The organizationSlug is required when issueId is given"
          + " (or pass issueUrl instead).");
    }
    return new IssueRef(organizationSlug, canonicalId);
  }

  /**
   * Parses a Sentry issue URL such as {@code https://my-org.sentry.io/issues/PROJECT-1Z43/}, {@code
   * https://sentry.example.com/organizations/my-org/issues/123/} or {@code https://sentry.io/my-org/issues/123/}.
   *
   * <p>The path must contain {@code issues/<id>}. The organization is taken from {@code /organizations/<org>/},
   * else from the first path segment when it is not {@code issues}, else from the first host name label when the
   * host has more than two labels and that label is not {@code www}. The URL's host is never contacted or checked
   * against the configured Sentry host: only identifiers are extracted, and they are validated exactly as given
   * (the issue id segment like an {@code issueId}: ASCII letters upper-cased, nothing removed; percent-encoded or
   * punctuated segments are invalid). Only leading and trailing ASCII whitespace of the URL is trimmed. A path with
   * a {@code .} or {@code ..} segment (also written {@code %2e}) is invalid: a browser would resolve it to another
   * path.
   *
   * @throws SentryMcpException invalid input when the URL is not an http(s) issue URL with a valid id and slug
   */
  static ParsedUrl parse(String issueUrl) {
    String url = Params.trimAsciiWhitespace(issueUrl);
    if (url.length() > MAX_URL_LENGTH) {
      throw SentryMcpException.invalidInput(
          "The issueUrl must be at most " + MAX_URL_LENGTH + " characters.");
    }
    if (!hasHttpScheme(url)) {
      throw SentryMcpException.invalidInput("The issueUrl must be an http:// or https:// URL.");
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '\\') {
        throw SentryMcpException.invalidInput(
            "The issueUrl may contain only printable ASCII characters without spaces or backslashes.");
      }
    }
    String rest = url.substring(url.indexOf("://") + 3);
    int authorityEnd = indexOfAny(rest, "/?#");
    String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
    String afterAuthority = authorityEnd < 0 ? "" : rest.substring(authorityEnd);
    if (authority.isEmpty() || authority.indexOf('@') >= 0) {
      throw SentryMcpException.invalidInput("The issueUrl must have a host and no user information.");
    }
    String host = hostOf(authority).toLowerCase(Locale.ROOT);
    int pathEnd = indexOfAny(afterAuthority, "?#");
    String path = pathEnd < 0 ? afterAuthority : afterAuthority.substring(0, pathEnd);
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/", -1)) {
      if (isDotSegment(s)) {
        // a browser resolves it, so the URL would name another path than the one read here
        throw SentryMcpException.invalidInput("The issueUrl must not contain '.' or '..' path segments.");
      }
      if (!s.isEmpty()) {
        segments.add(s);
      }
    }
    int orgs = segments.indexOf("organizations");
    int issues = indexOf(segments, "issues", orgs >= 0 && orgs + 2 <= segments.size() ? orgs + 2 : 0);
    if (issues < 0 || issues + 1 >= segments.size()) {
      throw SentryMcpException.invalidInput(
          "The issueUrl is not a Sentry issue URL (expected a path containing /issues/<id>/).");
    }
    String id = Params.canonicalIssueId(segments.get(issues + 1));
    if (id == null) {
      throw SentryMcpException.invalidInput(
          "The issueUrl does not contain a valid issue id (numeric, or a short id such as PROJECT-1Z43).");
    }
    String org = null;
    if (orgs >= 0 && orgs + 1 < issues) {
      org = segments.get(orgs + 1);
    } else if (!segments.get(0).equals("issues")) {
      org = segments.get(0);
    } else {
      String[] labels = host.split("\\.", -1);
      if (labels.length > 2 && !labels[0].equals("www")) {
        org = labels[0];
      }
    }
    if (org != null && Params.slugProblem(org) != null) {
      throw SentryMcpException.invalidInput("The issueUrl names an organization that is not a valid slug.");
    }
    return new ParsedUrl(org, id);
  }

  /** {@code .} or {@code ..}, also with a dot written as {@code %2e} (WHATWG URL parsers treat both alike). */
  private static boolean isDotSegment(String segment) {
    String s = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
    return s.equals(".") || s.equals("..");
  }

  private static boolean hasHttpScheme(String url) {
    String lower = Params.trimAsciiWhitespace(url).toLowerCase(Locale.ROOT);
    return (lower.startsWith("https://") && lower.length() > 8)
        || (lower.startsWith("http://") && lower.length() > 7);
  }

  private static int indexOf(List<String> segments, String segment, int from) {
    for (int i = from; i < segments.size(); i++) {
      if (segments.get(i).equals(segment)) {
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

  private static String hostOf(String authority) {
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      return end < 0 ? authority : authority.substring(0, end + 1);
    }
    int colon = authority.indexOf(':');
    return colon < 0 ? authority : authority.substring(0, colon);
  }
}
