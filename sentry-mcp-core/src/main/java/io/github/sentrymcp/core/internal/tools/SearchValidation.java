package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Sentry's check of a search before it runs: {@code GET /organizations/{org}/events/validate/}. Used by the event
 * searches and, for the events of one issue, by {@code search_issue_events} when it runs a translated query.
 */
public final class SearchValidation {
  private SearchValidation() {}

  /** The parts of Sentry's validation report and the parameter each one checks. */
  private static final String[][] REPORT_PARTS = {
      {"projects", "projectSlug"}, {"dataset", "dataset"}, {"environment", "environment"}, {"field", "fields"},
      {"query", "query"}, {"orderby", "sort"}};

  /**
   * What Sentry said.
   *
   * @param valid whether it accepted the search
   * @param parts the parameters whose part it refused (empty for a plain HTTP 400)
   * @param problems its explanations (at most 10), as data
   * @param refusal the HTTP 400 it answered instead of a report, or null
   */
  public record Report(boolean valid, List<String> parts, List<Untrusted> problems, @Nullable ApiException refusal) {}

  /**
   * Asks Sentry. HTTP 400 is a refusal (in the report); any other failure is thrown.
   *
   * @param q the search's parameters (dataset, project, query, environment, time, field, orderby)
   */
  public static Report check(SentryApiClient api, String org, Query q, Map<String, String> used,
      SessionConstraints constraints) {
    SentryJson report;
    try {
      report = NotFoundHints.withHint(used, constraints,
          () -> api.get(ApiPath.of("/organizations/{org}/events/validate/", org), q).jsonObject("validation"));
    } catch (ApiException e) {
      if (e.status() == 400) {
        return new Report(false, List.of(), e.details(), e);
      }
      throw e;
    }
    if (report.get("valid").asBoolean().orElse(true)) {
      return new Report(true, List.of(), List.of(), null);
    }
    List<Untrusted> problems = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    for (String[] part : REPORT_PARTS) {
      SentryJson v = report.get(part[0]);
      List<SentryJson> entries = v.isArray() ? v.items() : List.of(v);
      boolean failed = false;
      for (SentryJson item : entries) {
        Untrusted err = item.get("error").nonEmptyText();
        if (err != null) {
          if (problems.size() < 10) {
            problems.add(err.truncate(300));
          }
          failed = true;
        } else if (!item.get("valid").asBoolean().orElse(true)) {
          failed = true;
        }
      }
      if (failed) {
        parts.add(part[1]);
      }
    }
    return new Report(false, parts, problems, null);
  }
}
