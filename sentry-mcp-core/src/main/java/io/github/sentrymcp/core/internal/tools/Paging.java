package io.github.sentrymcp.core.internal.tools;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.bool;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;

import io.github.sentrymcp.api.ErrorKind;
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
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Paging of the list tools (find_organizations, find_teams, find_projects, find_releases, ...): one page of a Sentry
 * list per call, Sentry's cursor from the {@code Link} header handed back as {@code nextCursor}, and the paging facts
 * of the result (markdown, structured content and their output schema).
 *
 * <p>Paging differs from the reference server on purpose: we ask Sentry for {@value #PAGE_SIZE} items per call and
 * hand Sentry's next cursor back as {@code nextCursor}, so a caller can walk a long list completely.
 */
public final class Paging {
  private Paging() {}

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
  public static Query query(Args args, int perPage) {
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
  public static Page fetch(SentryApiClient client, ApiPath path, Query query, String sourceRoot, TrustClass trust) {
    return fetch(client, path, query, sourceRoot, trust, "");
  }

  /**
   * Fetches one page of a list endpoint; the returned {@code nextCursor} is Sentry's cursor with {@code
   * cursorPrefix} (server text) in front.
   */
  public static Page fetch(SentryApiClient client, ApiPath path, Query query, String sourceRoot, TrustClass trust,
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
  public static Structured.ObjBuilder put(Structured.ObjBuilder b, Page page) {
    return b.put("hasMore", page.hasMore()).put("nextCursor", page.nextCursor());
  }

  /**
   * Ends the document with the paging facts: the cursor of the next page when there is one (as data: it came from
   * Sentry), or a note when Sentry has more items but gave no usable cursor.
   *
   * @param noun what the list holds, e.g. {@code teams}
   */
  public static void append(ToolResult.Builder doc, Page page, String noun) {
    Untrusted next = page.nextCursor();
    if (next != null) {
      doc.field("Next page", Inline.text("more " + noun + " are available with `cursor` = "), Inline.data(next));
    } else if (page.hasMore()) {
      doc.fieldText("Next page", "Sentry reported more " + noun
          + " but returned no cursor that can be passed back; use `query` to narrow the results.");
    }
  }

  /**
   * The output-schema properties {@link #put} adds ({@code hasMore}, {@code nextCursor}), to follow the list's own
   * property in the root: {@code root(concat(new Object[] {"teams", ...}, Paging.outputProps()))}.
   */
  public static Object[] outputProps() {
    return new Object[] {
      "hasMore", bool("True when Sentry has more items after this page."),
      "nextCursor", nullableString("Pass as `cursor` to get the next page; null on the last page.")
    };
  }
}
