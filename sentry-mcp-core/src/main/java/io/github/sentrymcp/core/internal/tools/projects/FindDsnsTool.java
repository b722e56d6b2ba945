package io.github.sentrymcp.core.internal.tools.projects;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.concat;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.Query;
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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code find_dsns}: a project's client keys ({@code GET /projects/{org}/{project}/keys/}). Only the public DSN is
 * ever read from the response; the secret DSN and the key's secret never enter the result.
 */
final class FindDsnsTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Find the public DSNs (client keys) of a Sentry project, e.g. to configure a Sentry SDK. Secret keys are never shown.",
      "",
      "<examples>",
      "find_dsns(organizationSlug='my-organization', projectSlug='my-project')",
      "</examples>",
      "",
      "<hints>",
      "- Pass nextCursor as cursor for the next page.",
      "</hints>");

  /**
   * A client key: a table row each with its name, id and DSN, and a structured item. Only the
   * public DSN is ever read: never {@code dsn.secret}, {@code secret} or any other key material.
   */
  static final Columns<SentryJson> KEYS = Columns.<SentryJson>builder()
      .column("ID", "id", string("Client key id."), k -> k.get("id").nonEmptyText())
      .column("Name", "name", nullableString("Client key name."), k -> k.get("name").nonEmptyText())
      .column("DSN", "dsn", nullableString("Public DSN for SDK configuration."),
          k -> k.path("dsn", "public").nonEmptyText(), "not available")
      .displayOrder("Name", "ID", "DSN")
      .skipItemsWithout("id")
      .build();

  static final Map<String, Object> OUTPUT_SCHEMA = root(concat(
      new Object[] {"dsns", KEYS.arraySchema("The project's client keys on this page.")}, Paging.outputProps()));

  static final ToolSpec SPEC = ToolSpec.builder("find_dsns", "Find DSNs", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(Params.projectSlug(true))
          .add(Params.cursor())
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.PROJECT_READ)
      .skills(Skill.PROJECT_MANAGEMENT)
      .build();

  FindDsnsTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    CallContext context = call.context();
    String org = args.requireString("organizationSlug");
    String project = args.requireString("projectSlug");
    SentryApiClient client = call.api(args);
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("projectSlug", project);
    Paging.Page page = NotFoundHints.withHint(used, context.constraints(),
        () -> Paging.fetch(client, ApiPath.of("/projects/{org}/{project}/keys/", org, project),
            Query.create().add("cursor", args.nonBlank("cursor")), "keys", TrustClass.UNTRUSTED_AUTHENTICATED));

    ToolResult.Builder doc = ToolResult.builder().heading(1, "DSNs in " + org + "/" + project);
    KEYS.table(doc, page.items(), "No client keys found for this project.");
    Paging.append(doc, page, "client keys");
    doc.structured(Paging.put(Structured.object().put("dsns", KEYS.structured(page.items())), page).build());
    return doc.build();
  }
}
