package io.github.sentrymcp.core.internal.render;

import io.github.sentrymcp.api.result.Block;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.RegionStyle;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes the text of a result in {@link RegionStyle#COMPACT}: Sentry values inside regions {@code <d-NONCE>} ..
 * {@code </d>} whose opening tag carries the result's nonce and nothing else; their sources and trust classes go to
 * {@code _meta}. How regions work is said once, in the server's instructions and the tools' descriptions, not per result.
 *
 * <p>Layout rules, all decided here and not by the tools:
 *
 * <ul>
 *   <li><b>Bare values.</b> A value that matches a closed grammar ({@link BareValues}: numbers, hex ids, UUIDs,
 *       timestamps, addresses, versions, a fixed vocabulary of enum words) is written as it is when it stands
 *       outside a region; every other value is fenced.
 *   <li><b>One region per run.</b> A run of structural blocks (headings, fields, tables, plain lists, data blocks)
 *       shares one block region from its first to its last block holding a fenced value. Inside a region the server
 *       writes only labels (field names before the first {@code ": "}, column headers, headings, list bullets and
 *       tree lines) and its {@code ⟪…⟫} notes; values are escaped so they cannot start a line, add a column, close
 *       the region or write a note. Prose (paragraphs, code blocks, lists with suggested calls) never sits inside a
 *       region; a value in prose gets an inline region of its own.
 *   <li><b>No labels for nothing.</b> Fields and columns the tools leave out are not written; tables have no rule
 *       line and no outer pipes; fields have no bold markup.
 * </ul>
 *
 * <p>Notes the server writes inside a region (a cut value, rows left out) use {@code ⟪ ⟫} (U+27EA, U+27EB), which
 * {@link RegionEscaper} always escapes in data, so a value cannot forge one.
 */
final class CompactWriter {
  static final String OPEN_NOTE = "\u27EA";
  static final String CLOSE_NOTE = "\u27EB";

  /**
   * Every region ends with this tag. It needs no nonce: no Sentry value can hold a {@code <} (or a look-alike), so no
   * value can write any tag, and the opening tag's nonce already ties the region to its result.
   */
  static final String CLOSE_TAG = "</d>";

  private final String nonce;
  private final int maxValueChars;
  private final int maxTotalChars;
  private final int maxItems;
  final StringBuilder out = new StringBuilder(1024);
  private final List<Map<String, Object>> regions = new ArrayList<>();
  private final Set<String> bareSources = new LinkedHashSet<>();
  private final List<String> cutSources = new ArrayList<>();
  private @Nullable Region open;

  /** The sources and trust classes of one region, for {@code _meta}. */
  private static final class Region {
    final Set<String> sources = new LinkedHashSet<>();
    final Set<String> trust = new LinkedHashSet<>();
  }

  CompactWriter(String nonce, int maxValueChars, int maxTotalChars, int maxItems) {
    this.nonce = nonce;
    this.maxValueChars = maxValueChars;
    this.maxTotalChars = maxTotalChars;
    this.maxItems = maxItems;
  }

  // ------------------------------------------------------------------------------------------------ provenance

  /**
   * {@code regions}: one entry per region, {@code {sources, trust}}; {@code bare}; {@code truncatedValues}; {@code
   * omittedBlocks} (how many blocks the size limit left out).
   */
  void provenance(Map<String, Object> into) {
    into.put("regions", regions);
    if (!bareSources.isEmpty()) {
      into.put("bare", new ArrayList<>(bareSources));
    }
    if (!cutSources.isEmpty()) {
      into.put("truncatedValues", cutSources);
    }
    if (omittedBlocks > 0) {
      into.put("omittedBlocks", omittedBlocks);
    }
  }

  boolean anyRegion() {
    return !regions.isEmpty();
  }

  /**
   * A source path without its array and entry indexes: {@code event.tags[3].key} becomes {@code event.tags[].key},
   * {@code event.contexts{3}.value{4}.key} becomes {@code event.contexts{}.value{}.key}.
   */
  static String family(String source) {
    if (source.indexOf('[') < 0 && source.indexOf('{') < 0) {
      return source;
    }
    StringBuilder sb = new StringBuilder(source.length());
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      sb.append(c);
      if (c == '[' || c == '{') {
        char close = c == '[' ? ']' : '}';
        int j = i + 1;
        while (j < source.length() && Character.isDigit(source.charAt(j))) {
          j++;
        }
        if (j > i + 1 && j < source.length() && source.charAt(j) == close) {
          i = j;
          continue;
        }
      }
      i++;
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------------------------------------ regions

  private void openBlockRegion() {
    if (open == null) {
      open = new Region();
      ensureLineStart();
      out.append("<d-").append(nonce).append(">\n");
      openTagEnd = out.length();
    }
  }

  private void closeBlockRegion() {
    if (open != null) {
      ensureLineStart();
      out.append(CLOSE_TAG).append('\n');
      finishRegion(open);
      open = null;
    }
  }

  private void finishRegion(Region r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sources", new ArrayList<>(r.sources));
    m.put("trust", new ArrayList<>(r.trust));
    regions.add(m);
  }

  private void ensureLineStart() {
    int len = out.length();
    if (len > 0 && out.charAt(len - 1) != '\n') {
      out.append('\n');
    }
  }

  /** Writes one value: escaped inside the open region, bare where its grammar allows, else in an inline region. */
  void value(Untrusted u, boolean singleLine, boolean inTableCell) {
    int budget = Math.min(maxValueChars, Math.max(ResultRenderer.MIN_CUT_CHARS, maxTotalChars - out.length()));
    ResultRenderer.Shown v = ResultRenderer.shown(u, budget);
    if (open != null) {
      open.sources.add(family(u.source()));
      open.trust.add(u.trust().id());
      write(u, v, singleLine, inTableCell);
      return;
    }
    if (!v.cut() && u.trust() != TrustClass.UNTRUSTED_DERIVED && BareValues.isBare(v.text())) {
      bareSources.add(family(u.source()));
      out.append(v.text());
      return;
    }
    Region r = new Region();
    r.sources.add(family(u.source()));
    r.trust.add(u.trust().id());
    out.append("<d-").append(nonce).append('>');
    write(u, v, singleLine, inTableCell);
    out.append(CLOSE_TAG);
    finishRegion(r);
  }

  private void write(Untrusted u, ResultRenderer.Shown v, boolean singleLine, boolean inTableCell) {
    String text = v.text();
    int at = atBlockStart() ? headingMarker(text) : -1;
    if (at >= 0) {
      // Inside a block region a value can start a markdown line (a data block, a table's first column, a caption) or
      // a list item's content; the escaper's line-start rule, which it applies after line breaks only (in the other
      // styles the open tag precedes the first line), must hold for the first line too.
      out.append(text, 0, at);
      RegionEscaper.ref(out, text.charAt(at));
      text = text.substring(at + 1);
    }
    RegionEscaper.escapeInto(out, text, singleLine, RegionStyle.COMPACT, inTableCell);
    if (v.cut()) {
      cutSources.add(u.source());
      note("cut: " + u.length() + " chars in all");
    }
  }

  /**
   * Whether what is written next starts a markdown line: after a line break, the content of a list item ({@code "- "})
   * or up to three spaces of indentation (a trace tree line), which markdown still reads as the line's start.
   */
  private boolean atBlockStart() {
    int len = out.length();
    if (len >= 2 && out.charAt(len - 2) == '-' && out.charAt(len - 1) == ' ') {
      len -= 2;
    }
    len = skipSpaces(len);
    return len == 0 || out.charAt(len - 1) == '\n';
  }

  private int skipSpaces(int len) {
    int spaces = 0;
    while (len > 0 && spaces < 3 && out.charAt(len - 1) == ' ') {
      len--;
      spaces++;
    }
    return len;
  }

  /**
   * The index of the {@code #} or setext underline character ({@code =}, {@code -}) that, after up to three spaces,
   * would make the first line of {@code text} a heading at the start of a line; -1 if there is none.
   */
  private static int headingMarker(String text) {
    int i = 0;
    while (i < text.length() && i < 3 && text.charAt(i) == ' ') {
      i++;
    }
    if (i == text.length()) {
      return -1;
    }
    char c = text.charAt(i);
    if (c == '#') {
      return i;
    }
    if (c != '=' && c != '-') {
      return -1;
    }
    int j = i;
    while (j < text.length() && text.charAt(j) == c) {
      j++;
    }
    while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
      j++;
    }
    return j == text.length() || text.charAt(j) == '\n' ? i : -1;
  }

  private void note(String serverText) {
    out.append(OPEN_NOTE).append(serverText).append(CLOSE_NOTE);
  }

  /** Whether a value would need a region if written outside one. */
  private static boolean fenced(Untrusted u) {
    return u.trust() == TrustClass.UNTRUSTED_DERIVED || !BareValues.isBare(u.rawValue());
  }

  // ------------------------------------------------------------------------------------------------ blocks

  /** Writes all blocks; past the total cap the rest are left out with a note that says how to get them. */
  void blocks(List<Block> blocks, @Nullable String truncationHint) {
    int n = blocks.size();
    boolean[] prose = new boolean[n];
    boolean[] needs = new boolean[n];
    for (int i = 0; i < n; i++) {
      prose[i] = isProse(blocks.get(i));
      needs[i] = needsRegion(blocks.get(i));
    }
    int i = 0;
    while (i < n) {
      if (prose[i]) {
        if (!room()) {
          truncated(n - i, truncationHint);
          return;
        }
        block(blocks.get(i));
        if (cutInside) {
          truncated(n - i - 1, truncationHint);
          return;
        }
        i++;
        continue;
      }
      int end = i;
      int first = -1;
      int last = -1;
      while (end < n && !prose[end]) {
        if (needs[end]) {
          if (first < 0) {
            first = end;
          }
          last = end;
        }
        end++;
      }
      for (int k = i; k < end; k++) {
        if (!room()) {
          closeBlockRegion();
          truncated(n - k, truncationHint);
          return;
        }
        if (k == first) {
          separate(blocks.get(k));
          openBlockRegion();
        }
        block(blocks.get(k));
        if (cutInside) {
          closeBlockRegion();
          truncated(n - k - 1, truncationHint);
          return;
        }
        if (k == last) {
          closeBlockRegion();
        }
      }
      i = end;
    }
    closeBlockRegion();
  }

  /** Blocks left out because the output reached its limit. */
  private int omittedBlocks;

  private boolean room() {
    return out.length() < maxTotalChars;
  }

  private void truncated(int left, @Nullable String hint) {
    omittedBlocks += left;
    blank();
    out.append("[Output cut at ").append(maxTotalChars).append(" characters: ")
        .append(cutInside ? "the rest of a block and " : "").append(left)
        .append(left == 1 ? " more block" : " more blocks").append(" not shown. ")
        .append(hint != null ? hint : "Ask for less: a smaller limit, a narrower query or a shorter period.")
        .append("]\n");
  }

  /**
   * Code blocks, and paragraphs and lists that name a call or a query in code: server guidance, never inside a
   * region. A paragraph without code is a caption ("Found 3 events:") and may sit inside one.
   */
  private static boolean isProse(Block b) {
    if (b instanceof Block.CodeBlock) {
      return true;
    }
    if (b instanceof Block.Paragraph p) {
      for (Inline in : p.content()) {
        if (in instanceof Inline.Code) {
          return true;
        }
      }
      return false;
    }
    if (b instanceof Block.BulletList l) {
      for (List<Inline> item : l.items()) {
        for (Inline in : item) {
          if (in instanceof Inline.Code) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean needsRegion(Block b) {
    if (b instanceof Block.Field f) {
      return anyFenced(f.value());
    }
    if (b instanceof Block.Paragraph p) {
      return anyFenced(p.content());
    }
    if (b instanceof Block.Table t) {
      for (List<Inline> row : t.rows()) {
        if (anyFenced(row)) {
          return true;
        }
      }
      return false;
    }
    if (b instanceof Block.BulletList l) {
      for (List<Inline> item : l.items()) {
        if (anyFenced(item)) {
          return true;
        }
      }
      return false;
    }
    if (b instanceof Block.DataBlock d) {
      return fenced(d.content());
    }
    return false;
  }

  private static boolean anyFenced(List<Inline> content) {
    for (Inline in : content) {
      if (in instanceof Inline.Data d && fenced(d.value())) {
        return true;
      }
    }
    return false;
  }

  /** The blank line a block wants before it, written before a region opens so the region starts at its content. */
  private void separate(Block b) {
    if (!(b instanceof Block.Field) || lastWasBlockOtherThanField) {
      blank();
    }
  }

  private boolean lastWasBlockOtherThanField;

  private void block(Block b) {
    if (b instanceof Block.Heading h) {
      blank();
      out.append("#".repeat(h.level())).append(' ').append(h.text()).append('\n');
    } else if (b instanceof Block.Paragraph p) {
      blank();
      inline(p.content(), false);
      out.append('\n');
    } else if (b instanceof Block.Field f) {
      if (lastWasBlockOtherThanField) {
        blank();
      }
      out.append(f.label()).append(": ");
      inline(f.value(), false);
      out.append('\n');
    } else if (b instanceof Block.BulletList l) {
      blank();
      int shown = 0;
      for (List<Inline> item : l.items()) {
        if (shown >= maxItems || !room()) {
          break;
        }
        out.append("- ");
        inline(item, false);
        out.append('\n');
        shown++;
      }
      omitted(l.items().size(), shown, "items");
    } else if (b instanceof Block.Table t) {
      blank();
      out.append(String.join(" | ", t.headers())).append('\n');
      int shown = 0;
      for (List<Inline> row : t.rows()) {
        if (shown >= maxItems || !room()) {
          break;
        }
        for (int c = 0; c < row.size(); c++) {
          if (c > 0) {
            out.append(" | ");
          }
          inline(List.of(row.get(c)), true);
        }
        out.append('\n');
        shown++;
      }
      omitted(t.rows().size(), shown, "rows");
    } else if (b instanceof Block.DataBlock d) {
      blank();
      if (d.label() != null) {
        out.append(d.label()).append(":\n");
      }
      value(d.content(), false, false);
      out.append('\n');
    } else if (b instanceof Block.CodeBlock c) {
      blank();
      String fence = "```";
      while (c.code().contains(fence)) {
        fence += "`";
      }
      out.append(fence).append(c.language()).append('\n').append(c.code()).append('\n').append(fence).append('\n');
    }
    lastWasBlockOtherThanField = !(b instanceof Block.Field);
  }

  private void omitted(int total, int shown, String what) {
    if (shown < total) {
      if (open != null) {
        note((total - shown) + " more " + what + " not shown");
        out.append('\n');
      } else {
        out.append('[').append(total - shown).append(" more ").append(what).append(" not shown]\n");
      }
    }
  }

  /** Set when the total cap stopped a block's inline content (a long paragraph) before its end. */
  private boolean cutInside;

  private void inline(List<Inline> content, boolean inTableCell) {
    for (Inline in : content) {
      if (!room()) {
        cutInside = true;
        return;
      }
      if (in instanceof Inline.Text t) {
        out.append(t.text());
      } else if (in instanceof Inline.Code c) {
        String fence = c.code().contains("`") ? "``" : "`";
        out.append(fence).append(c.code()).append(fence);
      } else if (in instanceof Inline.Data d) {
        value(d.value(), true, inTableCell);
      }
    }
  }

  void blank() {
    int len = out.length();
    if (len == 0) {
      return;
    }
    if (out.charAt(len - 1) != '\n') {
      out.append('\n');
      len++;
    }
    if (len >= 2 && out.charAt(len - 2) == '\n') {
      return;
    }
    // no blank line right after a region's open tag
    if (open != null && out.length() == openTagEnd) {
      return;
    }
    out.append('\n');
  }

  /** Where the open block region's tag line ends, so no blank line follows it directly. */
  private int openTagEnd = -1;

  /** Structured content of a result without blocks, as {@code path: value} lines. */
  void structured(Structured s, String path, int depth, int maxDepth) {
    if (!room() || depth > maxDepth) {
      return;
    }
    if (s instanceof Structured.Obj o) {
      o.fields().forEach((k, v) -> structured(v, path.isEmpty() ? k : path + "." + k, depth + 1, maxDepth));
    } else if (s instanceof Structured.Arr a) {
      int n = Math.min(a.items().size(), maxItems);
      for (int i = 0; i < n; i++) {
        structured(a.items().get(i), path + "[" + i + "]", depth + 1, maxDepth);
      }
    } else if (s instanceof Structured.Data d) {
      if (fenced(d.value())) {
        openBlockRegion();
      }
      out.append(path).append(": ");
      value(d.value(), true, false);
      out.append('\n');
    } else {
      String v = s instanceof Structured.Str str ? str.value()
          : s instanceof Structured.Num num ? String.valueOf(num.value())
          : s instanceof Structured.Bool bo ? String.valueOf(bo.value()) : "null";
      out.append(path).append(": ").append(v).append('\n');
    }
  }

  /** Closes any open region and returns the text without trailing blank space. */
  String finish() {
    closeBlockRegion();
    int end = out.length();
    while (end > 0 && Character.isWhitespace(out.charAt(end - 1))) {
      end--;
    }
    int start = 0;
    while (start < end && out.charAt(start) == '\n') {
      start++;
    }
    return out.substring(start, end);
  }
}
