package io.github.sentrymcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.core.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RedactingOutputStreamTest {
  private static final String SENTRY_TOKEN = "sntrys_" + "eyJpYXQiOjE3MDAwMDAwMDAsInVybCI6Imh0dHBzOi8vc2VudHJ5";
  private static final String BEARER = "Bearer abcdefghijklmnopqrstuvwxyz0123456789ABCDEF";
  private static final String BEARER_SECRET = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF";
  private static final String OPENAI_KEY = "sk-proj-" + "Zq8w1Lr5Xc3Vb7Nm2Kj4Hg6Fd9Sa0PoIuYtReWqAs";
  private static final String QUERY_SECRET = "SECRETVALUE123";
  private static final String URL = "https://x.example/cb?token=" + QUERY_SECRET;
  private static final String DSN_SECRET = "SECRETKEY123";
  private static final String DSN = "https://pub:" + DSN_SECRET + "@o1.ingest.sentry.io/1";
  private static final List<String> SECRETS =
      List.of(SENTRY_TOKEN.substring(7), BEARER_SECRET, OPENAI_KEY.substring(3), QUERY_SECRET, DSN_SECRET);

  private final ByteArrayOutputStream real = new ByteArrayOutputStream();
  private final RedactingOutputStream stream = new RedactingOutputStream(real);

  private String shown() {
    return real.toString(StandardCharsets.UTF_8);
  }

  private static void assertNoSecret(String text) {
    for (String s : SECRETS) {
      assertFalse(text.contains(s), "shows " + s + ": " + text);
    }
  }

  private static String secretLine() {
    return "call args {\"token\":\"" + SENTRY_TOKEN + "\",\"auth\":\"" + BEARER + "\",\"key\":\"" + OPENAI_KEY
        + "\",\"cb\":\"" + URL + "\",\"dsn\":\"" + DSN + "\"} ok\n";
  }

  @Test
  void aWholeLineIsRedactedAndEverythingElseKept() {
    String line = secretLine();
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    stream.write(bytes, 0, bytes.length);
    assertEquals(Redactor.redactForTelemetry(line), shown());
    assertNoSecret(shown());
    assertTrue(shown().contains("https://x.example/cb?[REDACTED]"), shown());
    assertTrue(shown().contains("https://pub:[REDACTED]@o1.ingest.sentry.io/1"), shown());
    assertTrue(shown().startsWith("call args {") && shown().endsWith("} ok\n"), shown());
  }

  @Test
  void aLineIsWrittenWhenItEndsAndNotBefore() {
    byte[] first = "a line that has not ended ".getBytes(StandardCharsets.UTF_8);
    stream.write(first, 0, first.length);
    assertEquals("", shown());
    stream.write('x');
    stream.write('\n');
    assertEquals("a line that has not ended x\n", shown());
  }

  @Test
  void secretsSplitOverWritesAreRedacted() {
    byte[] bytes = secretLine().getBytes(StandardCharsets.UTF_8);
    // byte by byte
    for (byte b : bytes) {
      stream.write(b);
    }
    assertEquals(Redactor.redactForTelemetry(secretLine()), shown());
    // every split point of two writes
    for (int cut = 1; cut < bytes.length; cut++) {
      real.reset();
      stream.write(bytes, 0, cut);
      stream.write(bytes, cut, bytes.length - cut);
      assertEquals(Redactor.redactForTelemetry(secretLine()), shown(), "split at " + cut);
    }
  }

  @Test
  void multiByteCharactersSplitOverWritesAndFlushesStayWhole() {
    String line = "Grüße, 日本語, emoji \uD83D\uDE00 and " + SENTRY_TOKEN + " — done\n";
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      stream.write(b);
      stream.flush(); // a flush inside a character writes only the characters that are complete
    }
    String out = shown();
    assertFalse(out.contains("\uFFFD"), out);
    assertTrue(out.startsWith("Grüße, 日本語, emoji \uD83D\uDE00 and "), out);
    assertTrue(out.endsWith(" — done\n"), out);
  }

  @Test
  void flushWritesAPartialLineRedactedAndTheRestContinuesIt() {
    byte[] head = ("partial " + SENTRY_TOKEN + " Authorization:").getBytes(StandardCharsets.UTF_8);
    stream.write(head, 0, head.length);
    assertEquals("", shown());
    stream.flush();
    assertEquals("partial sntrys_[REDACTED] Authorization:", shown());
    // the value after the flush belongs to the header announced before it
    byte[] rest = (" Bearer " + BEARER_SECRET + "\n").getBytes(StandardCharsets.UTF_8);
    stream.write(rest, 0, rest.length);
    assertNoSecret(shown());
    assertTrue(shown().endsWith("\n"), shown());
    // a scheme word before the flush, its token after it
    real.reset();
    byte[] bearer = "token: Bearer".getBytes(StandardCharsets.UTF_8);
    stream.write(bearer, 0, bearer.length);
    stream.flush();
    byte[] token = (" " + BEARER_SECRET + " end\n").getBytes(StandardCharsets.UTF_8);
    stream.write(token, 0, token.length);
    assertEquals("token: Bearer [REDACTED] end\n", shown());
  }

  @Test
  void longLinesAreWrittenInPartsWithoutShowingASecret() {
    // a JSON line of about 200 KB (like the MCP SDK's debug line of a tools/list answer), secrets everywhere
    StringBuilder sb = new StringBuilder("Received JSON message: {\"items\":[");
    Random random = new Random(7);
    int i = 0;
    while (sb.length() < 200_000) {
      sb.append("{\"n\":").append(i++).append(",\"text\":\"").append("word ".repeat(random.nextInt(40)))
          .append(secretLine().strip().replace("\"", "\\\"")).append("\"},");
      sb.append("{\"blob\":\"").append("Qz".repeat(random.nextInt(3000))).append("\",\"auth\":\"").append(BEARER)
          .append("\",\"url\":\"").append(URL).append("\"},");
    }
    String line = sb.append("{}]}\n").toString();
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    // in one write
    stream.write(bytes, 0, bytes.length);
    assertLongLineShown(line);
    // in writes of random sizes, and flushes between some of them
    real.reset();
    int at = 0;
    while (at < bytes.length) {
      int n = Math.min(bytes.length - at, 1 + random.nextInt(20_000));
      stream.write(bytes, at, n);
      at += n;
    }
    assertLongLineShown(line);
  }

  private void assertLongLineShown(String line) {
    String out = shown();
    assertNoSecret(out);
    assertTrue(out.startsWith("Received JSON message: {\"items\":["), out.substring(0, 100));
    assertTrue(out.endsWith("{}]}\n"));
    assertEquals(1, out.chars().filter(c -> c == '\n').count());
    // nothing but secrets went missing: every word, number and blob is still there
    assertEquals(count(line, "word "), count(out, "word "));
    assertEquals(count(line, "\"n\":"), count(out, "\"n\":"));
    assertEquals(count(line, "Qz"), count(out, "Qz"));
  }

  @Test
  void aLongRunWithoutDelimitersIsCutOnACharacterBoundary() {
    String run = "é".repeat(3 * RedactingOutputStream.MAX_PENDING);
    byte[] bytes = (run + "\n").getBytes(StandardCharsets.UTF_8);
    stream.write(bytes, 0, bytes.length);
    assertEquals(run + "\n", shown());
  }

  @Test
  void aSecretAtALongLinesCutIsNotShown() {
    // the secret starts right where a cut would fall, after a comma (a token's end) in a line without blanks
    for (int pad = RedactingOutputStream.MAX_PENDING - 40; pad < RedactingOutputStream.MAX_PENDING + 5; pad++) {
      real.reset();
      String line = "x".repeat(pad) + "," + SENTRY_TOKEN + "," + "y".repeat(20_000) + "\n";
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      for (int at = 0; at < bytes.length; at += 1000) {
        stream.write(bytes, at, Math.min(1000, bytes.length - at));
      }
      assertNoSecret(shown());
      // (not assertEquals: its message would print 36 KB)
      assertTrue(line.replace(SENTRY_TOKEN, "sntrys_[REDACTED]").equals(shown()), "pad " + pad);
    }
  }

  @Test
  void aPrintStreamOverItRedactsEveryLineAndShowsThemAtOnce() {
    PrintStream err = new PrintStream(stream, false, StandardCharsets.UTF_8);
    err.println("token " + SENTRY_TOKEN);
    assertEquals("token sntrys_[REDACTED]\n", shown()); // no flush needed for a whole line
    err.print("no newline ");
    err.print(URL);
    assertEquals("token sntrys_[REDACTED]\n", shown());
    err.flush();
    assertEquals("token sntrys_[REDACTED]\nno newline https://x.example/cb?[REDACTED]", shown());
    err.println();
    new IllegalStateException("failed with " + DSN).printStackTrace(err);
    assertNoSecret(shown());
    assertTrue(shown().contains("failed with https://pub:[REDACTED]@o1.ingest.sentry.io/1"), shown());
  }

  @Test
  void linesFromManyThreadsStayWholeAndRedacted() throws Exception {
    PrintStream err = new PrintStream(stream, false, StandardCharsets.UTF_8);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    try {
      for (int t = 0; t < 8; t++) {
        int thread = t;
        pool.execute(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          for (int n = 0; n < 200; n++) {
            err.println("thread " + thread + " line " + n + " " + BEARER + " " + URL);
          }
        });
      }
      go.countDown();
      pool.shutdown();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    List<String> lines = shown().lines().toList();
    assertEquals(1600, lines.size());
    for (String line : lines) {
      assertTrue(line.matches("thread [0-7] line [0-9]+ Bearer \\[REDACTED] https://x\\.example/cb\\?\\[REDACTED]"),
          line);
    }
  }

  @Test
  void onlyTheInstalledStderrPrintsALineUnredactedOnRequest() {
    PrintStream saved = System.err;
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(terminal, true, StandardCharsets.UTF_8));
      PrintStream err = RedactingOutputStream.install();
      assertTrue(System.err == err);
      err.print("pending " + URL);
      RedactingOutputStream.printlnUnredacted(err, "open https://sentry.example/oauth/device/?user_code=ABCD-EFGH");
      err.println(" and " + URL);
      assertEquals("pending https://x.example/cb?[REDACTED]"
          + "open https://sentry.example/oauth/device/?user_code=ABCD-EFGH\n"
          + " and https://x.example/cb?[REDACTED]\n", terminal.toString(StandardCharsets.UTF_8));
      // any other stream: a plain println
      PrintStream other = new PrintStream(stream, false, StandardCharsets.UTF_8);
      RedactingOutputStream.printlnUnredacted(other, URL);
      assertEquals("https://x.example/cb?[REDACTED]\n", shown());
    } finally {
      System.setErr(saved);
    }
  }

  @Test
  void neverThrowsWhenTheRealStreamFails() {
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("closed");
      }

      @Override
      public void flush() throws IOException {
        throw new IOException("closed");
      }
    };
    RedactingOutputStream s = new RedactingOutputStream(broken);
    byte[] bytes = "a line\npartial".getBytes(StandardCharsets.UTF_8);
    s.write(bytes, 0, bytes.length);
    s.write('\n');
    s.write(bytes, 0, bytes.length);
    s.flush();
    s.close();
    s.write(bytes, 5, 100); // out of bounds: ignored
  }

  @Test
  void redactingAContinuationNeverRepeatsWhatWasWritten() {
    assertEquals(" [REDACTED] end", RedactingOutputStream.redact("x Bearer", " " + BEARER_SECRET + " end"));
    assertEquals("", RedactingOutputStream.redact("see https://x.example/cb?a=1", "&token=" + QUERY_SECRET));
    // the context's own redaction differs (a header value spans the cut): only what follows the common start
    String shown = RedactingOutputStream.redact("Cookie: a=b", " session=" + QUERY_SECRET);
    assertFalse(shown.contains(QUERY_SECRET), shown);
  }

  @Test
  void completeUtf8StopsBeforeAnUnfinishedCharacter() {
    byte[] euro = "a€".getBytes(StandardCharsets.UTF_8); // 61 E2 82 AC
    assertEquals(4, RedactingOutputStream.completeUtf8(euro, 0, 4));
    assertEquals(1, RedactingOutputStream.completeUtf8(euro, 0, 3));
    assertEquals(1, RedactingOutputStream.completeUtf8(euro, 0, 2));
    assertEquals(1, RedactingOutputStream.completeUtf8(euro, 0, 1));
    byte[] emoji = "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
    assertEquals(0, RedactingOutputStream.completeUtf8(emoji, 0, 3));
    assertEquals(4, RedactingOutputStream.completeUtf8(emoji, 0, 4));
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }
}
