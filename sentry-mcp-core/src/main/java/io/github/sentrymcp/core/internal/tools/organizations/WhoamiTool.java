package io.github.sentrymcp.core.internal.tools.organizations;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.bool;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableObjectOptionalProps;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.Map;

/**
 * {@code whoami}: the user behind the access token ({@code GET /auth/}, on the control host for SaaS), the session's
 * constraints and whether the server runs in sandbox mode.
 */
final class WhoamiTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Identify the Sentry user this server acts as, the session's organization/project constraints and whether it runs in sandbox mode (fake sample data).",
      "",
      "<examples>",
      "whoami()",
      "</examples>");

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "user", object(
          "id", string("Sentry user id."),
          "name", nullableString("Display name, if set."),
          "email", string("Primary email address.")),
      "sessionConstraints", nullableObjectOptionalProps(
          "organizationSlug", string("Organization every call is pinned to."),
          "projectSlug", string("Project every call is pinned to."),
          "regionUrl", string("Region URL every call is pinned to.")),
      "sandbox", bool("True when the server talks to a fake Sentry with sample data."));

  static final ToolSpec SPEC = ToolSpec.builder("whoami", "Identify the authenticated Sentry user", DESCRIPTION)
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes()
      .allSkills()
      .build();

  WhoamiTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    CallContext context = call.context();
    SentryJson user = call.api().controlHost().get(ApiPath.of("/auth/"))
        .jsonObject("user", TrustClass.UNTRUSTED_AUTHENTICATED);
    Untrusted id = user.get("id").nonEmptyText();
    Untrusted name = user.get("name").nonEmptyText();
    Untrusted email = user.get("email").nonEmptyText();
    boolean sandbox = env.config().sandbox();
    SessionConstraints c = context.constraints();

    ToolResult.Builder doc = ToolResult.builder().heading(1, "Authenticated User");
    if (sandbox) {
      doc.paragraph("**SANDBOX MODE**: this server talks to a fake Sentry that serves fake sample data, not a real"
          + " Sentry account. Nothing shown by any tool in this session describes real users, organizations or"
          + " errors.");
    }
    doc
        .field("Name", name)
        .field("Email", email)
        .field("User ID", id);
    if (!c.isEmpty()) {
      doc.heading(2, "Session Constraints");
      if (c.organizationSlug() != null) {
        doc.fieldText("Organization", c.organizationSlug());
      }
      if (c.projectSlug() != null) {
        doc.fieldText("Project", c.projectSlug());
      }
      if (c.regionUrl() != null) {
        doc.fieldText("Region URL", c.regionUrl());
      }
    }

    Structured.ObjBuilder constraints = null;
    if (!c.isEmpty()) {
      constraints = Structured.object();
      for (Map.Entry<String, String> e : c.asParameters().entrySet()) {
        constraints.putText(e.getKey(), e.getValue());
      }
    }
    doc.structured(Structured.object()
        .put("user", Structured.object()
            .put("id", id == null ? Structured.str("") : Structured.of(id))
            .put("name", name)
            .put("email", email == null ? Structured.str("") : Structured.of(email))
            .build())
        .put("sessionConstraints", constraints == null ? Structured.NULL : constraints.build())
        .put("sandbox", sandbox)
        .build());
    return doc.build();
  }
}
