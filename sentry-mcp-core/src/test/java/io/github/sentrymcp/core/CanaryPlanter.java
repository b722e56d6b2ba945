package io.github.sentrymcp.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.sentrymcp.testkit.JsonRewriter;
import io.github.sentrymcp.testkit.RequestRewriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Plants canary markers into every JSON response FakeSentry sends: each string value gets a unique marker at both
 * ends (so a value cut short, or only its start or its end, still carries one), and each JSON object gets one extra
 * property whose key and value are both unique markers (so every map the tools read, tags, contexts, extra, headers,
 * frame vars included, has a marked key). Strings under a key of {@link #skipKeys(Set)} are left alone.
 *
 * <p>A marker is {@code ZQ<n>QZ}: letters and digits only, so it survives entity escaping, JSON printing and URL
 * encoding unchanged and can be found anywhere in a result. The {@linkplain #requestRewriter() request rewriter}
 * removes markers from incoming paths and queries, so ids carrying a marker that a tool sends back still reach their
 * fixture.
 */
final class CanaryPlanter implements JsonRewriter {
  /** A marker in any letter case (a tool that changes the case of Sentry text must not hide a leak). */
  static final Pattern MARKER = Pattern.compile("ZQ[0-9]+QZ", Pattern.CASE_INSENSITIVE);

  private final AtomicInteger counter = new AtomicInteger();
  private final Map<String, String> planted = new ConcurrentHashMap<>();
  private volatile Set<String> skipKeys = Set.of();

  /** Keys whose string values (and the strings of arrays under them) get no marker; none by default. */
  void skipKeys(Set<String> keys) {
    this.skipKeys = Set.copyOf(keys);
  }

  /** Marker to where it was planted ({@code GET /path (status) /json/pointer}); all passes so far. */
  Map<String, String> planted() {
    return planted;
  }

  /** Where a marker (in any case) was planted, or a note that this planter did not plant it. */
  String origin(String marker) {
    return planted.getOrDefault(marker.toUpperCase(Locale.ROOT), "(not planted by the canary)");
  }

  /** A fresh marker for test-made content (e.g. an attachment body), recorded as planted at {@code where}. */
  String marker(String where) {
    return mark(where);
  }

  static RequestRewriter requestRewriter() {
    return RequestRewriter.removing(MARKER);
  }

  @Override
  public JsonNode rewrite(String method, String rawPath, int status, JsonNode body) {
    return plant(body, method + " " + rawPath + " (" + status + ") ", "", null);
  }

  private JsonNode plant(JsonNode node, String origin, String pointer, @Nullable String key) {
    if (node.isTextual()) {
      if (key != null && skipKeys.contains(key)) {
        return node;
      }
      String m = mark(origin + pointer);
      return TextNode.valueOf(m + node.textValue() + m);
    }
    if (node.isArray()) {
      ArrayNode a = (ArrayNode) node;
      for (int i = 0; i < a.size(); i++) {
        a.set(i, plant(a.get(i), origin, pointer + "/" + i, key));
      }
      return a;
    }
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      for (String name : names) {
        o.set(name, plant(o.path(name), origin, pointer + "/" + escape(name), name));
      }
      String extraKey = mark(origin + pointer + " (key of the planted property)");
      o.put(extraKey, mark(origin + pointer + "/" + extraKey));
      return o;
    }
    return node;
  }

  private String mark(String where) {
    String m = "ZQ" + counter.incrementAndGet() + "QZ";
    planted.put(m, where);
    return m;
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
