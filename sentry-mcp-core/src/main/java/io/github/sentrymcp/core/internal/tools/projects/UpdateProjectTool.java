package io.github.sentrymcp.core.internal.tools.projects;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiRequest;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code update_project}: renames a project, changes its slug or its platform ({@code PUT /projects/{org}/{project}/}
 * with only the fields given). Under a project constraint the slug cannot change: the session would lose its project.
 */
final class UpdateProjectTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Update the name, slug or platform of a Sentry project.",
      "",
      "Use this tool when you need to:",
      "- Rename a project",
      "- Change a project's slug",
      "- Set or correct a project's platform",
      "",
      "<examples>",
      "update_project(organizationSlug='my-organization', projectSlug='old-name', name='New Name')",
      "update_project(organizationSlug='my-organization', projectSlug='my-project', platform='python')",
      "</examples>",
      "",
      "<hints>",
      "- If the user writes name/otherName, it is most likely <organizationSlug>/<projectSlug>.",
      "- Only the fields you pass are changed; pass at least one of name, slug and platform.",
      "- A new slug changes the project's URLs and the projectSlug of every later call.",
      "- To change which teams have access, use add_team_to_project and remove_team_from_project.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "project", object(
          "id", string("Project id."),
          "slug", string("Project slug after the update."),
          "name", nullableString("Project name after the update."),
          "platform", nullableString("Project platform after the update, or null when none is set.")));

  static final ToolSpec SPEC = ToolSpec.builder("update_project", "Update project", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(Params.projectSlug(true))
          .string("name", "The new name for the project.").nullable().add()
          .string("slug", "The new slug for the project (letters, digits, '.', '_' or '-').").nullable()
              .check(UpdateProjectTool::newSlugProblem).add()
          .string("platform", "The new platform for the project, e.g. python, javascript, react.").nullable().add()
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.DESTRUCTIVE_NOT_IDEMPOTENT) // W X ID- OW: overwrites settings, a new slug breaks links
      .scopes(Scope.PROJECT_WRITE)
      .skills(Skill.PROJECT_MANAGEMENT)
      .build();

  UpdateProjectTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  /** An empty slug means "not given"; anything else must follow the slug rule. */
  private static @Nullable String newSlugProblem(String value) {
    return value.isEmpty() ? null : Params.slugProblem(value);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    CallContext context = call.context();
    String org = args.requireString("organizationSlug");
    String project = args.requireString("projectSlug");
    String name = args.nonBlank("name");
    String slug = args.nonBlank("slug");
    String platform = args.nonBlank("platform");
    String constrained = context.constraints().projectSlug();
    if (constrained != null && slug != null && !slug.equals(project)) {
      throw SentryMcpException.permissionDenied("This session is constrained to the project " + constrained
          + "; update_project cannot change its slug.");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    if (name != null) {
      body.put("name", name);
    }
    if (slug != null) {
      body.put("slug", slug);
    }
    if (platform != null) {
      body.put("platform", platform);
    }
    if (body.isEmpty()) {
      throw SentryMcpException.invalidInput(
          "Nothing to update: pass at least one of name, slug and platform to update_project.");
    }
    SentryApiClient client = call.api(args);
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("projectSlug", project);
    SentryJson updated = NotFoundHints.withHint(used, context.constraints(),
        () -> client.send(ApiRequest.put(ApiPath.of("/projects/{org}/{project}/", org, project), body))
            .jsonObject("project", TrustClass.UNTRUSTED_AUTHENTICATED));

    Untrusted id = updated.get("id").nonEmptyText();
    Untrusted newSlug = updated.get("slug").nonEmptyText();
    Untrusted newName = updated.get("name").nonEmptyText();
    Untrusted newPlatform = updated.get("platform").nonEmptyText();
    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Updated Project in " + org)
        .field("ID", id)
        .field("Slug", newSlug)
        .field("Name", newName)
        .field("Platform", newPlatform)
        .fieldText("Updated fields", String.join(", ", body.keySet()));
    if (slug != null && !slug.equals(project)) {
      doc.heading(2, "Using this information")
          .paragraph("The project's slug is no longer " + project + ": use the new slug above as projectSlug in"
              + " later calls, and tell the user that links to the project change with it.");
    }
    doc.structured(Structured.object()
        .put("project", Structured.object()
            .put("id", id == null ? Structured.str("") : Structured.of(id))
            .put("slug", newSlug == null ? Structured.str(slug != null ? slug : project) : Structured.of(newSlug))
            .put("name", newName)
            .put("platform", newPlatform)
            .build())
        .build());
    return doc.build();
  }
}
