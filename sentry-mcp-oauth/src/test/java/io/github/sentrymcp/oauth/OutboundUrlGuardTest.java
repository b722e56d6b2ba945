package io.github.sentrymcp.oauth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.oauth.internal.OutboundUrlGuard;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guard in front of client ID metadata documents: the address policy as a table, URL forms that must never be
 * fetched, and real HTTPS exchanges (a local Jetty with a self-signed certificate) for the size, time, status,
 * redirect and content-type rules.
 */
class OutboundUrlGuardTest {
  static final Duration CAP = Duration.ofSeconds(2);
  static final int MAX = 16 * 1024;
  static final Predicate<InetAddress> LOOPBACK = InetAddress::isLoopbackAddress;
  static final String DOC = "{\"client_id\":\"x\",\"redirect_uris\":[\"https://app.example/cb\"]}";

  static HttpsDocumentServer server;
  static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    server = new HttpsDocumentServer();
    client = HttpsDocumentServer.trustingClient();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  // ---- the address policy

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.255.0.1", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.20.1.1",
      "172.31.255.255", "192.168.0.1", "192.168.255.1", "169.254.169.254", "100.64.0.1", "100.127.255.255",
      "0.0.0.0", "0.1.2.3", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "198.18.0.1",
      "198.19.255.1", "192.0.0.1", "192.0.0.170",
      "::1", "::", "fe80::1", "febf::1", "fc00::1", "fd12::1", "fdff:ffff::1", "ff02::1", "fec0::1",
      "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::ffff:0.0.0.0", "::127.0.0.1",
      "::7f00:1", "::a00:1", "2002:7f00:1::1", "2002:a00:1::1", "64:ff9b::a00:1", "64:ff9b::7f00:1",
      "64:ff9b:1::a00:1", "2001:db8::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2"})
  void notPublic(String literal) throws Exception {
    InetAddress a = InetAddress.getByName(literal);
    assertEquals(false, OutboundUrlGuard.isPublic(a), literal + " (" + a + ") must not be public");
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "9.9.9.9", "172.15.255.255", "172.32.0.1", "100.63.255.255",
      "100.128.0.1", "169.253.0.1", "192.0.1.1", "198.17.0.1", "198.20.0.1", "223.255.255.254",
      "2606:4700:4700::1111", "2001:4860:4860::8888", "2a00:1450:4001::1", "::ffff:8.8.8.8"})
  void isPublic(String literal) throws Exception {
    InetAddress a = InetAddress.getByName(literal);
    assertTrue(OutboundUrlGuard.isPublic(a), literal + " (" + a + ") is public");
  }

  // ---- URLs that are never fetched

  /** With the default policy nothing on this machine is reachable: every form of loopback is refused, unfetched. */
  @ParameterizedTest
  @ValueSource(strings = {
      // not https, whatever the host
      "http://127.0.0.1/", "http://0x7f.0.0.1/", "http://2130706433/", "http://017700000001/",
      "http://localhost/", "http://8.8.8.8/x.json", "ftp://example.com/x.json", "file:///etc/passwd",
      "HTTP://localhost/", "//localhost/x.json", "/x.json",
      // https, but numeric forms a resolver may read as loopback or a private address
      "https://0x7f.0.0.1/", "https://2130706433/", "https://017700000001/", "https://0177.0.0.1/",
      "https://0x7f000001/", "https://127.1/", "https://0/", "https://127.0.0.1./", "https://0300.0250.0.1/",
      "https://3232235521/", "https://0xa9.0xfe.0xa9.0xfe/", "https://%31%32%37.0.0.1/",
      "https://example.0x10/", "https://4.4.4.4.4/", "https://256.1.1.1/", "https://0251.0376.0251.0376/",
      // https on loopback, private or mapped addresses, and names that resolve to loopback
      "https://127.0.0.1/", "https://127.0.0.1:PORT/ok.json", "https://localhost/", "https://localhost:PORT/ok.json",
      "https://LOCALHOST:PORT/ok.json", "https://[::1]/", "https://[::]/", "https://[::ffff:7f00:1]/",
      "https://[::ffff:127.0.0.1]:PORT/ok.json", "https://[0:0:0:0:0:ffff:7f00:1]/", "https://[::7f00:1]/",
      "https://[2002:7f00:1::1]/", "https://[64:ff9b::7f00:1]/", "https://[fe80::1%251]/", "https://10.0.0.1/",
      "https://169.254.169.254/latest/meta-data/", "https://192.168.1.1/", "https://[fd00::1]/",
      // credentials and fragments
      "https://user@localhost:PORT/ok.json", "https://user:pw@8.8.8.8/x.json", "https://8.8.8.8/x.json#f",
      "https://localhost:PORT/ok.json#frag"})
  void refusedWithoutAFetch(String template) throws Exception {
    int before = server.totalRequests();
    OutboundUrlGuard guard = new OutboundUrlGuard(client, OutboundUrlGuard::isPublic, CAP, MAX);
    URI url = URI.create(template.replace("PORT", String.valueOf(server.port)));
    OutboundUrlGuard.Refused e = assertThrows(OutboundUrlGuard.Refused.class, () -> guard.fetchJson(url),
        template);
    assertTrue(!e.getMessage().contains("localhost") && !e.getMessage().contains("127."), e.getMessage());
    assertEquals(before, server.totalRequests(), "no request reached the server: " + template);
  }

  /**
   * Decimal, octal and hex IPv4 forms are refused before any lookup, even where loopback is allowed: the JDK reads
   * 0177.0.0.1 as 177.0.0.1 while curl, glibc and proxies read it as 127.0.0.1, so the check and the connection could
   * disagree.
   */
  @ParameterizedTest
  @ValueSource(strings = {"https://2130706433:PORT/ok.json", "https://017700000001:PORT/ok.json",
      "https://0177.0.0.1:PORT/ok.json", "https://0x7f000001:PORT/ok.json", "https://127.0.0.01:PORT/ok.json",
      "https://3232235521/", "https://2852039166/"})
  void numericHostsOtherThanAStandardDottedQuadAreRefused(String template) throws Exception {
    int before = server.totalRequests();
    URI url = URI.create(template.replace("PORT", String.valueOf(server.port)));
    assertEquals("the host must be a name or an IP address in standard form",
        assertThrows(OutboundUrlGuard.Refused.class, () -> guard().fetchJson(url)).getMessage(), template);
    assertEquals(before, server.totalRequests());
  }

  @Test
  void theServerAnswersWhenTheAddressIsAllowedSoTheRefusalsAboveAreTheGuards() throws Exception {
    server.json("/ok.json", DOC);
    int before = server.requests("/ok.json");
    for (String u : List.of("https://localhost:%d/ok.json", "https://127.0.0.1:%d/ok.json")) {
      byte[] body = new OutboundUrlGuard(client, LOOPBACK, CAP, MAX).fetchJson(URI.create(u.formatted(server.port)));
      assertEquals(DOC, new String(body, StandardCharsets.UTF_8));
    }
    assertEquals(before + 2, server.requests("/ok.json"));
    // the same URL with credentials or a fragment is still refused, also when loopback is allowed
    OutboundUrlGuard loopback = new OutboundUrlGuard(client, LOOPBACK, CAP, MAX);
    assertThrows(OutboundUrlGuard.Refused.class,
        () -> loopback.fetchJson(URI.create("https://u@localhost:" + server.port + "/ok.json")));
    assertThrows(OutboundUrlGuard.Refused.class,
        () -> loopback.fetchJson(URI.create("https://localhost:" + server.port + "/ok.json#x")));
    assertThrows(OutboundUrlGuard.Refused.class,
        () -> loopback.fetchJson(URI.create("http://localhost:" + server.port + "/ok.json")));
    assertEquals(before + 2, server.requests("/ok.json"));
  }

  // ---- real exchanges (loopback allowed)

  @Test
  void aJsonDocumentIsReturnedWithTheAcceptHeader() throws Exception {
    List<String> accept = new ArrayList<>();
    server.on("/accept.json", (req, resp) -> {
      accept.add(String.valueOf(req.getHeader("Accept")));
      resp.setContentType("application/json; charset=utf-8");
      resp.getWriter().write(DOC);
    });
    byte[] body = guard().fetchJson(URI.create(server.url("/accept.json")));
    assertArrayEquals(DOC.getBytes(StandardCharsets.UTF_8), body);
    assertEquals(List.of("application/json"), accept);
  }

  @Test
  void aBodyOfExactlyTheCapIsAcceptedAndOneByteMoreIsRefused() throws Exception {
    server.on("/cap.json", (req, resp) -> serve(resp, "application/json", MAX));
    server.on("/cap1.json", (req, resp) -> serve(resp, "application/json", MAX + 1));
    assertEquals(MAX, guard().fetchJson(URI.create(server.url("/cap.json"))).length);
    OutboundUrlGuard.Refused e = assertThrows(OutboundUrlGuard.Refused.class,
        () -> guard().fetchJson(URI.create(server.url("/cap1.json"))));
    assertEquals("the document is larger than 16384 bytes", e.getMessage());
  }

  @Test
  void aHugeBodyIsCutOffNotReadToTheEnd() throws Exception {
    AtomicLong written = new AtomicLong();
    AtomicLong done = new AtomicLong(-1);
    long huge = 1L << 30; // 1 GiB, declared and (if the reader kept reading) sent
    server.on("/huge.json", (req, resp) -> {
      resp.setContentType("application/json");
      resp.setContentLengthLong(huge);
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) ' ');
      try {
        var out = resp.getOutputStream();
        while (written.get() < huge) {
          out.write(chunk);
          written.addAndGet(chunk.length);
        }
      } catch (IOException e) {
        // the reader hung up
      } finally {
        done.set(written.get());
      }
    });
    server.on("/ten-mb.json", (req, resp) -> serve(resp, "application/json", 10 * 1024 * 1024));
    long start = System.nanoTime();
    OutboundUrlGuard.Refused e = assertThrows(OutboundUrlGuard.Refused.class,
        () -> guard().fetchJson(URI.create(server.url("/huge.json"))));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals("the document is larger than 16384 bytes", e.getMessage());
    assertTrue(millis < CAP.toMillis(), "refused at the size cap, not the time cap: " + millis + " ms");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (done.get() < 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(done.get() >= 0, "the server's write failed: the client closed the connection");
    assertTrue(done.get() < 64L * 1024 * 1024, "only socket buffers' worth was sent: " + done.get());

    start = System.nanoTime();
    e = assertThrows(OutboundUrlGuard.Refused.class,
        () -> guard().fetchJson(URI.create(server.url("/ten-mb.json"))));
    assertEquals("the document is larger than 16384 bytes", e.getMessage());
    assertTrue((System.nanoTime() - start) / 1_000_000 < CAP.toMillis());
  }

  @Test
  void aBodyThatTricklesPastTheTimeCapIsRefusedInTime() throws Exception {
    server.on("/slow.json", (req, resp) -> {
      resp.setContentType("application/json");
      resp.setContentLength(200);
      var out = resp.getOutputStream();
      out.write('{');
      out.flush(); // the headers and a first byte arrive at once; the rest one byte every 100 ms
      try {
        for (int i = 1; i < 199; i++) {
          Thread.sleep(100);
          out.write(' ');
          out.flush();
        }
        out.write('}');
      } catch (InterruptedException | IOException e) {
        // stopped or the reader hung up
      }
    });
    long start = System.nanoTime();
    OutboundUrlGuard.Refused e = assertThrows(OutboundUrlGuard.Refused.class,
        () -> guard().fetchJson(URI.create(server.url("/slow.json"))));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals("the document took too long", e.getMessage());
    assertTrue(millis >= CAP.toMillis() - 100 && millis < CAP.toMillis() + 2000, millis + " ms");
  }

  @Test
  void slowHeadersAreRefusedInTimeToo() throws Exception {
    server.on("/slow-headers.json", (req, resp) -> {
      try {
        Thread.sleep(CAP.toMillis() + 3000);
      } catch (InterruptedException e) {
        return;
      }
      resp.setContentType("application/json");
      resp.getWriter().write(DOC);
    });
    long start = System.nanoTime();
    assertThrows(OutboundUrlGuard.Refused.class,
        () -> guard().fetchJson(URI.create(server.url("/slow-headers.json"))));
    assertTrue((System.nanoTime() - start) / 1_000_000 < CAP.toMillis() + 2000);
  }

  @ParameterizedTest
  @ValueSource(ints = {201, 204, 301, 304, 400, 401, 403, 404, 500, 503})
  void onlyStatus200IsAccepted(int status) throws Exception {
    server.on("/status" + status, (req, resp) -> {
      resp.setStatus(status);
      resp.setContentType("application/json");
      if (status != 204 && status != 304) {
        resp.getWriter().write(DOC);
      }
    });
    OutboundUrlGuard.Refused e = assertThrows(OutboundUrlGuard.Refused.class,
        () -> guard().fetchJson(URI.create(server.url("/status" + status))));
    assertEquals("the document's server answered " + status, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void aRedirectIsNotFollowed(int status) throws Exception {
    server.json("/target.json", DOC);
    server.on("/moved" + status, (req, resp) -> {
      resp.setStatus(status);
      resp.setHeader("Location", server.url("/target.json"));
    });
    int before = server.requests("/target.json");
    OutboundUrlGuard.Refused e = assertThrows(OutboundUrlGuard.Refused.class,
        () -> guard().fetchJson(URI.create(server.url("/moved" + status))));
    assertEquals("the document's server answered " + status, e.getMessage());
    assertEquals(before, server.requests("/target.json"), "the redirect target was not requested");
  }

  @Test
  void aClientThatFollowsRedirectsIsNotUsedForDocuments() throws Exception {
    server.json("/target2.json", DOC);
    server.on("/moved", (req, resp) -> {
      resp.setStatus(302);
      resp.setHeader("Location", server.url("/target2.json"));
    });
    server.json("/direct.json", DOC);
    HttpClient following = HttpClient.newBuilder().sslContext(HttpsDocumentServer.sslContext())
        .followRedirects(HttpClient.Redirect.ALWAYS).build();
    OutboundUrlGuard guard = new OutboundUrlGuard(following, LOOPBACK, CAP, MAX);
    assertThrows(OutboundUrlGuard.Refused.class, () -> guard.fetchJson(URI.create(server.url("/moved"))));
    assertThrows(OutboundUrlGuard.Refused.class, () -> guard.fetchJson(URI.create(server.url("/direct.json"))));
    assertEquals(0, server.requests("/target2.json"), "the redirect target (not checked) was never requested");
    assertEquals(0, server.requests("/moved"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/html", "text/plain", "application/octet-stream", "application/javascript",
      "application/jsonp", "text/x-json-like", "image/svg+xml", "none"})
  void aNonJsonContentTypeIsRefused(String type) throws Exception {
    String path = "/type-" + type.replace('/', '-');
    server.on(path, (req, resp) -> {
      if (!type.equals("none")) {
        resp.setContentType(type);
      }
      resp.getOutputStream().write(DOC.getBytes(StandardCharsets.UTF_8));
    });
    OutboundUrlGuard.Refused e = assertThrows(OutboundUrlGuard.Refused.class,
        () -> guard().fetchJson(URI.create(server.url(path))));
    assertEquals("the document is not JSON", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "Application/JSON", "application/json;charset=UTF-8",
      "application/json ; charset=utf-8", "application/jrd+json"})
  void jsonContentTypesAreAccepted(String type) throws Exception {
    String path = "/ok-type-" + Integer.toHexString(type.hashCode());
    server.on(path, (req, resp) -> {
      resp.setHeader("Content-Type", type);
      resp.getOutputStream().write(DOC.getBytes(StandardCharsets.UTF_8));
    });
    assertEquals(DOC, new String(guard().fetchJson(URI.create(server.url(path))), StandardCharsets.UTF_8));
  }

  @Test
  void localhostIsRefusedByTheDefaultPolicyAndFetchedOnlyWhenLoopbackIsAllowed() throws Exception {
    server.json("/local.json", DOC);
    URI url = URI.create(server.url("/local.json"));
    OutboundUrlGuard.Refused e = assertThrows(OutboundUrlGuard.Refused.class,
        () -> new OutboundUrlGuard(client, OutboundUrlGuard::isPublic, CAP, MAX).fetchJson(url));
    assertEquals("the host resolves to an address that is not allowed", e.getMessage());
    assertEquals(0, server.requests("/local.json"));
    assertEquals(DOC, new String(guard().fetchJson(url), StandardCharsets.UTF_8));
    assertEquals(1, server.requests("/local.json"));
  }

  @Test
  void anUnknownHostOrAClosedPortIsRefused() throws Exception {
    assertEquals("the host does not resolve", assertThrows(OutboundUrlGuard.Refused.class,
        () -> guard().fetchJson(URI.create("https://no-such-host.invalid/x.json"))).getMessage());
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertEquals("the document could not be fetched", assertThrows(OutboundUrlGuard.Refused.class,
        () -> guard().fetchJson(URI.create("https://localhost:" + closed + "/x.json"))).getMessage());
  }

  private static OutboundUrlGuard guard() {
    return new OutboundUrlGuard(client, LOOPBACK, CAP, MAX);
  }

  private static void serve(jakarta.servlet.http.HttpServletResponse resp, String type, int bytes)
      throws IOException {
    resp.setContentType(type);
    resp.setContentLength(bytes);
    byte[] chunk = new byte[8192];
    java.util.Arrays.fill(chunk, (byte) ' ');
    var out = resp.getOutputStream();
    try {
      for (int left = bytes; left > 0; left -= chunk.length) {
        out.write(chunk, 0, Math.min(left, chunk.length));
      }
    } catch (IOException e) {
      // the reader hung up
    }
  }
}
