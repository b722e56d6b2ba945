package io.github.sentrymcp.core.internal.tools.organizations;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.concat;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.Columns;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.Paging;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.Map;

/**
 * {@code find_projects}: one page of an organization's projects ({@code GET /organizations/{org}/projects/}). Hidden
 * when the session is pinned to a project.
 */
final class FindProjectsTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Find projects in a Sentry organization, e.g. to get a project slug for tools that take projectSlug.",
      "",
      "<examples>",
      "find_projects(organizationSlug='my-organization', query='frontend')",
      "</examples>",
      "",
      "<hints>",
      "- name/otherName is most likely <organizationSlug>/<projectSlug>.",
      "- Up to 25 projects per call; pass nextCursor as cursor for the next page.",
      "</hints>");

  /** A project: slug, name and platform in the table (the id only in the structured items); {@code id}, {@code slug}, ... in the structured items. */
  static final Columns<SentryJson> PROJECTS = Columns.<SentryJson>builder()
      .column("ID", "id", string("Project id."), p -> p.get("id").nonEmptyText())
      .column("Slug", "slug", string("Project slug."), p -> p.get("slug").nonEmptyText())
      .column("Name", "name", nullableString("Project name."), p -> p.get("name").nonEmptyText())
      .column("Platform", "platform", nullableString("Project platform, e.g. javascript or python."),
          p -> p.get("platform").nonEmptyText())
      .displayOrder("Slug", "Name", "Platform")
      .skipItemsWithout("slug")
      .build();

  static final Map<String, Object> OUTPUT_SCHEMA = root(concat(
      new Object[] {"projects", PROJECTS.arraySchema("The projects on this page (at most 25).")},
      Paging.outputProps()));

  static final ToolSpec SPEC = ToolSpec.builder("find_projects", "Find projects", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(Params.query("Only projects whose slug or name contains this text."))
          .add(Params.cursor())
          .add(PROJECTS.fieldsParam())
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.PROJECT_READ)
      .allSkills()
      .build();

  FindProjectsTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  /** Pointless when the session is pinned to one project. */
  @Override
  public boolean hiddenUnder(SessionConstraints constraints) {
    return constraints.projectSlug() != null;
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    CallContext context = call.context();
    String org = args.requireString("organizationSlug");
    SentryApiClient client = call.api(args);
    Paging.Page page = NotFoundHints.withHint(
        Map.of("organizationSlug", org), context.constraints(),
        () -> Paging.fetch(client, ApiPath.of("/organizations/{org}/projects/", org),
            Paging.query(args, Paging.PAGE_SIZE), "projects",
            TrustClass.UNTRUSTED_AUTHENTICATED));

    ToolResult.Builder doc = ToolResult.builder().heading(1, "Projects in " + org);
    PROJECTS.table(doc, page.items(),
        args.nonBlank("query") != null ? "No projects matched the query." : "No projects found.",
        Columns.fields(args));
    Paging.append(doc, page, "projects");
    doc.structured(Paging.put(
        Structured.object().put("projects", PROJECTS.structured(page.items())), page).build());
    return doc.build();
  }
}
