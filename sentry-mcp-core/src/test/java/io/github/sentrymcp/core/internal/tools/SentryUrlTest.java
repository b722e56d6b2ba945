package io.github.sentrymcp.core.internal.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.core.internal.tools.SentryUrl.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SentryUrlTest {
  static final String TRACE = "a4d1aae7216b47ff8117cf4e09ce9d0a";
  static final String EVENT = "7ca573c0f4814912aaa9bdc77d1a7d51";

  static void assertParsed(String url, Kind kind, String org, Map<String, String> params) {
    SentryUrl.Parsed p = SentryUrl.parse(url);
    assertEquals(kind, p.kind(), url);
    assertEquals(org, p.organizationSlug(), url);
    assertEquals(params, p.params(), url);
  }

  static SentryMcpException refused(String url) {
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> SentryUrl.parse(url), url);
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    // the URL is never repeated
    assertFalse(!url.isEmpty() && e.getMessage().contains(url), e.getMessage());
    return e;
  }

  @Test
  void issueUrlsInEveryOrganizationForm() {
    // SaaS subdomain: the path names no organization (the host does; the API client reads it)
    assertParsed("https://my-org.sentry.io/issues/PROJECT-123/", Kind.ISSUE, null, Map.of("issueId", "PROJECT-123"));
    assertParsed("https://sentry.io/organizations/acme/issues/123/", Kind.ISSUE, "acme", Map.of("issueId", "123"));
    assertParsed("https://sentry.example.com/organizations/acme/issues/1/", Kind.ISSUE, "acme",
        Map.of("issueId", "1"));
    assertParsed("https://sentry.io/acme/issues/project-1z43", Kind.ISSUE, "acme", Map.of("issueId", "PROJECT-1Z43"));
    assertParsed("http://sentry.internal:9000/organizations/acme/issues/7/?project=1#anchor", Kind.ISSUE, "acme",
        Map.of("issueId", "7"));
  }

  @Test
  void eventUrls() {
    assertParsed("https://my-org.sentry.io/issues/CLOUDFLARE-MCP-41/events/" + EVENT + "/", Kind.EVENT, null,
        Map.of("issueId", "CLOUDFLARE-MCP-41", "eventId", EVENT));
    // latest/recommended are the issue
    assertParsed("https://my-org.sentry.io/issues/CLOUDFLARE-MCP-41/events/latest/", Kind.ISSUE, null,
        Map.of("issueId", "CLOUDFLARE-MCP-41"));
    refused("https://my-org.sentry.io/issues/CLOUDFLARE-MCP-41/events/not-hex/");
  }

  @Test
  void traceAndSpanUrls() {
    assertParsed("https://test-org.sentry.io/explore/traces/trace/" + TRACE, Kind.TRACE, null,
        Map.of("traceId", TRACE));
    assertParsed("https://sentry.io/organizations/test-org/performance/trace/" + TRACE + "/", Kind.TRACE,
        "test-org", Map.of("traceId", TRACE));
    assertParsed("https://test-org.sentry.io/performance/trace/" + TRACE + "?node=span-aa8e7f3343113fbf",
        Kind.SPAN, null, Map.of("traceId", TRACE, "spanId", "aa8e7f3343113fbf"));
    // another node kind is the trace
    assertParsed("https://test-org.sentry.io/performance/trace/" + TRACE + "?node=txn-" + EVENT, Kind.TRACE, null,
        Map.of("traceId", TRACE));
    refused("https://test-org.sentry.io/performance/trace/" + TRACE + "?node=span-zz");
    refused("https://test-org.sentry.io/performance/trace/abc/");
  }

  @Test
  void profileConversationReplayMonitorReleaseSnapshotUrls() {
    assertParsed("https://my-org.sentry.io/explore/profiling/profile/backend/" + EVENT + "/flamegraph/",
        Kind.PROFILE, null, Map.of("projectSlugOrId", "backend", "profileId", EVENT));
    assertParsed("https://my-org.sentry.io/profiling/profile/backend/flamegraph/?profilerId=" + EVENT
        + "&start=2024-01-01T00:00:00Z&end=2024-01-01T01:00:00Z", Kind.PROFILE, null,
        Map.of("projectSlugOrId", "backend", "profilerId", EVENT, "start", "2024-01-01T00:00:00Z",
            "end", "2024-01-01T01:00:00Z"));
    refused("https://my-org.sentry.io/profiling/profile/backend/flamegraph/");
    assertParsed("https://my-org.sentry.io/explore/conversations/conv-1/?project=42", Kind.AI_CONVERSATION, null,
        Map.of("conversationId", "conv-1", "project", "42"));
    assertParsed("https://my-org.sentry.io/replays/" + EVENT + "/", Kind.REPLAY, null, Map.of("replayId", EVENT));
    assertParsed("https://my-org.sentry.io/crons/daily-backup/", Kind.MONITOR, null,
        Map.of("monitorSlug", "daily-backup"));
    assertParsed("https://my-org.sentry.io/crons/my-project/my-monitor/details/", Kind.MONITOR, null,
        Map.of("projectSlugOrId", "my-project", "monitorSlug", "my-monitor"));
    assertParsed("https://sentry.io/organizations/acme/insights/crons/4509109104082945/m/", Kind.MONITOR, "acme",
        Map.of("projectSlugOrId", "4509109104082945", "monitorSlug", "m"));
    assertParsed("https://my-org.sentry.io/releases/v1.2.3/", Kind.RELEASE, null, Map.of("version", "v1.2.3"));
    assertParsed("https://my-org.sentry.io/releases/backend%402024.01.15-abc123/", Kind.RELEASE, null,
        Map.of("version", "backend@2024.01.15-abc123"));
    assertParsed("https://sentry.sentry.io/preprod/snapshots/55/", Kind.SNAPSHOT, null, Map.of("snapshotId", "55"));
    assertParsed("https://sentry.sentry.io/preprod/snapshots/55/?selectedSnapshot=ios%2Flogin_screen.png",
        Kind.SNAPSHOT, null, Map.of("snapshotId", "55", "imageIdentifier", "ios/login_screen.png"));
    refused("https://sentry.sentry.io/preprod/snapshots/55/?selectedSnapshot=..%2F..%2Fx.png");
    assertParsed("https://my-org.sentry.io/performance/summary/?transaction=%2Fapi%2Fusers", Kind.PERFORMANCE_SUMMARY,
        null, Map.of());
  }

  @Test
  void priorityOrderDecidesWhenSeveralPatternsMatch() {
    // a replay page under an issue's tab is the replay; a trace under issues is the trace
    assertParsed("https://my-org.sentry.io/issues/1/replays/" + EVENT + "/", Kind.REPLAY, null,
        Map.of("replayId", EVENT));
    assertParsed("https://my-org.sentry.io/issues/1/trace/" + TRACE + "/", Kind.TRACE, null,
        Map.of("traceId", TRACE));
    // pages that are not one resource
    refused("https://my-org.sentry.io/replays/selectors/");
    refused("https://my-org.sentry.io/crons/new/");
    refused("https://my-org.sentry.io/monitors/alerts/123/");
    refused("https://my-org.sentry.io/settings/projects/");
    refused("https://my-org.sentry.io/performance/summary/");
    refused("https://my-org.sentry.io/issues/");
  }

  @Test
  void sectionNamesAreNeverAnOrganization() {
    assertNull(SentryUrl.parse("https://my-org.sentry.io/explore/traces/trace/" + TRACE).organizationSlug());
    assertNull(SentryUrl.parse("https://my-org.sentry.io/insights/crons/p/m/").organizationSlug());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ftp://sentry.io/organizations/acme/issues/1/",
      "javascript:alert(1)//sentry.io/issues/1/",
      "file:///organizations/acme/issues/1/",
      "//sentry.io/organizations/acme/issues/1/",
      "sentry.io/organizations/acme/issues/1/",
      "https://user:pw@sentry.io/organizations/acme/issues/1/",
      "https://sentry.io@evil.com/organizations/acme/issues/1/",
      "https://sentry.io\\@evil.com/organizations/acme/issues/1/",
      "https://sentry.io\\organizations\\acme\\issues\\1",
      "https://sentry.io/organizations/acme/issues/1/?next=@evil.com",
      "https://ｓentry.io/organizations/acme/issues/1/",
      "https://sentry.io/organizations/ａcme/issues/1/",
      "https://sentry.io/organizations/acme/issues/１/",
      "https://sentry.io/organizations/acme/issues/1 /",
      "https://sentry.io/organizations/acme/issues/1/\u200b",
      "https://sentry.io/organizations/../issues/1/",
      "https://sentry.io/organizations/acme/../evil/issues/1/",
      "https://sentry.io/organizations/acme/%2e%2E/issues/1/",
      "https://sentry.io/organizations/acme/issues/./1/",
      "https://sentry.io/organizations/ac%6de/issues/1/",
      "https://sentry.io/organizations/acme/issues/PROJ%2D1/",
      "https://sentry.io/organizations/acme/issues/1%2F..%2F2/",
      "https://sentry.io/organizations/acme/trace/" + TRACE + "?node=span-aa8e7f3343113fbf&node=span-bb8e7f3343113fbf",
      "https://sentry.io/organizations/acme/trace/" + TRACE + "?node=%zz",
      "https://sentry.io/organizations/acme/trace/" + TRACE + "?node=span-aa8e7f3343113fbf%00",
      "https://",
      "https:///organizations/acme/issues/1/",
      "https://?organizations/acme/issues/1/",
      ""})
  void hostileInputIsRefusedWithoutRepeatingIt(String url) {
    refused(url);
  }

  @Test
  void overlongUrlsAreRefused() {
    String url = "https://sentry.io/organizations/acme/issues/1/?x=" + "a".repeat(SentryUrl.MAX_LENGTH);
    SentryMcpException e = refused(url);
    assertEquals("The url must be at most 2048 characters.", e.getMessage());
  }

  @Test
  void queryParametersOtherThanTheOnesReadDoNotMatter() {
    // an injected query cannot add or change identifiers: only node/selectedSnapshot/... are read, once each
    assertParsed("https://my-org.sentry.io/issues/1/?issueId=2&organizationSlug=evil&project=x&project=y",
        Kind.ISSUE, null, Map.of("issueId", "1"));
    assertParsed("https://my-org.sentry.io/issues/1/#/organizations/evil/issues/2/", Kind.ISSUE, null,
        Map.of("issueId", "1"));
  }

  @Test
  void fragmentsAreIgnored() {
    assertParsed("https://sentry.io/organizations/acme/trace/" + TRACE + "#node=span-aa8e7f3343113fbf", Kind.TRACE,
        "acme", Map.of("traceId", TRACE));
  }

  @Test
  void pathOrganizationMustBeASlug() {
    refused("https://sentry.io/organizations/-acme/issues/1/");
    refused("https://sentry.io/organizations/" + "a".repeat(101) + "/issues/1/");
  }
}
