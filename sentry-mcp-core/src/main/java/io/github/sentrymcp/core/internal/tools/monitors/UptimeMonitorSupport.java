package io.github.sentrymcp.core.internal.tools.monitors;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.leaf;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableInteger;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiResponse;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.SecretHeaders;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the uptime monitor write tools share: their monitor parameters (Sentry's uptime API rules), the request body
 * built from the provided parameters only, and the monitor summary they return (markdown and structured content).
 *
 * <p>The summary never shows the request body of the check, and shows a header's value as {@value
 * SecretHeaders#REDACTED} when its name looks like a secret ({@link SecretHeaders}).
 */
final class UptimeMonitorSupport {
  private UptimeMonitorSupport() {}

  /** Allowed check intervals in seconds (Sentry's {@code UptimeSubscription.IntervalSeconds}). */
  static final List<Long> INTERVAL_SECONDS = List.of(60L, 300L, 600L, 1200L, 1800L, 3600L);

  /** Sentry's {@code UptimeSubscription.SupportedHTTPMethods}. */
  static final List<String> METHODS = List.of("GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS");

  static final List<String> STATUSES = List.of("active", "disabled");

  static final Pattern OWNER = Pattern.compile("(user|team):.+");

  /** How a parameter's value is read from the arguments. */
  enum Kind {
    STRING,
    INTEGER,
    BOOLEAN,
    PAIRS
  }

  /** The monitor parameters after the organization, region and project, in the order they are advertised. */
  enum Field {
    NAME("name", Kind.STRING),
    URL("url", Kind.STRING),
    INTERVAL_SECONDS("intervalSeconds", Kind.INTEGER),
    TIMEOUT_MS("timeoutMs", Kind.INTEGER),
    METHOD("method", Kind.STRING),
    HEADERS("headers", Kind.PAIRS),
    BODY("body", Kind.STRING),
    STATUS("status", Kind.STRING),
    OWNER("owner", Kind.STRING),
    ENVIRONMENT("environment", Kind.STRING),
    TRACE_SAMPLING("traceSampling", Kind.BOOLEAN),
    RESPONSE_CAPTURE_ENABLED("responseCaptureEnabled", Kind.BOOLEAN),
    RECOVERY_THRESHOLD("recoveryThreshold", Kind.INTEGER),
    DOWNTIME_THRESHOLD("downtimeThreshold", Kind.INTEGER);

    final String param;
    final Kind kind;

    Field(String param, Kind kind) {
      this.param = param;
      this.kind = kind;
    }

    /** The provided value, or null when the parameter was left out or passed as null. */
    @Nullable Object value(Args args) {
      if (!args.has(param)) {
        return null;
      }
      switch (kind) {
        case STRING:
          return args.string(param);
        case INTEGER:
          return args.integer(param);
        case BOOLEAN:
          return args.bool(param, false);
        case PAIRS:
          return args.pairs(param);
      }
      throw new AssertionError(kind);
    }
  }

  /** Fields an update may clear by passing JSON {@code null}. */
  static final List<Field> CLEARABLE = List.of(Field.BODY, Field.OWNER, Field.ENVIRONMENT);

  /** {@code uptimeMonitorId}: the id Sentry gave the monitor, checked with the resource-id rule. */
  static void addMonitorId(InputSchema.Builder b) {
    b.string("uptimeMonitorId", "Uptime monitor ID (detector id).")
        .required().minLength(1).check(Params::resourceIdProblem).add();
  }

  /**
   * Adds the monitor parameters.
   *
   * @param create true for create_uptime_monitor (name, url and intervalSeconds required, timeoutMs defaults to
   *     5000); false for update_uptime_monitor (all optional without defaults; body, owner and environment accept
   *     null to clear)
   */
  static void addMonitorFields(InputSchema.Builder b, boolean create) {
    InputSchema.ParamBuilder name = b.string("name", "Monitor display name.").minLength(1).maxLength(128);
    (create ? name.required() : name).add();
    InputSchema.ParamBuilder url = b.string("url", "URL to check.").check(UptimeMonitorSupport::urlProblem);
    (create ? url.required() : url).add();
    InputSchema.ParamBuilder interval = b.integer("intervalSeconds",
            "Seconds between checks. Allowed values: 60, 300, 600, 1200, 1800, 3600.")
        .minimum(60).maximum(3600);
    (create ? interval.required() : interval).add();
    InputSchema.ParamBuilder timeout = b.integer("timeoutMs", "Request timeout in milliseconds (1000-60000).")
        .minimum(1000).maximum(60_000);
    (create ? timeout.defaultValue(5000L) : timeout).add();
    b.string("method", "HTTP method used for the uptime check request.").enumValues(METHODS).add();
    b.stringPairs("headers",
        "Optional HTTP headers as an array of [name, value] pairs, e.g. [[\"Accept\",\"application/json\"]].")
        .add();
    InputSchema.ParamBuilder body = b.string("body", create
            ? "Optional request body for methods that support a body."
            : "Request body. Pass `null` to clear the body.")
        .noTrim();
    (create ? body : body.nullable()).add();
    b.string("status", "Monitor status. `disabled` stops checks and does not count against quota.")
        .enumValues(STATUSES).add();
    InputSchema.ParamBuilder owner = b.string("owner", create
            ? "Owner actor in `user:ID` or `team:ID` format."
            : "Owner actor in `user:ID` or `team:ID` format. Pass `null` to clear the owner.")
        .minLength(1).check(UptimeMonitorSupport::ownerProblem);
    (create ? owner : owner.nullable()).add();
    InputSchema.ParamBuilder environment = b.string("environment", create
            ? "Optional environment name for created uptime issues."
            : "Environment name. Pass `null` to clear the environment.")
        .minLength(1).maxLength(64);
    (create ? environment : environment.nullable()).add();
    b.bool("traceSampling", "Whether check requests may be considered for tracing.").add();
    b.bool("responseCaptureEnabled", "Capture response body/headers on failures.").add();
    b.integer("recoveryThreshold", "Consecutive successful checks required to recover.").minimum(1).add();
    b.integer("downtimeThreshold", "Consecutive failed checks required to mark down.").minimum(1).add();
  }

  static @Nullable String urlProblem(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      return "must be a valid URL";
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      return "must be an http or https URL";
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      return "must be an absolute URL with a host";
    }
    return null;
  }

  static @Nullable String ownerProblem(String value) {
    return OWNER.matcher(value).matches()
        ? null
        : "must use `user:ID` or `team:ID` format (e.g. `user:123` or `team:456`)";
  }

  /** {@code intervalSeconds} must be one of {@link #INTERVAL_SECONDS}; checked before any request. */
  static void checkInterval(String tool, Args args) {
    Long interval = args.integer("intervalSeconds");
    if (interval != null && !INTERVAL_SECONDS.contains(interval)) {
      throw SentryMcpException.invalidInput("Invalid arguments for " + tool
          + ": intervalSeconds: must be one of 60, 300, 600, 1200, 1800, 3600.");
    }
  }

  /**
   * The JSON body: every provided field under its own name (Sentry's uptime API is camelCase), explicit nulls for
   * cleared fields, nothing for fields left out.
   */
  static Map<String, @Nullable Object> body(Args args) {
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    for (Field f : Field.values()) {
      Object value = f.value(args);
      if (value != null) {
        body.put(f.param, value);
      } else if (CLEARABLE.contains(f) && args.isExplicitNull(f.param)) {
        body.put(f.param, null);
      }
    }
    return body;
  }

  // ------------------------------------------------------------------ the read tools

  /** The literal that means "every project" in the list tools' {@code projectSlug} (lower case only). */
  static final String ALL_PROJECTS = "all";

  /** The project to filter by: {@code projectSlug} unless absent or the literal {@value #ALL_PROJECTS}. */
  static @Nullable String projectFilter(Args args) {
    String project = args.nonBlank("projectSlug");
    return project == null || project.equals(ALL_PROJECTS) ? null : project;
  }

  /** The project's numeric id ({@code GET /projects/{org}/{project}/}), as data: it came from Sentry. */
  static Untrusted projectId(SentryApiClient client, String org, String project) {
    ApiResponse response = client.get(ApiPath.of("/projects/{org}/{project}/", org, project));
    SentryJson body = response.jsonObject("project", TrustClass.UNTRUSTED_AUTHENTICATED);
    Untrusted id = body.get("id").nonEmptyText();
    if (id == null) {
      throw response.wrongShape(body, "a project with an id");
    }
    return id;
  }

  /** Under a project constraint, a monitor whose project Sentry names must be the constrained one. */
  static void requireConstrainedProject(@Nullable Untrusted monitorProject, CallContext context, String what) {
    String pinned = context.constraints().projectSlug();
    if (pinned != null && monitorProject != null && !monitorProject.contentEquals(pinned)) {
      throw SentryMcpException.permissionDenied(
          "The " + what + " does not belong to the project this session is constrained to (" + pinned + ").");
    }
  }

  // ------------------------------------------------------------------ the returned monitor

  static Map<String, Object> monitorSchema() {
    return object(
        "id", nullableString("Uptime monitor ID."),
        "name", nullableString("Monitor display name."),
        "projectSlug", nullableString("Project the monitor belongs to."),
        "status", nullableString("Monitor status, e.g. active or disabled."),
        "uptimeStatus", string("Last known result: ok, failed or unknown."),
        "url", nullableString("URL that is checked."),
        "method", nullableString("HTTP method of the check."),
        "intervalSeconds", nullableInteger("Seconds between checks."),
        "environment", nullableString("Environment of created uptime issues."),
        "owner", nullableString("Owner (team or user) name."),
        "webUrl", nullableString("Monitor URL in the Sentry web UI."),
        "timeoutMs", nullableInteger("Request timeout in milliseconds."),
        "recoveryThreshold", nullableInteger("Consecutive successful checks required to recover."),
        "downtimeThreshold", nullableInteger("Consecutive failed checks required to mark down."),
        "traceSampling", leaf(List.of("boolean", "null"), "Whether check requests may be traced."),
        "responseCaptureEnabled", leaf(List.of("boolean", "null"), "Whether responses are captured on failures."),
        "headers", array(object(
                "name", string("Header name."),
                "value", string("Header value; " + SecretHeaders.REDACTED + " when the name looks like a secret.")),
            "Request headers of the check, secret values redacted. The request body is never returned."));
  }

  static Map<String, Object> outputSchema() {
    return root("monitor", monitorSchema());
  }

  /**
   * Renders the monitor Sentry returned into {@code doc} and returns its structured summary.
   *
   * @param org the validated organization slug (for the web URL)
   */
  static Structured.Obj render(ToolResult.Builder doc, SentryJson m, String org, WebLinks links) {
    Untrusted id = m.get("id").nonEmptyText();
    Untrusted name = m.get("name").nonEmptyText();
    Untrusted project = m.get("projectSlug").nonEmptyText();
    Untrusted status = m.get("status").nonEmptyText();
    String uptimeStatus = uptimeStatus(m.get("uptimeStatus"));
    Untrusted url = m.get("url").nonEmptyText();
    Untrusted method = m.get("method").nonEmptyText();
    Long interval = orNull(m.get("intervalSeconds").asLong());
    Untrusted environment = nonBlank(m.get("environment").text());
    Untrusted owner = owner(m.get("owner"));
    Untrusted webUrl = id == null ? null : links.uptimeMonitor(org, id);
    Long timeout = orNull(m.get("timeoutMs").asLong());
    Long recovery = orNull(m.get("recoveryThreshold").asLong());
    Long downtime = orNull(m.get("downtimeThreshold").asLong());
    Boolean traceSampling = m.get("traceSampling").asBoolean().orElse(null);
    Boolean responseCapture = m.get("responseCaptureEnabled").asBoolean().orElse(null);

    doc.field("ID", id)
        .field("Name", name)
        .field("Project", project)
        .field("Status", status)
        .fieldText("Uptime Status", uptimeStatus)
        .field("URL", url)
        .field("Method", method);
    if (interval != null) {
      doc.fieldText("Interval", interval + "s");
    }
    if (timeout != null) {
      doc.fieldText("Timeout", timeout + "ms");
    }
    doc.field("Environment", environment).field("Owner", owner);
    if (recovery != null) {
      doc.fieldText("Recovery Threshold", String.valueOf(recovery));
    }
    if (downtime != null) {
      doc.fieldText("Downtime Threshold", String.valueOf(downtime));
    }
    if (traceSampling != null) {
      doc.fieldText("Trace Sampling", traceSampling ? "enabled" : "disabled");
    }
    if (responseCapture != null) {
      doc.fieldText("Response Capture", responseCapture ? "enabled" : "disabled");
    }
    doc.field("Web URL", webUrl);

    List<Structured> headers = new ArrayList<>();
    List<List<Inline>> bullets = new ArrayList<>();
    for (Header h : headers(m.get("headers"))) {
      boolean secret = SecretHeaders.isSecret(h.name());
      Untrusted value = h.value();
      bullets.add(List.of(Inline.data(h.name()), Inline.text(": "),
          secret || value == null ? Inline.text(SecretHeaders.REDACTED) : Inline.data(value)));
      headers.add(Structured.object()
          .put("name", h.name())
          .put("value", secret || value == null ? Structured.str(SecretHeaders.REDACTED) : Structured.of(value))
          .build());
    }
    if (!bullets.isEmpty()) {
      doc.heading(2, "Headers").bullets(bullets);
    }

    return Structured.object()
        .put("id", id)
        .put("name", name)
        .put("projectSlug", project)
        .put("status", status)
        .putText("uptimeStatus", uptimeStatus)
        .put("url", url)
        .put("method", method)
        .put("intervalSeconds", interval)
        .put("environment", environment)
        .put("owner", owner)
        .put("webUrl", webUrl)
        .put("timeoutMs", timeout)
        .put("recoveryThreshold", recovery)
        .put("downtimeThreshold", downtime)
        .put("traceSampling", traceSampling == null ? Structured.NULL : Structured.of(traceSampling))
        .put("responseCaptureEnabled", responseCapture == null ? Structured.NULL : Structured.of(responseCapture))
        .put("headers", Structured.array(headers))
        .build();
  }

  /** One request header of a monitor; {@code value} is null when it is not a string (then shown redacted). */
  record Header(Untrusted name, @Nullable Untrusted value) {}

  /**
   * The headers: Sentry sends {@code [[name, value], ...]}; an object {@code {name: value}} is read too. Malformed
   * entries are skipped.
   */
  static List<Header> headers(SentryJson headers) {
    List<Header> out = new ArrayList<>();
    if (headers.isArray()) {
      for (SentryJson pair : headers.items()) {
        SentryJson name = pair.at(0);
        if (!pair.isArray() || pair.size() < 2 || !name.isText()) {
          continue;
        }
        Untrusted n = name.text();
        if (n != null) {
          out.add(new Header(n, textOnly(pair.at(1))));
        }
      }
    } else if (headers.isObject()) {
      for (SentryJson.Entry e : headers.entries()) {
        out.add(new Header(e.key(), textOnly(e.value())));
      }
    }
    return out;
  }

  private static @Nullable Untrusted textOnly(SentryJson v) {
    return v.isText() ? v.text() : null;
  }

  /** 1 (or "1", "ok") is ok, 2 (or "2", "failed") is failed, anything else unknown. */
  static String uptimeStatus(SentryJson v) {
    OptionalLong n = v.asLong();
    if ((n.isPresent() && n.getAsLong() == 1) || v.textEquals("ok")) {
      return "ok";
    }
    if ((n.isPresent() && n.getAsLong() == 2) || v.textEquals("failed")) {
      return "failed";
    }
    return "unknown";
  }

  /** A string owner as is; an actor object by name, email, username or id; null when none is usable. */
  static @Nullable Untrusted owner(SentryJson v) {
    if (v.isText()) {
      Untrusted t = v.nonEmptyText();
      return t == null || t.contentEquals("unknown") ? null : t;
    }
    if (!v.isObject()) {
      return null;
    }
    for (String field : List.of("name", "email", "username", "id")) {
      Untrusted t = nonBlank(v.get(field).text());
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  static @Nullable Untrusted nonBlank(@Nullable Untrusted u) {
    return u == null || u.isBlank() ? null : u;
  }

  private static @Nullable Long orNull(OptionalLong v) {
    return v.isPresent() ? v.getAsLong() : null;
  }
}
