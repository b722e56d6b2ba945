package io.github.sentrymcp.core.internal.tools.metricmonitors;

import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.MetricMonitors;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the Metric Monitor tools share: the monitor reference parameters, and (from the kit's {@link MetricMonitors},
 * which the alert rule tools read detectors with too) the fetch that checks the detector's type and project, and the
 * monitor as markdown and structured content.
 */
final class MetricMonitorSupport {
  private MetricMonitorSupport() {}

  static final String METRIC_ISSUE = MetricMonitors.METRIC_ISSUE;

  static final String SOURCE = MetricMonitors.SOURCE;

  /** A native detector id: digits only, so no path syntax can reach a request. */
  static final Pattern MONITOR_ID = MetricMonitors.MONITOR_ID;

  static final TrustClass TRUST = MetricMonitors.TRUST;

  static final List<String> ROW_HEADERS = MetricMonitors.ROW_HEADERS;

  /** organizationSlug, regionUrl, projectSlug (optional: narrows and checks), monitorId. */
  static InputSchema.Builder referenceInputs() {
    return InputSchema.builder()
        .add(Params.organizationSlug())
        .add(Params.regionUrl())
        .add(InputSchema.builder()
            .string("projectSlug", "Project the monitor must belong to (checked, never moves it).")
            .nullable().minLength(1).check(Params::slugProblem).param())
        .string("monitorId", "Native Metric Monitor ID from find_metric_monitors (not a legacy alert rule ID).")
        .required().pattern(MONITOR_ID).add();
  }

  static Untrusted projectId(SentryApiClient client, String org, String project, SessionConstraints constraints) {
    return MetricMonitors.projectId(client, org, project, constraints);
  }

  static SentryJson fetchMonitor(SentryApiClient client, String org, String monitorId, @Nullable String project,
      SessionConstraints constraints) {
    return MetricMonitors.fetchMonitor(client, org, monitorId, project, constraints);
  }

  static @Nullable SentryJson snubaQuery(SentryJson source) {
    return MetricMonitors.snubaQuery(source);
  }

  static List<Untrusted> ids(SentryJson array) {
    return MetricMonitors.ids(array);
  }

  static Map<String, Object> summarySchema() {
    return MetricMonitors.summarySchema();
  }

  static Map<String, Object> detailsSchema() {
    return MetricMonitors.detailsSchema();
  }

  static Structured.Obj summary(SentryJson m, String org, WebLinks links) {
    return MetricMonitors.summary(m, org, links);
  }

  static List<Inline> row(SentryJson m) {
    return MetricMonitors.row(m);
  }

  static Structured.Obj details(ToolResult.Builder doc, SentryJson m, String org, WebLinks links) {
    return MetricMonitors.details(doc, m, org, links);
  }
}
