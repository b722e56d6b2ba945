package io.github.sentrymcp.core;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.sentrymcp.api.ToolDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tool arguments for the catalog canary, derived from each tool's input schema ({@code properties}, {@code
 * required}) and a table of values that reach FakeSentry's fixtures, keyed by parameter name.
 *
 * <p>The base argument set of a tool holds every parameter of its schema that has a {@linkplain #KNOWN known
 * value}. Each {@linkplain #VARIANTS variant} then derives one more set: it applies to a tool whose schema has the
 * variant's first parameter, sets the variant's values for the parameters the schema has and removes those marked
 * {@link #ABSENT} (a variant that would remove a required parameter is skipped). A required parameter without a
 * known value fails the canary, so a new tool cannot slip past it.
 */
final class CanaryArguments {
  private CanaryArguments() {}

  /** Marks a parameter a variant leaves out. */
  static final Object ABSENT = new Object() {
    @Override
    public String toString() {
      return "(absent)";
    }
  };

  static final String ORG = "sentry-mcp-evals";
  static final String PROJECT = "cloudflare-mcp";
  static final String ISSUE = "CLOUDFLARE-MCP-41";
  static final String EVENT = "7ca573c0f4814912aaa9bdc77d1a7d51";
  /** The transaction event served by id (trace-event.json). */
  static final String TRANSACTION_EVENT = "db633982397f45fca67621093b1430ef";
  static final String TRACE = "a4d1aae7216b47ff8117cf4e09ce9d0a";
  /** The event with threads (threads-event.json), served for any issue. */
  static final String THREADS_EVENT = "c49541c747cb4d8aa3efb70ca5aba243";
  /** A span of trace.json that has a child. */
  static final String SPAN = "8d168defc9c334fa";
  /** The release of release.json (with deploys and commits). */
  static final String RELEASE = "8ce89484-0fec-4913-a2cd-e8e2d41dee36";

  /**
   * Parameter name to a value that reaches a fixture. Add a row when a new tool has a required parameter that is not
   * here (the value must make FakeSentry answer from its dataset: see {@code SentryApi} in the testkit).
   */
  static final Map<String, Object> KNOWN = known(
      "organizationSlug", ORG,
      "projectSlug", PROJECT,
      "projectSlugOrId", PROJECT,
      "teamSlug", "the-goats",
      "name", "canary-name",
      "issueId", ISSUE,
      "issueUrl", "https://" + ORG + ".sentry.io/issues/" + ISSUE + "/",
      "eventId", EVENT,
      "tagKey", "url",
      "traceId", TRACE,
      "replayId", "7e07485f-12f9-416b-8b14-26260799b51f",
      "spanId", SPAN,
      // get_profile: the flamegraph fixture's transaction
      "transactionName", "/api/users",
      "profileId", "cfe78a5c892d4a64a962d837673398d2",
      "attachmentId", "123",
      "query", "",
      "includeExplanation", true,
      // update_issue needs status or assignedTo; "status" is left out on purpose (other tools' status enums differ)
      "assignedTo", "user:1",
      "text", "Investigating.",
      // link_issue / unlink_issue: an issue URL of the dataset's GitHub installation (owner getsentry)
      "externalIssueUrl", "https://github.com/getsentry/sentry-mcp/issues/41",
      // write tools: the client key and uptime monitor of the dataset
      "name", "Production",
      "keyId", "d20df0a1ab5031c7f3c7edca9c02814d",
      "url", "https://example.com/health",
      "intervalSeconds", 60,
      "uptimeMonitorId", "4509100000001001",
      // get_monitor_details: the cron monitor of the dataset
      "monitorSlug", "nightly-import",
      // alert rule write tools: the dataset's alert rule (workflow)
      "ruleIdOrName", "4509200000000123",
      "ruleId", "4509200000000123",
      "actionFilters", List.of(),
      // the custom inbound filter of the dataset
      "filterId", "4509100000002001",
      // the Metric Monitor of the dataset (metric-monitor.json), and Static detection for its write tools
      "monitorId", "4509100000002001",
      "config", known("detectionType", "static"),
      "conditionGroup", known("logicType", "any", "conditions", List.of(known("type", "gt", "comparison", 100,
          "conditionResult", 75), known("type", "lte", "comparison", 50, "conditionResult", 0))),
      // get_doc: a page of the docs fixtures
      "path", "/platforms/javascript/guides/nextjs.md",
      // get_release_details: the release of the dataset
      "releaseVersion", RELEASE,
      // get_dashboard_details: the dashboard of dashboard-details.json
      "dashboardIdOrTitle", "101",
      // onboarding_status_update: a run token and one stage's progress
      "runToken", "AbC123xYz9",
      "update", known("stage", "connect_mcp", "status", "completed"),
      // get_agent_conversation_details: the conversation of the fixtures
      "conversationId", "conv-7f3a9c",
      // snapshot tools: the snapshot of the dataset
      "snapshotId", "231949",
      // get_latest_base_snapshot: the app of snapshot-latest-base.json
      "appId", "com.example.mcp",
      "imageIdentifier", "snapshots-iphone-16/auth_login_screen.png",
      // get_alert_options: the sources section (other sections are variants)
      "section", "sources");

  /**
   * Base-set changes for one tool, where a shared value of {@link #KNOWN} does not fit it: get_sentry_resource takes
   * a Sentry URL in {@code url} (the shared value is an uptime monitor's target), so its base set names the issue by
   * type and id instead; the dataset tools fixed to spans and logs need a query that FakeSentry answers with rows;
   * search_docs refuses the empty query as too short.
   */
  static final Map<String, Map<String, Object>> TOOL_BASE = Map.of(
      "get_sentry_resource", known("url", ABSENT, "resourceType", "issue", "resourceId", ISSUE),
      "search_traces", known("query", "is_transaction:true"),
      "search_logs", known("query", "severity:error"),
      "search_docs", known("query", "rate limiting"),
      // create_alert_rule: no actions and no sources (the smallest alert Sentry accepts)
      "create_alert_rule", known("detectorIds", List.of()),
      // the Metric Monitor write tools take query as an object
      "create_metric_monitor", known("query", known("dataset", "events", "query", "level:error",
          "aggregate", "count()", "eventTypes", List.of("error"), "timeWindowSeconds", 300)),
      "update_metric_monitor", known("query", ABSENT),
      // the alert tools: an Alert by id (its components and sources), and sources of every project (markers change project ids and slugs)
      "get_alert_rule", known("kind", "issue", "projectSlug", ABSENT, "ruleIdOrName", "101"),
      "get_alert_options", known("query", ABSENT, "projectSlug", ABSENT, "conditionGroup", ABSENT));

  /** The other issues of the dataset (each with its own latest event). */
  static final List<String> OTHER_ISSUES = List.of("CLOUDFLARE-MCP-42", "PERF-N1-001", "MCP-SERVER-EQE",
      "BLOG-CSP-4XC", "CLOUDFLARE-MCP-99", "FUTURE-TYPE-001", "PEATED-A8", "CLOUDFLARE-MCP-45", "6507376925");

  /** Argument variations that reach more fixtures; the first parameter decides whether a variant applies. */
  static final List<Map<String, Object>> VARIANTS = variants();

  private static List<Map<String, Object>> variants() {
    List<Map<String, Object>> v = new ArrayList<>();
    for (String issue : OTHER_ISSUES) {
      v.add(known("issueId", issue, "issueUrl", ABSENT, "eventId", ABSENT));
    }
    // by URL only (self-hosted URL form, organization from the path)
    v.add(known("issueUrl", "https://sentry.example.com/organizations/" + ORG + "/issues/PERF-N1-001/",
        "issueId", ABSENT, "eventId", ABSENT, "organizationSlug", ABSENT));
    // by event id only: the issue is found by an issue search for the event
    v.add(known("eventId", EVENT, "issueId", ABSENT, "issueUrl", ABSENT));
    // a transaction event of an issue, chosen by id
    v.add(known("issueId", ISSUE, "eventId", TRANSACTION_EVENT, "issueUrl", ABSENT));
    // a text attachment, and the attachment list
    v.add(known("attachmentId", "456"));
    v.add(known("attachmentId", ABSENT));
    // the whole trace instead of one span
    v.add(known("spanId", ABSENT));
    // organization-wide lists
    v.add(known("projectSlug", ABSENT));
    // update_issue: ignore an issue with a condition, and record a reason note
    v.add(known("ignoreMode", "untilOccurrenceCount", "status", "ignored", "ignoreCount", 10,
        "ignoreWindowMinutes", 60, "assignedTo", ABSENT, "reason", "Expected noise."));
    // search_events: the other datasets (each reaches rows)
    v.add(known("dataset", "spans", "query", "is_transaction:true"));
    v.add(known("dataset", "metrics", "query", ""));
    v.add(known("dataset", "logs", "query", "severity:error"));
    v.add(known("dataset", "replays"));
    v.add(known("dataset", "profiles"));
    // get_sentry_resource: an event and a trace by type and id
    v.add(known("resourceType", "event", "resourceId", EVENT));
    v.add(known("resourceType", "trace", "resourceId", TRACE));
    v.add(known("resourceType", "ai_conversation", "resourceId", "conv-7f3a9c"));
    // search_events and the dataset tools: an absolute time range instead of the default period;
    // get_profile_details: a continuous profile (profiler and time range) instead of a transaction profile
    v.add(known("start", "2025-04-01T00:00:00Z", "end", "2025-04-15T00:00:00Z", "profileId", ABSENT,
        "profilerId", "041bde57b9844e36b8b7e5734efae5f7"));
    // search_docs: narrowed to a guide, and more results
    v.add(known("guide", "javascript/nextjs"));
    v.add(known("maxResults", 5));
    // get_release_details: organization-wide, and with health metadata
    v.add(known("releaseVersion", RELEASE, "projectSlugOrId", ABSENT));
    v.add(known("includeHealth", true));
    // find_dashboards: by title, sorted otherwise (get_dashboard_details by title: DashboardToolsTest)
    v.add(known("titleQuery", "Errors", "sort", "-dateCreated"));
    // alert options: the other sections
    v.add(known("section", "actions", "projectSlug", ABSENT));
    v.add(known("section", "conditions", "conditionGroup", "workflow_trigger", "projectSlug", ABSENT));
    return List.copyOf(v);
  }

  /** Conditions of the custom inbound filter tools (their data type is error). */
  static final List<Map<String, Object>> FILTER_CONDITIONS =
      List.of(Map.of("type", "error_type", "value", List.of("ConnectionError")));

  /**
   * Tools whose arguments are not Sentry parameters (the gateway), or that the shared variants do not fit: their
   * argument sets, given whole. The executors
   * run tools that reach Sentry data, so the canary checks them like any other tool.
   */
  static final Map<String, List<Map<String, Object>>> PER_TOOL = Map.of(
      // given whole, not through KNOWN: other tools take an environment, dataType or conditions of other shapes
      "delete_monitor_environment", List.of(known("organizationSlug", ORG, "projectSlug", PROJECT,
          "monitorSlug", "nightly-import", "environment", "production")),
      "create_custom_inbound_filter", List.of(known("organizationSlug", ORG, "projectSlug", PROJECT,
          "name", "Flaky connections", "dataType", "error", "conditions", FILTER_CONDITIONS)),
      "update_custom_inbound_filter", List.of(
          known("organizationSlug", ORG, "projectSlug", PROJECT, "filterId", "4509100000002001", "active", false),
          known("organizationSlug", ORG, "projectSlug", PROJECT, "filterId", "4509100000002001",
              "name", "Flaky connections", "dataType", "error", "conditions", FILTER_CONDITIONS)),
      "search_sentry_tools", List.of(known("query", "issue details")),
      // the issue sub-resources: the issue whose events have breadcrumbs, user reports and tag values (the other
      // issues' latest events have none, so the shared variants would check nothing)
      "get_issue_breadcrumbs", List.of(known("organizationSlug", ORG, "issueId", ISSUE),
          known("organizationSlug", ORG, "issueId", ISSUE, "eventId", EVENT),
          known("issueUrl", "https://" + ORG + ".sentry.io/issues/" + ISSUE + "/")),
      // the event with threads (threads-event.json): the default thread, one by id, by name, an ambiguous name
      "get_event_stacktrace", List.of(known("organizationSlug", ORG, "issueId", ISSUE, "eventId", THREADS_EVENT),
          known("organizationSlug", ORG, "issueId", ISSUE, "eventId", THREADS_EVENT, "thread", 1),
          known("organizationSlug", ORG, "issueId", "CLOUDFLARE-MCP-42", "eventId", THREADS_EVENT, "thread",
              "worker-1"),
          known("organizationSlug", ORG, "issueId", ISSUE, "eventId", THREADS_EVENT, "thread", "worker-2")),
      "execute_sentry_tool", List.of(
          known("name", "get_issue_details", "arguments", known("organizationSlug", ORG, "issueId", ISSUE)),
          known("name", "get_trace_details", "arguments", known("organizationSlug", ORG, "traceId", TRACE))),
      "execute_sentry_write_tool", List.of(
          known("name", "add_issue_note", "arguments",
              known("organizationSlug", ORG, "issueId", ISSUE, "text", "Investigating."))));

  /** The argument sets of a tool: the base set, then one per applicable variant, without duplicates. */
  static List<Map<String, Object>> forTool(ToolDescriptor d) {
    List<Map<String, Object>> given = PER_TOOL.get(d.name());
    if (given != null) {
      return given;
    }
    Map<?, ?> properties = d.inputSchema().get("properties") instanceof Map<?, ?> p ? p : Map.of();
    Set<String> required = new LinkedHashSet<>();
    if (d.inputSchema().get("required") instanceof List<?> r) {
      r.forEach(name -> required.add(String.valueOf(name)));
    }
    for (String name : required) {
      if (!KNOWN.containsKey(name)) {
        fail("The tool " + d.name() + " requires the parameter '" + name + "' (schema " + properties.get(name)
            + "), and the catalog canary has no value for it. Add a row for '" + name + "' to"
            + " CanaryArguments.KNOWN with a value that reaches a FakeSentry fixture (see SentryApi in the"
            + " testkit), so that the canary covers " + d.name() + ".");
      }
    }
    Map<String, Object> base = new LinkedHashMap<>();
    for (Object name : properties.keySet()) {
      Object value = KNOWN.get(String.valueOf(name));
      if (value != null) {
        base.put(String.valueOf(name), value);
      }
    }
    TOOL_BASE.getOrDefault(d.name(), Map.of()).forEach((name, value) -> {
      if (value == ABSENT) {
        base.remove(name);
      } else if (properties.containsKey(name)) {
        base.put(name, value);
      }
    });
    Set<Map<String, Object>> sets = new LinkedHashSet<>();
    sets.add(Collections.unmodifiableMap(base));
    for (Map<String, Object> variant : VARIANTS) {
      String trigger = variant.keySet().iterator().next();
      if (!properties.containsKey(trigger)) {
        continue;
      }
      Map<String, Object> args = new LinkedHashMap<>(base);
      boolean applies = true;
      for (Map.Entry<String, Object> e : variant.entrySet()) {
        if (!properties.containsKey(e.getKey())) {
          continue;
        }
        if (e.getValue() != ABSENT) {
          if (properties.get(e.getKey()) instanceof Map<?, ?> schema && schema.get("enum") instanceof List<?> values
              && !values.contains(e.getValue())) {
            applies = false; // a value this tool's parameter does not take (find_dropped_events' datasets)
          }
          args.put(e.getKey(), e.getValue());
        } else if (required.contains(e.getKey())) {
          applies = false;
        } else {
          args.remove(e.getKey());
        }
      }
      if (applies) {
        sets.add(Collections.unmodifiableMap(args));
      }
    }
    return List.copyOf(sets);
  }

  private static Map<String, Object> known(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }
}
