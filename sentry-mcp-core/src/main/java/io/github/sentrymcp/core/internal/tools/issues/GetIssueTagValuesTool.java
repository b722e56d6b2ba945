package io.github.sentrymcp.core.internal.tools.issues;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.leaf;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.Rendering;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code get_issue_tag_values}: how one tag's values are distributed over an issue's events.
 *
 * <p>Requests: under a project constraint, first {@code GET /organizations/{org}/issues/{id}/}; then {@code GET
 * /organizations/{org}/issues/{id}/tags/{tagKey}/}. Output: a table of the top values (at most {@value #MAX_VALUES},
 * each cut at {@value #VALUE_CHARS} characters) and structured content {@code {tag{key, name, totalValues,
 * topValues[{value, count, firstSeen, lastSeen}]}}}; every value from Sentry is data.
 */
final class GetIssueTagValuesTool extends AbstractSentryTool {

  static final int MAX_VALUES = 100;
  static final int VALUE_CHARS = 300;
  static final Pattern TAG_KEY = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]*");

  private static final String DESCRIPTION = String.join("\n",
      "Get the distribution of one tag's values (browser, url, release, ...) over a Sentry issue's events.",
      "",
      "<examples>",
      "get_issue_tag_values(organizationSlug='my-organization', issueId='PROJECT-123', tagKey='browser')",
      "</examples>",
      "",
      "<hints>",
      "- Pass issueUrl, or issueId with organizationSlug.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root("tag", object(
      "key", nullableString("The tag key."),
      "name", nullableString("The tag's display name."),
      "totalValues", leaf(List.of("integer", "null"), "Events that have the tag."),
      "topValues", array(object(
          "value", nullableString("The tag value."),
          "count", leaf(List.of("integer", "null"), "Events with this value."),
          "firstSeen", nullableString("First seen (ISO-8601)."),
          "lastSeen", nullableString("Last seen (ISO-8601).")), "The most frequent values.")));

  static final ToolSpec SPEC = ToolSpec.builder("get_issue_tag_values", "Get issue tag values", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.optionalOrganizationSlug())
          .add(Params.regionUrl())
          .add(IssueUrls.issueIdParam())
          .add(IssueUrls.issueUrlParam())
          .string("tagKey", "The tag key, e.g. `browser`, `url`, `release`.")
          .required().maxLength(200)
          .check(v -> TAG_KEY.matcher(v).matches() ? null
              : "must start with a letter or digit and contain only letters, digits, '.', '_' and '-'")
          .add()
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT)
      .build();

  GetIssueTagValuesTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String tagKey = args.requireString("tagKey");
    IssueReads.Target target = IssueReads.start(args, call, issue -> requireConstrainedProject(issue, call.context()));
    IssueUrls.IssueRef ref = target.ref();
    SentryJson tag;
    try {
      tag = target.api().get(ApiPath.of("/organizations/{org}/issues/{issueId}/tags/{tagKey}/",
          ref.organizationSlug(), ref.issueId(), tagKey), Query.create()).jsonObject("tag");
    } catch (ApiException e) {
      throw IssueReads.notFound(e, ref, "The issue or tag", "- tagKey: '" + tagKey + "'");
    }

    ToolResult.Builder out = ToolResult.builder();
    out.heading(1, "Tag " + tagKey + " of " + ref.issueId());
    out.field("Name", cut(tag.get("name")));
    Long total = count(tag.get("totalValues"));
    if (total != null) {
      out.fieldText("Total", Long.toString(total));
    }
    List<List<Inline>> rows = new ArrayList<>();
    List<Structured> values = new ArrayList<>();
    for (SentryJson v : tag.get("topValues").items()) {
      if (!v.isObject() || rows.size() == MAX_VALUES) {
        continue;
      }
      SentryJson value = EventRenderer.firstPresent(v.get("value"), v.get("name"));
      Long n = count(v.get("count"));
      rows.add(List.of(EventRenderer.cell(value.text(), VALUE_CHARS), Inline.text(n == null ? "" : n.toString()),
          IssueReads.time(v.get("firstSeen")), IssueReads.time(v.get("lastSeen"))));
      values.add(Structured.object()
          .put("value", text(value, VALUE_CHARS))
          .put("count", n)
          .putText("firstSeen", Rendering.isoTimestamp(v.get("firstSeen")))
          .putText("lastSeen", Rendering.isoTimestamp(v.get("lastSeen")))
          .build());
    }
    if (rows.isEmpty()) {
      out.paragraph("No values recorded for this tag.");
    } else {
      out.table(List.of("Value", "Count", "First Seen", "Last Seen"), rows);
    }
    out.structured(Structured.object().put("tag", Structured.object()
        .put("key", text(tag.get("key"), EventRenderer.SHORT_CHARS))
        .put("name", cut(tag.get("name")))
        .put("totalValues", total)
        .put("topValues", Structured.array(values))
        .build()).build());
    return out.build();
  }

  private static io.github.sentrymcp.api.result.@org.jspecify.annotations.Nullable Untrusted cut(SentryJson v) {
    var t = v.nonEmptyText();
    return t == null ? null : t.truncate(EventRenderer.SHORT_CHARS);
  }

  private static io.github.sentrymcp.api.result.@org.jspecify.annotations.Nullable Untrusted text(SentryJson v,
      int max) {
    var t = v.text();
    return t == null ? null : t.truncate(max);
  }

  private static @org.jspecify.annotations.Nullable Long count(SentryJson v) {
    java.util.OptionalLong n = v.asLong();
    return n.isPresent() ? n.getAsLong() : null;
  }
}
