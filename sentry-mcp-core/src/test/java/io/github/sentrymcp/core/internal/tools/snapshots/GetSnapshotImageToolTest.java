package io.github.sentrymcp.core.internal.tools.snapshots;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.engine;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.session;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.BinaryContent;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GetSnapshotImageToolTest {
  static final String TOOL = "get_snapshot_image";
  static final String FILE = "snapshots-iphone-16/auth_login_screen.png";
  static final String SNAP = "/api/0/organizations/sentry-mcp-evals/preprodartifacts/snapshots/231949/";
  static final String META = SNAP + "images/snapshots-iphone-16%2Fauth_login_screen.png/";
  static final String TOKEN = "sntrys_snapshot_token";
  private static FakeSentry fake;
  private static SentryMcp mcp;

  @BeforeAll
  static void start() {
    fake = FakeSentry.builder().requiredToken(TOKEN).build();
    mcp = engine(fake);
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  static Session tokenSession() {
    return Session.builder(AccessToken.of(TOKEN)).skills(EnumSet.allOf(Skill.class)).build();
  }

  static Map<String, Object> base(Object... more) {
    Object[] kv = new Object[6 + more.length];
    System.arraycopy(new Object[] {"organizationSlug", ORG, "snapshotId", "231949", "imageIdentifier", FILE}, 0,
        kv, 0, 6);
    System.arraycopy(more, 0, kv, 6, more.length);
    return args(kv);
  }

  static byte[] fixture(String name) throws Exception {
    try (InputStream in = FakeSentry.class.getResourceAsStream("/io/github/sentrymcp/testkit/fixtures/snapshots/"
        + name)) {
      return in.readAllBytes();
    }
  }

  static BufferedImage decode(byte[] png) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = descriptor(mcp, TOOL);
    assertTrue(d.description().length() < 2048);
    assertTrue(d.annotations().readOnly());
    assertNull(d.outputSchema());
    assertEquals(Set.of(Scope.PROJECT_READ), d.requiredScopes());
    assertEquals(EnumSet.of(Skill.INSPECT), d.skills());
    assertEquals(Set.of("organizationSlug", "snapshotId", "imageIdentifier", "imageResolution", "regionUrl"),
        map(d.inputSchema().get("properties")).keySet());
    assertEquals(List.of("organizationSlug", "snapshotId", "imageIdentifier"), d.inputSchema().get("required"));
  }

  @Test
  void previewsTheThreeImagesRelativeWithTheCredentialAbsoluteWithout() throws Exception {
    ToolResult r = mcp.call(TOOL, base(), tokenSession());
    List<RecordedRequest> reqs = fake.journal();
    assertEquals(4, reqs.size(), reqs::toString);
    assertEquals(META, reqs.get(0).rawPath());
    assertNull(reqs.get(0).rawQuery());
    assertEquals("Bearer " + TOKEN, reqs.get(0).header("Authorization"));
    // the relative /api/0/ URL: the configured host, with the session's credential
    assertEquals(SNAP + "images/head.png/download/", reqs.get(1).rawPath());
    assertEquals("Bearer " + TOKEN, reqs.get(1).header("Authorization"));
    // the absolute URLs (an allowed host: the configured one): never the credential
    assertEquals("/snapshot-files/base.png", reqs.get(2).rawPath());
    assertNull(reqs.get(2).header("Authorization"));
    assertEquals("/snapshot-files/diff.png", reqs.get(3).rawPath());
    assertNull(reqs.get(3).header("Authorization"));
    for (RecordedRequest q : reqs) {
      assertNull(q.header("Cookie"));
    }

    assertEquals(3, r.binaries().size());
    for (BinaryContent b : r.binaries()) {
      assertEquals(BinaryContent.Kind.IMAGE, b.kind());
      assertEquals("image/png", b.mimeType());
    }
    BufferedImage head = decode(r.binaries().get(0).data());
    assertEquals(1024, head.getWidth()); // 1200x800 re-encoded to at most 1024 px
    assertEquals(683, head.getHeight());
    BufferedImage base = decode(r.binaries().get(1).data());
    assertEquals(300, base.getWidth());
    assertEquals(200, base.getHeight());

    String text = mcp.sanitizer().render(r).text();
    Sanitized.assertWellFormed(text);
    assertTrue(text.startsWith("# Snapshot image in snapshot 231949\n"), text);
    for (String v : List.of(FILE, "login_screen.png", "auth", "changed", "Auth login view")) {
      Sanitized.assertNotOutsideData(text, v);
    }
    assertTrue(text.contains("Diff: 12.5%"), text);
    assertTrue(text.contains("Dimensions: 1200x800 px"), text);
    assertTrue(text.contains("Current image: image/png, 1024x683 px (preview)."), text);
    assertTrue(text.contains("Previous image: image/png, 300x200 px."), text);
    assertTrue(text.contains("Diff image: image/png, 300x200 px."), text);
    Sanitized.assertNotAnywhere(text, "/download/");
    Sanitized.assertNotAnywhere(text, "snapshot-files");
  }

  @Test
  void fullResolutionReturnsTheOriginalBytes() throws Exception {
    ToolResult r = mcp.call(TOOL, base("imageResolution", "full"), tokenSession());
    assertEquals(4, fake.journal().size());
    assertArrayEquals(fixture("head.png"), r.binaries().get(0).data());
    assertArrayEquals(fixture("base.png"), r.binaries().get(1).data());
    assertArrayEquals(fixture("diff.png"), r.binaries().get(2).data());
  }

  private void serveImageUrls(String headUrl, String baseUrl, String diffUrl) {
    fake.override("GET", META, "{\"image_file_name\":\"" + FILE + "\",\"head_image\":{\"display_name\":\"x.png\","
        + "\"image_url\":\"" + headUrl + "\"},\"base_image\":{\"image_url\":\"" + baseUrl + "\"},"
        + "\"diff_image_url\":\"" + diffUrl + "\"}");
  }

  @Test
  void urlsOfOtherHostsOrOutsideTheApiAreNeverFetched() {
    String other = "http://127.0.0.1:" + (fake.port() == 65535 ? 65534 : fake.port() + 1);
    serveImageUrls("https://evil.example.com/a.png", other + "/snapshot-files/base.png",
        "/snapshot-files/diff.png");
    RenderedResult r = mcp.sanitizer().render(mcp.call(TOOL, base(), tokenSession()));
    assertEquals(List.of(META), fake.journal().stream().map(RecordedRequest::rawPath).toList());
    assertTrue(r.text().contains("Current image not included. Sentry returned an image URL that is not allowed"),
        r.text());
    assertTrue(r.text().contains("Previous image not included. Sentry returned an image URL that is not allowed"),
        r.text());
    assertTrue(r.text().contains("Diff image not included. Sentry returned an image URL that is not allowed"),
        r.text());
    assertTrue(r.text().contains("No image file could be included."), r.text());
    Sanitized.assertNotAnywhere(r.text(), "evil.example.com");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/0/../../snapshot-files/base.png", "/api/0/%2e%2e/x/", "/api/0//x/",
      "/api/0/x\\\\y/", "/api/0/x/#frag", "//evil.example.com/api/0/x/", "/api/0/x/%5c/", "javascript:alert(1)",
      "/api/0/x /"})
  void relativeUrlsWithTraversalOrOddCharactersAreRefused(String url) {
    serveImageUrls(url, "", "");
    ToolResult r = mcp.call(TOOL, base(), tokenSession());
    assertEquals(List.of(META), fake.journal().stream().map(RecordedRequest::rawPath).toList());
    assertTrue(r.binaries().isEmpty());
  }

  @Test
  void aDecompressionBombIsRefusedFromItsHeader() {
    serveImageUrls("", fake.baseUrl() + "/snapshot-files/bomb.png", "");
    RenderedResult r = mcp.sanitizer().render(mcp.call(TOOL, base(), tokenSession()));
    assertEquals(2, fake.journal().size());
    assertTrue(r.text().contains("Previous image not included. The image was not used: it declares 30000x30000"
        + " pixels"), r.text());
  }

  @Test
  void anImageMissingAtSentryIsANoteNotAFailure() {
    serveImageUrls("/api/0/organizations/sentry-mcp-evals/preprodartifacts/snapshots/231949/images/nope.png"
        + "/download/", "", "");
    RenderedResult r = mcp.sanitizer().render(mcp.call(TOOL, base(), tokenSession()));
    assertEquals(2, fake.journal().size());
    assertTrue(r.text().contains("Current image not included. The snapshot image request was answered with HTTP"
        + " 404."), r.text());
  }

  @Test
  void unknownSnapshotIsNotFound() {
    RenderedResult r = mcp.callAndRender(TOOL, base("snapshotId", "42"), tokenSession());
    assertTrue(r.isError());
    assertTrue(r.text().contains("snapshotId='42'"), r.text());
    assertEquals(1, fake.journal().size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "../x.png", "a/../b.png", "a//b.png", "/a.png", "a/./b.png", "a\\\\b.png",
      "%2e%2e", "a?b.png", "a#b.png"})
  void traversalImageIdentifiersAreRefusedWithoutARequest(String id) {
    SentryMcpException e = failure(mcp, TOOL, base("imageIdentifier", id), tokenSession());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(fake.journal().isEmpty(), () -> "requests: " + fake.journal());
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../1", "1/2", "%2e%2e"})
  void traversalSnapshotIdsAreRefusedWithoutARequest(String id) {
    SentryMcpException e = failure(mcp, TOOL, base("snapshotId", id), tokenSession());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void missingScopeIsRefused() {
    Session eventOnly = Session.builder(AccessToken.of(TOKEN)).scopes(Set.of(Scope.EVENT_READ))
        .skills(Skill.active()).build();
    assertEquals(ErrorKind.PERMISSION_DENIED, failure(mcp, TOOL, base(), eventOnly).kind());
    assertTrue(fake.journal().isEmpty());
  }
}
