package io.github.sentrymcp.core.internal.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.model.ModelTool;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The lookups a model may call while it translates. Each is read-only, reaches Sentry through the calling session's
 * client (its credential, grant and region), and is fixed to the organization (and project) the caller named: no
 * parameter of any lookup names an organization, a project or a path.
 */
final class Lookups {
  /** The most keys one lookup lists. */
  static final int MAX_KEYS = 200;
  private static final String NO_ARGS = "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}";

  private Lookups() {}

  /** {@code whoami}: the user the session acts as ({@code GET /auth/}), for "my" and "me" in a request. */
  static AgentTool whoami(SentryApiClient api) {
    return tool("whoami", "The Sentry user this search runs as: id, name and email (for requests that say 'me' or"
        + " 'my'; 'assigned:me' needs no lookup).", NO_ARGS, args -> {
          SentryJson user = api.controlHost().get(ApiPath.of("/auth/"))
              .jsonObject("user", TrustClass.UNTRUSTED_AUTHENTICATED);
          return ToolResult.builder()
              .field("id", user.get("id").nonEmptyText())
              .field("name", user.get("name").nonEmptyText())
              .field("email", user.get("email").nonEmptyText())
              .build();
        });
  }

  /** {@code issueFields}: the tag keys issue searches of this organization (or project) can filter on. */
  static AgentTool issueFields(SentryApiClient api, String org, @Nullable Long projectId) {
    return tool("issueFields", "The tag keys this organization's issues can be filtered by (key:value), besides"
        + " the built-in issue filters.", NO_ARGS, args -> {
          Query q = Query.create().add("dataset", "search_issues").add("statsPeriod", "14d");
          if (projectId != null) {
            q.add("project", projectId);
          }
          return keys("Tag keys", api.get(ApiPath.of("/organizations/{org}/tags/", org), q).jsonArray("tags"));
        });
  }

  /** {@code eventFields}: the tag keys of error events ({@code search_issue_events} and the errors dataset). */
  static AgentTool eventFields(SentryApiClient api, String org, @Nullable Long projectId) {
    return tool("eventFields", "The tag keys error events of this organization can be filtered by (key:value).",
        NO_ARGS, args -> errorTags(api, org, projectId));
  }

  /**
   * {@code datasetAttributes}: the attributes of one dataset: trace-item attributes for spans, logs and metrics, tag
   * keys for errors and replays, a fixed list for profiles.
   */
  static AgentTool datasetAttributes(SentryApiClient api, String org, @Nullable Long projectId,
      List<String> datasets) {
    String schema = "{\"type\":\"object\",\"properties\":{\"dataset\":{\"type\":\"string\",\"enum\":"
        + jsonArray(datasets) + "}},\"required\":[\"dataset\"],\"additionalProperties\":false}";
    return tool("datasetAttributes", "The attribute or tag keys a dataset can be filtered, grouped and sorted by.",
        schema, args -> {
          String dataset = text(args, "dataset");
          if (dataset == null || !datasets.contains(dataset)) {
            throw SentryMcpException.invalidInput("dataset must be one of " + String.join(", ", datasets) + ".");
          }
          return switch (dataset) {
            case "spans", "logs", "metrics" -> traceItemAttributes(api, org, projectId,
                dataset.equals("metrics") ? "tracemetrics" : dataset);
            case "errors" -> errorTags(api, org, projectId);
            case "replays" -> {
              Query q = Query.create().add("dataset", "replays").add("statsPeriod", "14d");
              if (projectId != null) {
                q.add("project", projectId);
              }
              yield keys("Tag keys", api.get(ApiPath.of("/organizations/{org}/tags/", org), q).jsonArray("tags"));
            }
            default -> ToolResult.builder().paragraph("Profile fields: " + String.join(", ", PROFILE_FIELDS)
                + ".").build();
          };
        });
  }

  /** What the profiles dataset can be searched by (server text). */
  static final List<String> PROFILE_FIELDS = List.of("project", "profile.id", "profiler.id", "thread.id",
      "timestamp", "transaction", "transaction.duration", "release", "environment", "trace", "platform.name",
      "device.model", "os.name", "count()", "p50(transaction.duration)", "p95(transaction.duration)");

  /**
   * {@code validateQuery}: the check a final answer gets (Sentry's own validation endpoint, through the tool), run on
   * a candidate before the model answers.
   */
  static AgentTool validateQuery(List<String> datasets,
      Function<Translator.Translation, Translator.@Nullable Problem> check) {
    String schema = "{\"type\":\"object\",\"properties\":{"
        + (datasets.size() > 1 ? "\"dataset\":{\"type\":\"string\",\"enum\":" + jsonArray(datasets) + "}," : "")
        + "\"query\":{\"type\":\"string\"},\"fields\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
        + "\"sort\":{\"type\":\"string\"}},\"required\":[\"query\"],\"additionalProperties\":false}";
    return tool("validateQuery", "Checks a query (and fields and sort) with Sentry before you answer; says what is"
        + " invalid.", schema, args -> {
          Translator.Translation candidate;
          try {
            candidate = Translator.candidate(args, datasets);
          } catch (IllegalArgumentException e) {
            return ToolResult.builder().paragraph("Invalid: " + e.getMessage() + ".").build();
          }
          Translator.Problem p = check.apply(candidate);
          if (p == null) {
            return ToolResult.builder().paragraph("Valid.").build();
          }
          ToolResult.Builder doc = ToolResult.builder().paragraph("Invalid: " + p.reason() + ".");
          for (Untrusted d : p.details()) {
            doc.data(null, d.truncate(500));
          }
          return doc.build();
        });
  }

  private static ToolResult errorTags(SentryApiClient api, String org, @Nullable Long projectId) {
    Query q = Query.create().add("dataset", "events").add("useCache", "1").add("useFlagsBackend", "1");
    if (projectId != null) {
      q.add("project", projectId);
    }
    return keys("Tag keys", api.get(ApiPath.of("/organizations/{org}/tags/", org), q).jsonArray("tags"));
  }

  private static ToolResult traceItemAttributes(SentryApiClient api, String org, @Nullable Long projectId,
      String itemType) {
    ToolResult.Builder doc = ToolResult.builder();
    for (String type : List.of("string", "number")) {
      Query q = Query.create().add("itemType", itemType).add("attributeType", type).add("statsPeriod", "14d");
      if (projectId != null) {
        q.add("project", projectId);
      }
      SentryJson list = api.get(ApiPath.of("/organizations/{org}/trace-items/attributes/", org), q)
          .jsonArray("attributes");
      addKeys(doc, type.equals("string") ? "String attributes" : "Number attributes", list);
    }
    return doc.build();
  }

  private static ToolResult keys(String label, SentryJson list) {
    ToolResult.Builder doc = ToolResult.builder();
    addKeys(doc, label, list);
    return doc.build();
  }

  /** The keys as a one-column table (each cut to 100 characters), at most {@link #MAX_KEYS}. */
  private static void addKeys(ToolResult.Builder doc, String label, SentryJson list) {
    List<List<Inline>> rows = new ArrayList<>();
    for (SentryJson item : list.items()) {
      Untrusted key = item.get("key").nonEmptyText();
      if (key == null) {
        continue;
      }
      rows.add(List.of(Inline.data(key.truncate(100))));
      if (rows.size() == MAX_KEYS) {
        break;
      }
    }
    if (rows.isEmpty()) {
      doc.paragraph(label + ": none.");
      return;
    }
    doc.paragraph(label + ":");
    doc.table(List.of("key"), rows);
  }

  static @Nullable String text(JsonNode args, String field) {
    JsonNode v = args.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  private static String jsonArray(List<String> values) {
    return "[\"" + String.join("\",\"", values) + "\"]";
  }

  private static AgentTool tool(String name, String description, String schema,
      Function<JsonNode, ToolResult> run) {
    ModelTool spec = new ModelTool(name, description, schema);
    return new AgentTool() {
      @Override
      public ModelTool spec() {
        return spec;
      }

      @Override
      public ToolResult run(JsonNode arguments) {
        return run.apply(arguments);
      }

      @Override
      public String toString() {
        return "AgentTool[" + name.toLowerCase(Locale.ROOT) + "]";
      }
    };
  }
}
