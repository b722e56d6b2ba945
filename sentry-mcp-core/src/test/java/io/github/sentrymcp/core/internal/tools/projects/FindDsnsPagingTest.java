package io.github.sentrymcp.core.internal.tools.projects;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.list;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.WireMockApi;
import io.github.sentrymcp.core.internal.tools.WireMockApi.Grant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** find_dsns pages like the other list tools: Sentry's cursor goes out as {@code nextCursor} and comes back in. */
class FindDsnsPagingTest {
  static final String KEYS = "/api/0/projects/acme/checkout/keys/";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.PROJECT_WRITE);

  private static String key(String id) {
    return "{\"id\":\"" + id + "\",\"name\":\"Key " + id + "\",\"dsn\":{\"public\":\"https://" + id
        + "@o1.ingest.sentry.io/1\",\"secret\":\"https://" + id + ":s3cr3t@o1.ingest.sentry.io/1\"}}";
  }

  @Test
  void sentrysNextCursorIsHandedBackAndSentWithTheNextCall() {
    String next = "<http://127.0.0.1" + KEYS + "?cursor=0:100:0>; rel=\"next\"; results=\"true\"; cursor=\"0:100:0\"";
    api.wm().stubFor(get(urlPathEqualTo(KEYS)).willReturn(okJson("[" + key("a1") + "]").withHeader("Link", next)));
    api.wm().stubFor(get(urlPathEqualTo(KEYS)).withQueryParam("cursor", equalTo("0:100:0"))
        .willReturn(okJson("[" + key("b2") + "]")));

    RenderedResult first = call(api, "find_dsns", Map.of("organizationSlug", "acme", "projectSlug", "checkout"));
    Map<String, Object> sc = map(first.structuredContent());
    assertEquals(1, list(sc.get("dsns")).size());
    assertEquals(true, sc.get("hasMore"));
    assertEquals("0:100:0", sc.get("nextCursor"));
    assertTrue(Sanitized.outside(first.text()).contains("more client keys are available with `cursor` = "),
        first.text());
    assertConforms(FindDsnsTool.OUTPUT_SCHEMA, sc);

    RenderedResult second = call(api, "find_dsns",
        Map.of("organizationSlug", "acme", "projectSlug", "checkout", "cursor", "0:100:0"));
    assertRequests(api.wm(), "GET " + KEYS, "GET " + KEYS + "?cursor=0%3A100%3A0");
    Map<String, Object> sc2 = map(second.structuredContent());
    assertEquals("b2", map(list(sc2.get("dsns")).get(0)).get("id"));
    assertEquals(false, sc2.get("hasMore"));
    assertNull(sc2.get("nextCursor"));
    assertTrue(sc2.containsKey("nextCursor"));
    assertConforms(FindDsnsTool.OUTPUT_SCHEMA, sc2);
    assertTrue(!second.text().contains("s3cr3t") && !first.text().contains("s3cr3t"), "secret DSN shown");
  }
}
