package io.github.sentrymcp.core.internal.tools.issues;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.Paging;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_issue_user_reports}: one page of the user reports (legacy User Reports, crash-report feedback) of an
 * issue.
 *
 * <p>Requests: under a project constraint, first {@code GET /organizations/{org}/issues/{id}/}; then {@code GET
 * /organizations/{org}/issues/{id}/user-reports/?cursor=<cursor>&per_page=<limit>}. Sentry's next cursor (from the
 * {@code Link} header) is handed back. Each report's comment is cut at {@value #COMMENT_CHARS} characters; every value
 * from Sentry is data in a table.
 */
final class GetIssueUserReportsTool extends AbstractSentryTool {

  static final int COMMENT_CHARS = 1_000;

  /** What older Sentry versions send as the id of a user that has none. */
  private static final Pattern SENTINEL = Pattern.compile("(?i)\\s*(none|null)\\s*");

  private static final String DESCRIPTION = String.join("\n",
      "Get the user reports (legacy User Reports, crash-report feedback) attached to a Sentry issue.",
      "",
      "<examples>",
      "get_issue_user_reports(organizationSlug='my-organization', issueId='PROJECT-123')",
      "get_issue_user_reports(issueUrl='https://my-organization.sentry.io/issues/PROJECT-123/')",
      "</examples>",
      "",
      "<hints>",
      "- Pass issueUrl, or issueId with organizationSlug.",
      "- User Feedback Widget submissions are issues: search_issues(query='issue.category:feedback').",
      "- Pass nextCursor as cursor, with the same issue, for the next page.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("get_issue_user_reports", "Get issue user reports", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.optionalOrganizationSlug())
          .add(Params.regionUrl())
          .add(IssueUrls.issueIdParam())
          .add(IssueUrls.issueUrlParam())
          .add(Params.cursor())
          .integer("limit", "Most user reports per page (1-100).").minimum(1).maximum(100).defaultValue(25L).add()
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT, Skill.TRIAGE)
      .build();

  GetIssueUserReportsTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    int limit = args.intValue("limit", 25);
    IssueReads.Target target = IssueReads.start(args, call, issue -> requireConstrainedProject(issue, call.context()));
    IssueUrls.IssueRef ref = target.ref();
    Paging.Page page;
    try {
      page = Paging.fetch(target.api(), ApiPath.of("/organizations/{org}/issues/{issueId}/user-reports/",
          ref.organizationSlug(), ref.issueId()),
          Query.create().add("cursor", args.nonBlank("cursor")).add("per_page", limit), "userReports",
          TrustClass.UNTRUSTED_EXTERNAL);
    } catch (ApiException e) {
      throw IssueReads.notFound(e, ref, "The issue", "");
    }

    ToolResult.Builder out = ToolResult.builder();
    out.heading(1, "User Reports of " + ref.issueId() + " in " + ref.organizationSlug());
    List<List<Inline>> rows = new ArrayList<>();
    for (SentryJson r : page.items()) {
      if (r.isObject()) {
        rows.add(List.of(IssueReads.time(r.get("dateCreated")), reporter(r),
            EventRenderer.cell(r.get("comments").nonEmptyText(), COMMENT_CHARS),
            EventRenderer.cell(EventRenderer.firstText(r.get("eventID"), r.path("event", "id")),
                EventRenderer.SHORT_CHARS)));
      }
    }
    if (rows.isEmpty()) {
      out.paragraph("No user reports found for this issue.");
    } else {
      out.table(List.of("Time", "Reporter", "Comments", "Event"), rows);
    }
    Paging.append(out, page, "user reports");
    return out.build();
  }

  /** Name, email, the user's name, email or username, the user's id (not Sentry's "none"), else "anonymous". */
  private static Inline reporter(SentryJson r) {
    SentryJson user = r.get("user");
    Untrusted who = EventRenderer.firstText(r.get("name"), r.get("email"), user.get("name"), user.get("email"),
        user.get("username"));
    if (who != null && !who.isBlank()) {
      return EventRenderer.cell(who, EventRenderer.SHORT_CHARS);
    }
    Untrusted id = userId(user.get("id"));
    if (id != null) {
      return EventRenderer.cell(id, EventRenderer.SHORT_CHARS);
    }
    return Inline.text("anonymous");
  }

  private static @Nullable Untrusted userId(SentryJson id) {
    Untrusted t = id.nonEmptyText();
    if (t == null || t.isBlank()) {
      return null;
    }
    return t.matches(SENTINEL) ? null : t;
  }
}
