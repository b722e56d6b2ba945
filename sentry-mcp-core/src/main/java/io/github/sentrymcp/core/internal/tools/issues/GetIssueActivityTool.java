package io.github.sentrymcp.core.internal.tools.issues;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code get_issue_activity}: an issue's activity feed (status changes, assignments, notes, ...) and its comments.
 *
 * <p>Requests: under a project constraint, first {@code GET /organizations/{org}/issues/{id}/}; then {@code GET
 * /organizations/{org}/issues/{id}/activities/} (an object whose {@code activity} list is shown) and, with {@code includeComments} (default true), {@code GET
 * /organizations/{org}/issues/{id}/notes/?per_page=<limit>}. At most {@code limit} entries of each are shown; each
 * entry's text (data {@code text}, {@code message}, {@code reason} or {@code description}) is cut at
 * {@value #TEXT_CHARS} characters, otherwise its data as compact JSON at {@value #DATA_CHARS}. Every value from Sentry
 * is data in a table.
 */
final class GetIssueActivityTool extends AbstractSentryTool {

  static final int TEXT_CHARS = 500;
  static final int DATA_CHARS = 200;

  private static final String DESCRIPTION = String.join("\n",
      "Get the activity feed (status changes, assignments, notes) and comments of a Sentry issue.",
      "",
      "<examples>",
      "get_issue_activity(organizationSlug='my-organization', issueId='PROJECT-123')",
      "get_issue_activity(issueUrl='https://my-organization.sentry.io/issues/PROJECT-123/', includeComments=false)",
      "</examples>",
      "",
      "<hints>",
      "- Pass issueUrl, or issueId with organizationSlug.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("get_issue_activity", "Get issue activity", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.optionalOrganizationSlug())
          .add(Params.regionUrl())
          .add(IssueUrls.issueIdParam())
          .add(IssueUrls.issueUrlParam())
          .bool("includeComments", "Also list the issue's comments.").defaultValue(true).add()
          .integer("limit", "Most entries shown per list (1-100).").minimum(1).maximum(100).defaultValue(25L).add()
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT, Skill.TRIAGE)
      .build();

  GetIssueActivityTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    int limit = args.intValue("limit", 25);
    boolean comments = args.bool("includeComments", true);
    IssueReads.Target target = IssueReads.start(args, call, issue -> requireConstrainedProject(issue, call.context()));
    IssueUrls.IssueRef ref = target.ref();
    SentryJson activity;
    SentryJson notes = null;
    try {
      activity = target.api().get(ApiPath.of("/organizations/{org}/issues/{issueId}/activities/",
          ref.organizationSlug(), ref.issueId()), Query.create())
          .jsonObject("activities", TrustClass.UNTRUSTED_AUTHENTICATED).get("activity");
      call.checkCancelled();
      if (comments) {
        notes = target.api().get(ApiPath.of("/organizations/{org}/issues/{issueId}/notes/", ref.organizationSlug(),
            ref.issueId()), Query.create().add("per_page", limit)).jsonArray("notes", TrustClass.UNTRUSTED_AUTHENTICATED);
      }
    } catch (ApiException e) {
      throw IssueReads.notFound(e, ref, "The issue", "");
    }

    ToolResult.Builder out = ToolResult.builder();
    out.heading(1, "Activity of " + ref.issueId() + " in " + ref.organizationSlug());
    out.heading(2, "Activity");
    table(out, activity.items(), limit, "No activity found.");
    if (notes != null) {
      out.heading(2, "Comments");
      table(out, notes.items(), limit, "No comments found.");
    }
    return out.build();
  }

  private static void table(ToolResult.Builder out, List<SentryJson> items, int limit, String none) {
    List<List<Inline>> rows = new ArrayList<>();
    for (SentryJson a : items) {
      if (!a.isObject()) {
        continue;
      }
      if (rows.size() == limit) {
        break;
      }
      rows.add(List.of(IssueReads.time(a.get("dateCreated")),
          EventRenderer.cell(a.get("type").nonEmptyText(), EventRenderer.SHORT_CHARS),
          actor(a.get("user")),
          details(a.get("data"))));
    }
    if (rows.isEmpty()) {
      out.paragraph(none);
      return;
    }
    out.table(List.of("Time", "Type", "By", "Details"), rows);
    int objects = (int) items.stream().filter(SentryJson::isObject).count();
    if (objects > rows.size()) {
      out.paragraph("Showing " + rows.size() + " of " + objects + ".");
    }
  }

  /** Who acted: name, email, username or id; "system" when Sentry names no user. */
  private static Inline actor(SentryJson user) {
    var who = EventRenderer.firstText(user.get("name"), user.get("email"), user.get("username"), user.get("id"));
    return who == null ? Inline.text("system") : EventRenderer.cell(who, EventRenderer.SHORT_CHARS);
  }

  private static Inline details(SentryJson data) {
    var text = EventRenderer.firstText(data.get("text"), data.get("message"), data.get("reason"),
        data.get("description"));
    if (text != null) {
      return EventRenderer.cell(text, TEXT_CHARS);
    }
    if (data.isObject() && data.size() > 0) {
      return EventRenderer.cell(data.asCompactJsonText(), DATA_CHARS);
    }
    return Inline.text("");
  }
}
