package io.github.sentrymcp.core.internal.tools.dashboards;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.concat;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.ResumeCursor;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.Paging;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code find_dashboards}: one page of an organization's dashboards ({@code GET /organizations/{org}/dashboards/}).
 *
 * <p>Under a project constraint only dashboards that show the project (no project list, or one naming it) are
 * returned; Sentry cannot filter them, so the tool pages through Sentry's list and hands back its own cursor,
 * {@code mcp-dashboard-project:} + base64url of {@code {"v":1,"apiCursor":...,"offset":n,"pageLimit":n}} (Sentry's
 * cursor of the page and how many visible dashboards of it were already returned). Sentry cursors are refused in that
 * mode and such cursors are refused in organization-wide mode, as in the reference server.
 */
final class FindDashboardsTool extends AbstractSentryTool {
  static final String PROJECT_CURSOR_PREFIX = "mcp-dashboard-project:";
  private static final int DEFAULT_LIMIT = 10;
  private static final int MAX_PAGES = 10;

  static final String DESCRIPTION = String.join("\n",
      "Find dashboards in a Sentry organization, optionally by title.",
      "",
      "Use this tool when you need to:",
      "- List an organization's dashboards",
      "- Find a dashboard's id for get_dashboard_details",
      "",
      "<examples>",
      "find_dashboards(organizationSlug='my-organization', titleQuery='errors')",
      "</examples>",
      "",
      "<hints>",
      "- Pass nextCursor as cursor, with the same search.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root(concat(
      new Object[] {"dashboards", Dashboards.SUMMARY.arraySchema("The dashboards on this page.")},
      Paging.outputProps()));

  static final ToolSpec SPEC = ToolSpec.builder("find_dashboards", "Find dashboards", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .string("titleQuery", "Only dashboards whose title contains this text.").nullable().maxLength(200).add()
          .string("sort", "Sort order: title, -title, dateCreated or -dateCreated. Default: title.")
          .enumValues(List.of("title", "-title", "dateCreated", "-dateCreated")).defaultValue("title").add()
          .add(Params.cursor())
          .integer("limit", "Maximum number of dashboards to return (1-100, default: 10).")
          .minimum(1).maximum(100).defaultValue((long) DEFAULT_LIMIT).add()
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.ORG_READ)
      .skills(Skill.INSPECT)
      .build();

  FindDashboardsTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String title = args.nonBlank("titleQuery");
    String sort = args.nonBlank("sort") == null ? "title" : args.requireString("sort");
    String cursor = args.nonBlank("cursor");
    int limit = args.intValue("limit", DEFAULT_LIMIT);
    String project = call.constraints().projectSlug();
    boolean mcpCursor = cursor != null && cursor.startsWith(PROJECT_CURSOR_PREFIX);
    if (project == null && mcpCursor) {
      throw SentryMcpException.invalidInput("This cursor belongs to a project-scoped dashboard search; start a new"
          + " find_dashboards call without a cursor.");
    }
    if (project != null && cursor != null && !mcpCursor) {
      throw SentryMcpException.invalidInput("Invalid dashboard cursor: pass the cursor exactly as find_dashboards"
          + " returned it.");
    }
    ResumeCursor pc = null;
    if (mcpCursor && cursor != null) {
      pc = ResumeCursor.decode(PROJECT_CURSOR_PREFIX, cursor);
      if (pc == null) {
        throw SentryMcpException.invalidInput(
            "Invalid dashboard cursor: pass the cursor exactly as find_dashboards returned it.");
      }
    }
    SentryApiClient api = call.api(args);
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    ApiPath path = ApiPath.of("/organizations/{org}/dashboards/", org);

    List<SentryJson> items;
    @Nullable Untrusted next;
    boolean hasMore;
    if (project == null) {
      Paging.Page page = NotFoundHints.withHint(used, call.constraints(), () -> Paging.fetch(api, path,
          query(limit, title, sort, null).add("cursor", cursor), "dashboards", Dashboards.MEMBER));
      items = page.items();
      next = page.nextCursor();
      hasMore = page.hasMore();
    } else {
      String projectId = NotFoundHints.withHint(used, call.constraints(),
          () -> Dashboards.projectId(api, org, project));
      int pageLimit = pc == null ? limit : pc.pageLimit();
      Untrusted apiCursor = pc == null ? null : pc.apiCursor();
      int offset = pc == null ? 0 : pc.offset();
      items = new ArrayList<>();
      next = null;
      List<Untrusted> seen = new ArrayList<>();
      if (apiCursor != null) {
        seen.add(apiCursor);
      }
      for (int pages = 0; pages < MAX_PAGES; pages++) {
        call.checkCancelled();
        Untrusted pageCursor = apiCursor;
        Paging.Page page = NotFoundHints.withHint(used, call.constraints(), () -> Paging.fetch(api, path,
            query(pageLimit, title, sort, pageCursor), "dashboards", Dashboards.MEMBER));
        List<SentryJson> visible = Dashboards.visible(page.items(), projectId);
        List<SentryJson> rest = offset >= visible.size() ? List.of() : visible.subList(offset, visible.size());
        int room = limit - items.size();
        if (rest.size() > room) {
          items.addAll(rest.subList(0, room));
          next = cursorValue(new ResumeCursor(apiCursor, offset + room, pageLimit));
          break;
        }
        items.addAll(rest);
        offset = 0;
        Untrusted sentryNext = page.nextCursor();
        if (sentryNext == null || seen.stream().anyMatch(sentryNext::sameText)) {
          break;
        }
        seen.add(sentryNext);
        apiCursor = sentryNext;
        if (items.size() >= limit || pages == MAX_PAGES - 1) {
          next = cursorValue(new ResumeCursor(apiCursor, 0, pageLimit));
          break;
        }
      }
      hasMore = next != null;
    }

    ToolResult.Builder doc = ToolResult.builder().heading(1, "Dashboards in " + org);
    if (title != null) {
      doc.field("Title query", Inline.data(Untrusted.of(title, "arguments.titleQuery", TrustClass.UNTRUSTED_EXTERNAL)));
    }
    int rows = Dashboards.SUMMARY.table(doc, items, "No dashboards found.", Dashboards.TABLE_FIELDS);
    if (rows > 0) {
      doc.paragraph(Inline.text("Widgets and saved queries: "), Inline.code("get_dashboard_details"),
          Inline.text(" with an ID."));
    }
    Paging.Page shown = new Paging.Page(items, next, hasMore);
    Paging.append(doc, shown, "dashboards");
    doc.structured(Paging.put(Structured.object().put("dashboards", Dashboards.SUMMARY.structured(items)), shown)
        .build());
    return doc.build();
  }

  private static Untrusted cursorValue(ResumeCursor c) {
    return Untrusted.of(c.encode(PROJECT_CURSOR_PREFIX), "server.cursor", TrustClass.UNTRUSTED_AUTHENTICATED);
  }

  private static Query query(int perPage, @Nullable String title, String sort, @Nullable Untrusted cursor) {
    return Query.create().add("per_page", perPage).add("query", title).add("sort", sort).add("cursor", cursor);
  }
}
