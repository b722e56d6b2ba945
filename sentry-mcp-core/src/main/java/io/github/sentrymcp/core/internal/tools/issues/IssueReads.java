package io.github.sentrymcp.core.internal.tools.issues;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.Rendering;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The start shared by the issue sub-resource tools ({@code get_issue_breadcrumbs}, {@code get_issue_activity},
 * {@code get_issue_user_reports}, {@code get_issue_tag_values}): the issue reference resolved and validated, and,
 * under a project constraint, the issue looked up and checked to belong to that project before anything else is
 * requested. Also the not-found error that names the parameters used.
 */
final class IssueReads {
  private IssueReads() {}

  /** The issue and the client to read it with. */
  record Target(IssueUrls.IssueRef ref, SentryApiClient api) {}

  /**
   * Resolves the issue of the arguments (path syntax in {@code issueId} refused, see {@link IssueWrites#resolve});
   * under a project constraint, {@code GET /organizations/{org}/issues/{id}/} first, refusing an issue of another
   * project.
   *
   * @param check the project check of the calling tool ({@code requireConstrainedProject})
   */
  static Target start(Args args, ToolCall call, Consumer<SentryJson> check) {
    IssueUrls.IssueRef ref = IssueWrites.resolve(args, call.context().constraints());
    SentryApiClient api = call.api(args);
    if (call.context().constraints().projectSlug() != null) {
      check.accept(IssueWrites.fetchIssue(api, ref, "issue"));
      call.checkCancelled();
    }
    return new Target(ref, api);
  }

  /** An event of the issue: the event id asked for ({@code latest} or 32 lower-case hex digits) and its JSON. */
  record IssueEvent(IssueUrls.IssueRef ref, String eventId, SentryJson event) {}

  /** {@code eventId}: {@code latest} (default) or an event id of the issue. */
  static InputSchema.Param eventIdParam() {
    return InputSchema.builder()
        .string("eventId", "`latest` or an event ID (32 hexadecimal characters).")
        .defaultValue("latest").maxLength(32)
        .check(v -> v.equals("latest") || Params.HEX32.matcher(v).matches()
            ? null : "must be 'latest' or 32 hexadecimal characters")
        .param();
  }

  /**
   * {@link #start} then {@code GET /organizations/{org}/issues/{id}/events/{eventId}/} for the {@code eventId}
   * argument (default {@code latest}); a 404 names the parameters used.
   */
  static IssueEvent event(Args args, ToolCall call, Consumer<SentryJson> check) {
    String eventArg = args.nonBlank("eventId");
    String eventId = eventArg == null ? "latest" : eventArg.toLowerCase(Locale.ROOT);
    Target target = start(args, call, check);
    IssueUrls.IssueRef ref = target.ref();
    try {
      return new IssueEvent(ref, eventId, target.api().get(ApiPath.of(
          "/organizations/{org}/issues/{issueId}/events/{eventId}/", ref.organizationSlug(), ref.issueId(), eventId),
          Query.create()).jsonObject("event"));
    } catch (ApiException e) {
      throw notFound(e, ref, "The issue or event", "- eventId: '" + eventId + "'");
    }
  }

  /**
   * A 404 becomes a not-found error naming the organization, the issue and {@code extra} (server text such as
   * {@code "- eventId: 'latest'"}, or empty); Sentry's text stays in the details. Other errors are returned as they are.
   */
  static ApiException notFound(ApiException e, IssueUrls.IssueRef ref, String what, String extra) {
    if (e.status() != 404) {
      return e;
    }
    return new ApiException(ErrorKind.NOT_FOUND, 404, e.endpoint(),
        what + " was not found. Verify these parameters:\n"
            + "- organizationSlug: '" + ref.organizationSlug() + "'\n"
            + "- issueId: '" + ref.issueId() + "'" + (extra.isEmpty() ? "" : "\n" + extra),
        e.details(), e.retryAfter(), e);
  }

  /** A timestamp cell: the parsed instant as server text, else Sentry's text as data, else empty. */
  static Inline time(SentryJson ts) {
    String iso = Rendering.isoTimestamp(ts);
    return iso != null ? Inline.text(iso) : EventRenderer.cell(ts.nonEmptyText(), 60);
  }
}
