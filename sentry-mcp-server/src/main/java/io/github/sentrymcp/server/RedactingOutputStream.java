package io.github.sentrymcp.server;

import io.github.sentrymcp.core.Redactor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The server's stderr: every line passes through {@link Redactor#redactForTelemetry} before it reaches the real
 * stream, so no log line of any library (this server, Jetty, the MCP SDK, OpenTelemetry's JUL output) shows a
 * credential, a DSN secret or a URL's query. {@link Main} installs it before anything logs.
 *
 * <p>Bytes are collected up to a newline, decoded as UTF-8, redacted and written, encoded as UTF-8, and the real
 * stream is flushed: a line appears as soon as it is complete. What is not a whole line yet is written on {@link
 * #flush()} (a trailing incomplete UTF-8 sequence waits for its remaining bytes), and when more than {@link
 * #MAX_PENDING} bytes of one line have collected: then the line is cut before a character that ends a URL or a token
 * (see {@link #cutLongLine()}), so no secret is cut in two. Each later part of a line is redacted together with the
 * last {@link #CONTEXT} characters before it, so a secret that something before the cut announces ({@code Bearer},
 * {@code Authorization:}, a URL's {@code ?}) is still found.
 *
 * <p>Thread-safe; never throws: a failure of the real stream is ignored (stderr has nowhere to report it), and a
 * line the redactor fails on is replaced by {@link Redactor#MARKER}.
 */
final class RedactingOutputStream extends OutputStream {
  /** Bytes of one line held before a part of it is written. */
  static final int MAX_PENDING = 16 * 1024;

  /** Characters before a cut that the next part of the line is redacted with. */
  static final int CONTEXT = 4096;

  private final OutputStream out;
  private byte[] buf = new byte[256];
  private int len;
  /** The end of the part of the current line already written (its original text), or "" at a line's start. */
  private String context = "";

  RedactingOutputStream(OutputStream out) {
    this.out = out;
  }

  /**
   * Replaces {@link System#err} with a redacting stream over the current one. Like the JDK's System.err, it shows
   * each line as soon as it is printed: this stream writes and flushes every complete line at once. The PrintStream
   * itself is not an autoflush one, because that flushes after every piece of at most 8 KiB its encoder hands on,
   * which would write a long line in arbitrary pieces (a secret cut in two); text without a line end is written on
   * {@code flush()}.
   */
  static PrintStream install() {
    PrintStream real = System.err;
    PrintStream redacting = new PrintStream(new RedactingOutputStream(real), false, StandardCharsets.UTF_8);
    System.setErr(redacting);
    installed = new PrintStream[] {redacting, real};
    return redacting;
  }

  /** The installed stream and the real one under it, or null. */
  private static volatile PrintStream @Nullable [] installed;

  /**
   * Prints a line that is meant for the person at the terminal exactly as it is, e.g. the device login's page with
   * the user code in its query, which the redaction would cut off. Only for text this program composed and knows to
   * hold no credential; on any stream but the installed stderr, a plain {@code println}.
   */
  static void printlnUnredacted(PrintStream err, String line) {
    PrintStream[] streams = installed;
    if (streams == null || err != streams[0]) {
      err.println(line);
      return;
    }
    err.flush(); // what is pending comes first
    streams[1].println(line);
    streams[1].flush();
  }

  /**
   * Prepares the redactor on a daemon thread: its patterns take about 10 ms to load and compile in a cold JVM, which
   * the first line on stderr (a start-up notice) would otherwise wait for on the main thread. A line printed before
   * it is done waits for it (class initialization), so nothing is ever written unredacted.
   */
  static void prepareInBackground() {
    Thread t = new Thread(() -> Redactor.redactForTelemetry("Bearer x sntrys_x sk-x https://u:p@h/p?q"),
        "sentry-mcp-redactor-init");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public synchronized void write(int b) {
    ensure(1);
    buf[len++] = (byte) b;
    if (b == '\n') {
      drainLines();
    } else if (len > MAX_PENDING) {
      cutLongLine();
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int n) {
    if (off < 0 || n < 0 || off + n > b.length || off + n < 0) {
      return; // nothing sensible to write; an exception would only reach a logger's catch block
    }
    int i = off;
    int end = off + n;
    while (i < end) {
      int take = Math.min(end - i, MAX_PENDING + 1);
      ensure(take);
      System.arraycopy(b, i, buf, len, take);
      int from = len;
      len += take;
      i += take;
      if (indexOf(buf, (byte) '\n', from, len) >= 0) {
        drainLines();
      }
      while (len > MAX_PENDING) {
        cutLongLine();
      }
    }
  }

  /** Writes what is pending, redacted, without waiting for the line's end; then flushes the real stream. */
  @Override
  public synchronized void flush() {
    int end = completeUtf8(buf, 0, len);
    if (end > 0) {
      emit(0, end, false);
    }
    flushOut();
  }

  private void flushOut() {
    try {
      out.flush();
    } catch (IOException | RuntimeException e) {
      // stderr is gone: nothing to tell
    }
  }

  @Override
  public synchronized void close() {
    flush();
  }

  /** Writes every complete line in the buffer. */
  private void drainLines() {
    int start = 0;
    int nl;
    while ((nl = indexOf(buf, (byte) '\n', start, len)) >= 0) {
      emitRange(start, nl + 1, true);
      start = nl + 1;
    }
    shift(start);
    flushOut();
  }

  /**
   * A line longer than {@link #MAX_PENDING}: writes it up to a cut point in its second half and keeps the rest. The
   * cut is before the last character that ends a URL; else before the last one that ends a token (no secret the
   * redactor knows is cut in two: a URL's query cut there is still found through the context); else, in a run of
   * token characters, on a character boundary.
   */
  private void cutLongLine() {
    int cut = lastCut(true);
    if (cut < 0) {
      cut = lastCut(false);
    }
    if (cut <= 0) {
      cut = completeUtf8(buf, 0, MAX_PENDING);
    }
    emit(0, cut, false);
  }

  /** The last index in the buffer's second half of a URL end ({@code urlEnd}) or of a token end; -1 if none. */
  private int lastCut(boolean urlEnd) {
    for (int i = len - 1; i >= len / 2; i--) {
      byte b = buf[i];
      if (urlEnd ? endsUrlOrToken(b) : !isTokenByte(b) && (b & 0xC0) != 0x80) {
        return i; // the delimiter starts the next part: "Bearer" | " token" keeps the token whole
      }
    }
    return -1;
  }

  /** The characters of every token form the redactor knows ({@code [A-Za-z0-9_+/=.~-]}). */
  private static boolean isTokenByte(byte b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b == '+'
        || b == '/' || b == '=' || b == '.' || b == '~' || b == '-';
  }

  private void emit(int from, int to, boolean lineEnd) {
    emitRange(from, to, lineEnd);
    shift(to);
  }

  /** Redacts bytes {@code [from, to)} with the context of the line's written part and writes them. */
  private void emitRange(int from, int to, boolean lineEnd) {
    String text = new String(buf, from, to - from, StandardCharsets.UTF_8);
    String shown;
    try {
      shown = redact(context, text);
    } catch (RuntimeException | StackOverflowError e) {
      shown = Redactor.MARKER + (lineEnd ? "\n" : "");
    }
    context = lineEnd ? "" : tail(context + text);
    out(shown);
  }

  /**
   * {@code text} redacted as the continuation of {@code context}: the redaction of both together, without the part
   * that the context alone redacts to (already written). When a secret spans the two (the redactions of the context
   * differ), what follows their common start is written: it can repeat a marker, never a secret.
   */
  static String redact(String context, String text) {
    if (context.isEmpty()) {
      return redacted(text);
    }
    String whole = redacted(context + text);
    String before = redacted(context);
    if (whole.startsWith(before)) {
      return whole.substring(before.length());
    }
    int common = 0;
    int max = Math.min(whole.length(), before.length());
    while (common < max && whole.charAt(common) == before.charAt(common)) {
      common++;
    }
    return whole.substring(common);
  }

  private static String redacted(String s) {
    String r = Redactor.redactForTelemetry(s);
    return r == null ? "" : r;
  }

  /** The last {@link #CONTEXT} characters of {@code s}, starting after a delimiter when there is one. */
  private static String tail(String s) {
    if (s.length() <= CONTEXT) {
      return s;
    }
    int from = s.length() - CONTEXT;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80 && endsUrlOrToken((byte) c)) {
        return s.substring(i);
      }
    }
    return s.substring(from);
  }

  private void out(String text) {
    if (text.isEmpty()) {
      return;
    }
    try {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      out.write(bytes, 0, bytes.length);
    } catch (IOException | RuntimeException e) {
      // stderr is gone: nothing to tell
    }
  }

  /** The characters that end a URL (and so its query) and every token form the redactor knows. */
  private static boolean endsUrlOrToken(byte b) {
    return (b >= 0 && b <= 0x20) || b == 0x7f || b == '"' || b == '\'' || b == '<' || b == '>' || b == '`'
        || b == '\\';
  }

  /** The end of the longest prefix of {@code b[from, to)} that does not stop inside a UTF-8 sequence. */
  static int completeUtf8(byte[] b, int from, int to) {
    // step back over continuation bytes (at most 3) to the lead byte of the last character
    int i = to - 1;
    int continuation = 0;
    while (i >= from && continuation < 3 && (b[i] & 0xC0) == 0x80) {
      i--;
      continuation++;
    }
    if (i < from) {
      return to; // only continuation bytes: not UTF-8 anyway, written as they are (decoded to U+FFFD)
    }
    int lead = b[i] & 0xFF;
    int need = lead >= 0xF0 && lead < 0xF8 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    if (lead >= 0xF8 || (lead >= 0x80 && lead < 0xC0)) {
      need = 0; // invalid lead byte: nothing to wait for
    }
    return continuation < need ? i : to;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }

  /** Drops the first {@code n} bytes; a large buffer shrinks back once it is empty. */
  private void shift(int n) {
    if (n <= 0) {
      return;
    }
    System.arraycopy(buf, n, buf, 0, len - n);
    len -= n;
    if (len == 0 && buf.length > 4 * MAX_PENDING) {
      buf = new byte[256];
    }
  }

  private static int indexOf(byte[] b, byte v, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }
}
