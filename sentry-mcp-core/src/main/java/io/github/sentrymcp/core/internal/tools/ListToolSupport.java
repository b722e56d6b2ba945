package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiResponse;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Shared plumbing of the list tools (find_organizations, find_teams, find_projects, find_releases, find_dsns):
 * cursor paging over Sentry's {@code Link} header, the paging part of the output, output-schema helpers, timestamp
 * rendering and the not-found hint.
 *
 * <p>Paging differs from the reference server on purpose: we ask Sentry for {@value #PAGE_SIZE} items per call and
 * hand Sentry's next cursor back as {@code nextCursor}, so a caller can walk a long list completely.
 */
public final class ListToolSupport {
  private ListToolSupport() {}

  /** Items per page requested from Sentry ({@code per_page}). */
  public static final int PAGE_SIZE = 25;

  /** The cursors we accept back as the {@code cursor} argument (same rule as {@code Params.cursor()}). */
  public static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9:._-]{1,200}");

  /** Source path of a cursor taken from the {@code Link} response header. */
  public static final String CURSOR_SOURCE = "response.headers.link.next.cursor";

  /**
   * One page of a Sentry list.
   *
   * @param items the array elements of the body
   * @param nextCursor the cursor of the following page, when Sentry has one we can hand back
   * @param hasMore whether Sentry reported a following page (even one whose cursor we cannot hand back)
   */
  public record Page(List<SentryJson> items, @Nullable Untrusted nextCursor, boolean hasMore) {
    public Page {
      items = List.copyOf(items);
    }
  }

  /** {@code per_page}, then {@code query} and {@code cursor} from the arguments when given. */
  public static Query pageQuery(Args args, int perPage) {
    return Query.create()
        .add("per_page", perPage)
        .add("query", args.nonBlank("query"))
        .add("cursor", args.nonBlank("cursor"));
  }

  /**
   * Fetches one page of a list endpoint.
   *
   * @throws io.github.sentrymcp.api.ApiException of kind {@link ErrorKind#UPSTREAM_ERROR} when the body is not a list
   */
  public static Page fetchPage(
      SentryApiClient client, ApiPath path, Query query, String sourceRoot, TrustClass trust) {
    return fetchPage(client, path, query, sourceRoot, trust, "");
  }

  /**
   * Fetches one page of a list endpoint; the returned {@code nextCursor} is Sentry's cursor with {@code
   * cursorPrefix} (server text) in front.
   */
  public static Page fetchPage(SentryApiClient client, ApiPath path, Query query, String sourceRoot, TrustClass trust,
      String cursorPrefix) {
    ApiResponse response = client.get(path, query);
    SentryJson body = response.jsonArray(sourceRoot, trust);
    String next = response.nextCursor();
    return new Page(body.items(), next == null ? null : usableCursor(cursorPrefix + next), next != null);
  }

  /** A cursor from the {@code Link} header as data, or null when not one we would accept back. */
  public static @Nullable Untrusted usableCursor(String raw) {
    if (!CURSOR.matcher(raw).matches()) {
      return null;
    }
    return Untrusted.of(raw, CURSOR_SOURCE, TrustClass.UNTRUSTED_AUTHENTICATED);
  }

  /** Adds {@code hasMore} and {@code nextCursor} to structured content. */
  public static Structured.ObjBuilder putPaging(Structured.ObjBuilder b, Page page) {
    return b.put("hasMore", page.hasMore()).put("nextCursor", page.nextCursor());
  }

  /**
   * Ends the document with the paging facts: the cursor of the next page when there is one (as data: it came from
   * Sentry), or a note when Sentry has more items but gave no usable cursor.
   */
  public static void appendPaging(ToolResult.Builder doc, Page page, String noun) {
    Untrusted next = page.nextCursor();
    if (next != null) {
      doc.field("Next page", Inline.text("more " + noun + " are available with `cursor` = "), Inline.data(next));
    } else if (page.hasMore()) {
      doc.fieldText("Next page", "Sentry reported more " + noun
          + " but returned no cursor that can be passed back; use `query` to narrow the results.");
    }
  }

  /**
   * Like {@link #withNotFoundHint(Map, SessionConstraints, Supplier)} for an unconstrained session (the hint may
   * suggest find_organizations and find_projects).
   */
  public static <T> T withNotFoundHint(Map<String, String> params, Supplier<T> call) {
    return withNotFoundHint(params, SessionConstraints.NONE, call);
  }

  /**
   * Runs an org- or project-scoped request and turns a 404 into a not-found error that names the (validated)
   * parameters the caller used.
   *
   * @param params parameter name to caller value; values must be validated slugs (they end up in server text)
   * @param constraints the session's constraints: tools hidden by them are not suggested
   */
  public static <T> T withNotFoundHint(Map<String, String> params, SessionConstraints constraints, Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiException e) {
      if (e.status() != 404) {
        throw e;
      }
      StringBuilder sb = new StringBuilder("Sentry found nothing at ").append(e.endpoint())
          .append(" (HTTP 404). Check these parameters:");
      String sep = " ";
      for (Map.Entry<String, String> p : params.entrySet()) {
        sb.append(sep).append(p.getKey()).append("='").append(p.getValue()).append('\'');
        sep = ", ";
      }
      sb.append('.');
      if (constraints.organizationSlug() == null) {
        sb.append(" find_organizations lists the organizations this token can access.");
      }
      if (params.containsKey("projectSlug") && constraints.projectSlug() == null) {
        sb.append(" find_projects lists the projects of an organization.");
      }
      throw new ApiException(ErrorKind.NOT_FOUND, 404, e.endpoint(), sb.toString(), e.details(),
          e.retryAfter(), e);
    }
  }

  /** A parsed timestamp as server text (ISO-8601, UTC), or null when absent or unparseable. */
  public static @Nullable String isoTimestamp(SentryJson value) {
    Optional<Instant> t = value.asInstant();
    return t.map(Instant::toString).orElse(null);
  }

  /**
   * Adds a timestamp fact: the parsed instant as server text, or the raw Sentry text as data when it does not
   * parse; nothing when absent.
   */
  public static void timestampField(ToolResult.Builder doc, String label, SentryJson value) {
    String iso = isoTimestamp(value);
    if (iso != null) {
      doc.fieldText(label, iso);
    } else {
      doc.field(label, value.nonEmptyText());
    }
  }

  /** A table cell: the value as data, or a dash when absent. */
  public static Inline cell(@Nullable Untrusted value) {
    return value == null ? Inline.text("-") : Inline.data(value);
  }

  // ------------------------------------------------------------------ output schema helpers (JSON Schema 2020-12)

  public static final String SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

  /** A typed leaf with a description; {@code type} is a JSON type name or a list of them. */
  public static Map<String, Object> leaf(Object type, String description) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type instanceof List<?> l ? List.copyOf(l) : type);
    m.put("description", description);
    return Collections.unmodifiableMap(m);
  }

  public static Map<String, Object> string(String description) {
    return leaf("string", description);
  }

  public static Map<String, Object> nullableString(String description) {
    return leaf(List.of("string", "null"), description);
  }

  public static Map<String, Object> bool(String description) {
    return leaf("boolean", description);
  }

  public static Map<String, Object> nullableInteger(String description) {
    return leaf(List.of("integer", "null"), description);
  }

  /** An array of {@code items}. */
  public static Map<String, Object> array(Map<String, Object> items, String description) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "array");
    m.put("items", items);
    m.put("description", description);
    return Collections.unmodifiableMap(m);
  }

  /**
   * An object whose listed properties are all required (absent values are emitted as null) and which allows no
   * others. {@code props} alternates names and schemas.
   */
  public static Map<String, Object> object(Object... props) {
    return objectSchema(false, true, props);
  }

  /** Like {@link #object(Object...)} but the value may also be null. */
  public static Map<String, Object> nullableObject(Object... props) {
    return objectSchema(true, true, props);
  }

  /** An object whose properties are all optional (emitted only when set), or null. */
  public static Map<String, Object> nullableObjectOptionalProps(Object... props) {
    return objectSchema(true, false, props);
  }

  /** The root of an output schema: an object with every property required. */
  public static Map<String, Object> root(Object... props) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("$schema", SCHEMA_DIALECT);
    m.putAll(object(props));
    return Collections.unmodifiableMap(m);
  }

  /** The paging properties every list tool adds to its root object. */
  public static Object[] pagingProps() {
    return new Object[] {
      "hasMore", bool("True when Sentry has more items after this page."),
      "nextCursor", nullableString("Pass as `cursor` to get the next page; null on the last page.")
    };
  }

  /** Concatenates property lists. */
  public static Object[] concat(Object[] a, Object... b) {
    Object[] out = new Object[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> objectSchema(boolean nullable, boolean allRequired, Object... props) {
    if (props.length % 2 != 0) {
      throw new IllegalArgumentException("props alternate names and schemas");
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (int i = 0; i < props.length; i += 2) {
      String name = (String) props[i];
      properties.put(name, (Map<String, Object>) props[i + 1]);
      if (allRequired) {
        required.add(name);
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", nullable ? List.of("object", "null") : "object");
    m.put("properties", Collections.unmodifiableMap(properties));
    if (!required.isEmpty()) {
      m.put("required", List.copyOf(required));
    }
    m.put("additionalProperties", false);
    return Collections.unmodifiableMap(m);
  }
}
