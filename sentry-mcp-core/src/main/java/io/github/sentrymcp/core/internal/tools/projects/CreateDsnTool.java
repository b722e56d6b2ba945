package io.github.sentrymcp.core.internal.tools.projects;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.Scope;
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

/**
 * {@code create_dsn}: a new client key for an existing project ({@code POST /projects/{org}/{project}/keys/ {name}}).
 * Only the new key's public DSN is read from Sentry's answer; the secret DSN and the key's secret never enter the
 * result, and nothing of the answer is logged.
 */
final class CreateDsnTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Create an additional DSN (client key) for an EXISTING Sentry project.",
      "",
      "Use this tool when you need to:",
      "- Add another DSN to a project that already exists ('Create another DSN for project X')",
      "- Get a separate DSN for one environment of an existing project ('I need a production DSN')",
      "",
      "Do not use it for new projects: create_project creates the project with a DSN.",
      "",
      "Be careful when using this tool!",
      "",
      "<examples>",
      "create_dsn(organizationSlug='my-organization', projectSlug='my-project', name='Production')",
      "</examples>",
      "",
      "<hints>",
      "- If the user writes name/otherName, it is most likely <organizationSlug>/<projectSlug>.",
      "- If any parameter is ambiguous, clarify with the user what they meant.",
      "- Only the public DSN is returned; secret keys are never shown.",
      "</hints>");

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "dsn", object(
          "id", nullableString("Client key id."),
          "name", nullableString("Client key name."),
          "dsn", nullableString("Public DSN for SDK configuration.")));

  static final ToolSpec SPEC = ToolSpec.builder("create_dsn", "Create DSN", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(Params.projectSlug(true))
          .string("name", "The name of the DSN to create, for example 'Production'.").required().add()
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.WRITE)
      .scopes(Scope.PROJECT_WRITE)
      .skills(Skill.PROJECT_MANAGEMENT)
      .build();

  CreateDsnTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    CallContext context = call.context();
    String org = args.requireString("organizationSlug");
    String project = args.requireString("projectSlug");
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("projectSlug", project);
    Map<String, Object> body = Map.of("name", args.requireString("name"));
    ApiRequest request = ApiRequest.post(ApiPath.of("/projects/{org}/{project}/keys/", org, project), body);
    SentryApiClient client = call.api(args);
    SentryJson key = NotFoundHints.withHint(used, context.constraints(), () -> client.send(request))
        .jsonObject("key", TrustClass.UNTRUSTED_AUTHENTICATED);

    Untrusted id = key.get("id").nonEmptyText();
    Untrusted name = key.get("name").nonEmptyText();
    // only the public DSN: never dsn.secret, secret or any other key material
    Untrusted dsn = key.path("dsn", "public").nonEmptyText();
    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "New DSN in " + org + "/" + project)
        .field("ID", id)
        .field("Name", name)
        .field("DSN", dsn);
    if (dsn == null) {
      doc.fieldText("DSN", "not available in Sentry's answer; find_dsns lists the project's DSNs");
    }
    return doc.structured(Structured.object()
        .put("dsn", Structured.object().put("id", id).put("name", name).put("dsn", dsn).build())
        .build()).build();
  }
}
