package io.github.sentrymcp.core;

import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks rendered results for canary markers outside the untrusted-data boundary, and counts the markers seen inside
 * it. It relies only on the documented region syntax of the result's style ({@code _meta["io.github.sentrymcp/
 * provenance"].style}), with the result's nonce from {@code _meta[...].nonce}:
 *
 * <ul>
 *   <li>{@code compact} (the default): {@code <d-NONCE>content</d>}, content without a raw {@code <}; one entry of
 *       {@code _meta[...].regions} per region of the text, in order, each with non-blank index-free {@code sources}
 *       and valid {@code trust} classes. Bare values (a closed grammar of ids, numbers, timestamps, enum words) stand
 *       outside regions, but a marker can never be one: markers are free text, so any marker outside a region is a
 *       leak. So is an open or close tag left over outside every well-formed region;
 *   <li>{@code tags} and {@code datamarking}: {@code <data-NONCE src="..." trust="..." ...>content</data-NONCE>},
 *       content without a raw {@code <}.
 * </ul>
 *
 * <p>In both, the JSON Pointer of every Sentry string of {@code structuredContent} is in {@code _meta[...].fields}, and
 * nothing else in {@code _meta} (the rest of the provenance included) carries a marker. A compact block region holds
 * the server's labels next to the values, so a marker in a label inside it passes here; the catalog canary runs the
 * catalog in the tags style as well, where every value has a region of its own and such a label is a leak.
 *
 * <p>Problems are collected (not thrown) so that one run reports every leak; each names the call, the marker, where
 * the marker was planted and a snippet of the text around it.
 */
final class CanaryChecker {
  static final String PROVENANCE_KEY = "io.github.sentrymcp/provenance";
  static final Set<String> TRUST_CLASSES = Set.of("untrusted-external", "untrusted-authenticated", "untrusted-derived");
  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16}");
  private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z_:][-A-Za-z0-9_:.]*)=\"([^\"]*)\"");
  private static final int SNIPPET = 80;

  private final CanaryPlanter planter;
  private final List<String> problems = new ArrayList<>();
  private final Set<String> inRegions = new LinkedHashSet<>();
  private final Set<String> inStructured = new LinkedHashSet<>();
  private final Set<String> styles = new LinkedHashSet<>();
  private int regions;

  CanaryChecker(CanaryPlanter planter) {
    this.planter = planter;
  }

  List<String> problems() {
    return problems;
  }

  /** Distinct markers seen inside a well-formed region of the right nonce. */
  Set<String> markersInRegions() {
    return inRegions;
  }

  /** Distinct markers seen in structured content at a pointer listed in the provenance. */
  Set<String> markersInStructured() {
    return inStructured;
  }

  int regions() {
    return regions;
  }

  /** The styles of the results checked so far, as {@code _meta} names them. */
  Set<String> styles() {
    return styles;
  }

  /**
   * Checks one result.
   *
   * @param call names the tool call in problem reports (tool, arguments, pass)
   * @return the distinct markers this result shows inside its regions
   */
  Set<String> check(String call, RenderedResult r) {
    Set<String> shown = new LinkedHashSet<>();
    Object provenance = r.meta().get(PROVENANCE_KEY);
    if (!(provenance instanceof Map<?, ?> prov)) {
      problems.add(call + ": no " + PROVENANCE_KEY + " in _meta: " + r.meta().keySet());
      return shown;
    }
    Object nonceValue = prov.get("nonce");
    Object fieldsValue = prov.get("fields");
    if (!(nonceValue instanceof String nonce) || !NONCE.matcher(nonce).matches()) {
      problems.add(call + ": the provenance nonce is not 16 base64url characters: " + nonceValue);
      return shown;
    }
    if (!(fieldsValue instanceof Map<?, ?> fields)) {
      problems.add(call + ": the provenance has no fields map: " + fieldsValue);
      return shown;
    }
    Object style = prov.get("style");
    styles.add(String.valueOf(style));
    if ("compact".equals(style)) {
      compactText(call, r.text(), nonce, prov, shown);
    } else if ("tags".equals(style) || "datamarking".equals(style)) {
      text(call, r.text(), nonce, shown);
    } else {
      problems.add(call + ": the provenance names no known style: " + style);
      return shown;
    }
    structured(call, r.structuredContent(), fields);
    metaAndBinaries(call, r, nonce, prov);
    return shown;
  }

  /**
   * Compact: removes the well-formed regions {@code <d-NONCE>...</d>}, checks them against {@code _meta[...].regions}
   * and reports markers and tags left outside.
   */
  private void compactText(String call, String text, String nonce, Map<?, ?> prov, Set<String> shown) {
    Matcher m = Pattern.compile("<d-" + Pattern.quote(nonce) + ">([^<]*)</d>").matcher(text);
    StringBuilder outside = new StringBuilder(text.length());
    int last = 0;
    int count = 0;
    while (m.find()) {
      count++;
      Matcher marker = CanaryPlanter.MARKER.matcher(m.group(1));
      while (marker.find()) {
        String found = marker.group().toUpperCase(Locale.ROOT);
        shown.add(found);
        inRegions.add(found);
      }
      outside.append(text, last, m.start()).append("[data]");
      last = m.end();
    }
    outside.append(text, last, text.length());
    regions += count;
    if (!(prov.get("regions") instanceof List<?> entries)) {
      problems.add(call + ": the provenance of a compact result has no regions list: " + prov.get("regions"));
    } else {
      if (entries.size() != count) {
        problems.add(call + ": " + count + " regions in the text, " + entries.size() + " in _meta: "
            + snippet(text, 0, Math.min(text.length(), 200)));
      }
      for (Object entry : entries) {
        if (!(entry instanceof Map<?, ?> e) || !nonBlankStrings(e.get("sources"), false)
            || !nonBlankStrings(e.get("trust"), true)) {
          problems.add(call + ": a region entry lacks sources, or has a source with an index or a trust class not"
              + " one of " + TRUST_CLASSES + ": " + entry);
        }
      }
    }
    if (prov.containsKey("bare") && !nonBlankStrings(prov.get("bare"), false)) {
      problems.add(call + ": the bare families are not a list of index-free sources: " + prov.get("bare"));
    }
    // the nonce is random server text: never mistake a marker-like run of it for a leak
    String rest = outside.toString().replace(nonce, "<nonce>");
    for (String tag : List.of("<d-", "</d>")) {
      int at = rest.indexOf(tag);
      if (at >= 0) {
        problems.add(call + ": a region tag outside every well-formed region of nonce " + nonce + ": "
            + snippet(rest, at, at + tag.length()));
      }
    }
    for (MatchResult leak : distinctMarkers(rest)) {
      problems.add(call + ": marker " + leak.group() + " (planted at " + planter.origin(leak.group())
          + ") is outside every data region of nonce " + nonce + ": " + snippet(rest, leak.start(), leak.end()));
    }
  }

  /** A non-empty list of non-blank strings: trust classes, or source families (no {@code [n]} index). */
  private static boolean nonBlankStrings(@Nullable Object value, boolean trust) {
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      return false;
    }
    for (Object o : list) {
      if (!(o instanceof String s) || s.isBlank() || (trust ? !TRUST_CLASSES.contains(s) : INDEX.matcher(s).find())) {
        return false;
      }
    }
    return true;
  }

  private static final Pattern INDEX = Pattern.compile("\\[[0-9]+]");

  /** Tags: removes the well-formed regions of this nonce (checking their attributes); reports markers left outside. */
  private void text(String call, String text, String nonce, Set<String> shown) {
    String q = Pattern.quote(nonce);
    Pattern region = Pattern.compile(
        "<data-" + q + "((?:[ \\t]+[A-Za-z_:][-A-Za-z0-9_:.]*=\"[^\"<>]*\")*)[ \\t]*>([^<]*)</data-" + q + ">");
    Matcher m = region.matcher(text);
    StringBuilder outside = new StringBuilder(text.length());
    int last = 0;
    while (m.find()) {
      regions++;
      String src = null;
      String trust = null;
      Matcher a = ATTRIBUTE.matcher(m.group(1));
      while (a.find()) {
        if (a.group(1).equals("src")) {
          src = a.group(2);
        } else if (a.group(1).equals("trust")) {
          trust = a.group(2);
        }
      }
      if (src == null || src.isBlank()) {
        problems.add(call + ": a data region has no src attribute: " + openTag(text, m));
      }
      if (trust == null || !TRUST_CLASSES.contains(trust)) {
        problems.add(call + ": a data region has trust=" + trust + ", not one of " + TRUST_CLASSES + ": "
            + openTag(text, m));
      }
      Matcher marker = CanaryPlanter.MARKER.matcher(m.group(2));
      while (marker.find()) {
        String found = marker.group().toUpperCase(Locale.ROOT);
        shown.add(found);
        inRegions.add(found);
      }
      outside.append(text, last, m.start()).append("[data]");
      last = m.end();
    }
    outside.append(text, last, text.length());
    // the nonce is random server text: never mistake a marker-like run of it for a leak
    String rest = outside.toString().replace(nonce, "<nonce>");
    for (MatchResult leak : distinctMarkers(rest)) {
      problems.add(call + ": marker " + leak.group() + " (planted at " + planter.origin(leak.group())
          + ") is outside every data region of nonce " + nonce + ": " + snippet(rest, leak.start(), leak.end()));
    }
  }

  /** Property names never carry markers; every marked string leaf is listed in the provenance. */
  private void structured(String call, @Nullable Map<String, Object> content, Map<?, ?> fields) {
    if (content != null) {
      walk(call, content, "", fields);
    }
    for (Map.Entry<?, ?> e : fields.entrySet()) {
      String pointer = String.valueOf(e.getKey());
      if (!(e.getValue() instanceof Map<?, ?> p) || !(p.get("source") instanceof String source)
          || source.isBlank() || !TRUST_CLASSES.contains(String.valueOf(p.get("trust")))) {
        problems.add(call + ": provenance of " + pointer + " lacks a source or a valid trust class: "
            + e.getValue());
        continue;
      }
      Object target = content == null ? null : resolve(content, pointer);
      if (!(target instanceof String)) {
        problems.add(call + ": provenance lists " + pointer + ", which is not a string of structuredContent: "
            + target);
      }
    }
  }

  private void walk(String call, @Nullable Object value, String pointer, Map<?, ?> fields) {
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        for (MatchResult m : distinctMarkers(key)) {
          problems.add(call + ": marker " + m.group() + " (planted at " + planter.origin(m.group())
              + ") is a structuredContent property name at " + pointer + ": " + snippet(key, m.start(), m.end()));
        }
        walk(call, e.getValue(), pointer + "/" + escape(key), fields);
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(call, list.get(i), pointer + "/" + i, fields);
      }
    } else if (value instanceof String s) {
      boolean listed = fields.get(pointer) instanceof Map<?, ?> p
          && TRUST_CLASSES.contains(String.valueOf(p.get("trust")));
      for (MatchResult m : distinctMarkers(s)) {
        if (listed) {
          inStructured.add(m.group().toUpperCase(Locale.ROOT));
        } else {
          problems.add(call + ": marker " + m.group() + " (planted at " + planter.origin(m.group())
              + ") is in structuredContent at " + pointer + ", which the provenance does not list: "
              + snippet(s, m.start(), m.end()));
        }
      }
    }
  }

  /**
   * The first occurrence of each distinct marker (in any case) in {@code s}. A planted value
   * carries its marker at both ends; one report per value is enough.
   */
  private static List<MatchResult> distinctMarkers(String s) {
    List<MatchResult> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Matcher m = CanaryPlanter.MARKER.matcher(s);
    while (m.find()) {
      if (seen.add(m.group().toUpperCase(Locale.ROOT))) {
        out.add(m.toMatchResult());
      }
    }
    return out;
  }

  /**
   * Everything else in a result is server-written: _meta, the provenance included (pointers, sources, region entries,
   * bare families; its nonce is random and skipped), and binary parts.
   */
  private void metaAndBinaries(String call, RenderedResult r, String nonce, Map<?, ?> prov) {
    for (Map.Entry<String, Object> e : r.meta().entrySet()) {
      Object value = e.getValue();
      if (e.getKey().equals(PROVENANCE_KEY)) {
        for (Map.Entry<?, ?> p : prov.entrySet()) {
          if (!"nonce".equals(p.getKey())) {
            noMarkers(call, "_meta provenance " + p.getKey(), p.getKey());
            noMarkers(call, "_meta provenance " + p.getKey(), p.getValue());
          }
        }
      } else {
        noMarkers(call, "_meta " + e.getKey(), e.getKey());
        noMarkers(call, "_meta " + e.getKey(), value);
      }
    }
    for (RenderedResult.RenderedBinary b : r.binaries()) {
      noMarkers(call, "binary MIME type", b.mimeType());
      noMarkers(call, "binary URI", b.uri().replace(nonce, "<nonce>"));
    }
  }

  /** Reports any marker in a server-written value (strings, map keys and values, list items). */
  void noMarkers(String where, String what, @Nullable Object value) {
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        noMarkers(where, what, e.getKey());
        noMarkers(where, what, e.getValue());
      }
    } else if (value instanceof List<?> list) {
      for (Object o : list) {
        noMarkers(where, what, o);
      }
    } else if (value != null) {
      String s = String.valueOf(value);
      for (MatchResult m : distinctMarkers(s)) {
        problems.add(where + ": marker " + m.group() + " (planted at " + planter.origin(m.group()) + ") in "
            + what + ": " + snippet(s, m.start(), m.end()));
      }
    }
  }

  /** A descriptor is static server text: no marker may reach its name, title, description or schemas. */
  void checkDescriptor(String where, ToolDescriptor d) {
    noMarkers(where, "descriptor name of " + d.name(), d.name());
    noMarkers(where, "descriptor title of " + d.name(), d.title());
    noMarkers(where, "descriptor description of " + d.name(), d.description());
    noMarkers(where, "input schema of " + d.name(), d.inputSchema());
    noMarkers(where, "output schema of " + d.name(), d.outputSchema());
  }

  private static String openTag(String text, Matcher region) {
    return snippet(text, region.start(), region.start(2));
  }

  private static @Nullable Object resolve(Object root, String pointer) {
    if (pointer.isEmpty()) {
      return root;
    }
    Object cur = root;
    for (String raw : pointer.substring(1).split("/", -1)) {
      String token = raw.replace("~1", "/").replace("~0", "~");
      if (cur instanceof Map<?, ?> map) {
        cur = map.get(token);
      } else if (cur instanceof List<?> list) {
        try {
          int i = Integer.parseInt(token);
          cur = i >= 0 && i < list.size() ? list.get(i) : null;
        } catch (NumberFormatException e) {
          return null;
        }
      } else {
        return null;
      }
    }
    return cur;
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  /** Up to {@value #SNIPPET} characters either side of {@code [start, end)}, line breaks made visible. */
  static String snippet(String s, int start, int end) {
    int from = Math.max(0, start - SNIPPET);
    int to = Math.min(s.length(), end + SNIPPET);
    return (from > 0 ? "..." : "") + s.substring(from, to).replace("\n", "\\n") + (to < s.length() ? "..." : "");
  }
}
