package io.github.sentrymcp.core.internal.tools.projects;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertConstraintChecks;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertDescriptor;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertInputs;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertPermissionChecks;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertSentryValidationError;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.callWithOneRequest;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.json;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.rejected;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.with;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.WireMockApi.Grant;
import io.github.sentrymcp.core.internal.tools.WireMockApi;
import io.github.sentrymcp.testkit.FakeSentry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpdateDsnToolTest {
  private static final String TOOL = "update_dsn";
  private static final String KEY_ID = "d20df0a1ab5031c7f3c7edca9c02814d";
  private static final String PATH = "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/keys/" + KEY_ID + "/";
  private static final String PUBLIC_DSN =
      "https://d20df0a1ab5031c7f3c7edca9c02814d@o4509106732793856.ingest.us.sentry.io/4509109104082945";
  private static final String SECRET = "154001fd3dfe38130e1c7948a323fad8";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.PROJECT_WRITE);

  @BeforeEach
  void stub() {
    api.wm().stubFor(put(urlEqualTo(PATH)).willReturn(json(200, FakeSentry.fixture("client-key"))));
  }

  /** Organization, project and key id, then the given settings. */
  private static Map<String, @Nullable Object> update(@Nullable Object... kv) {
    return with(args("organizationSlug", ORG, "projectSlug", PROJECT, "keyId", KEY_ID), kv);
  }

  /** Calls with the settings and checks the single PUT carried exactly {@code body}. */
  private static RenderedResult expectBody(String body, @Nullable Object... kv) {
    return callWithOneRequest(api, TOOL, update(kv),
        putRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(body)));
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = assertDescriptor(api.mcp(), TOOL, new ToolAnnotations(false, true, true, true),
        Set.of(Scope.PROJECT_WRITE), Set.of(Skill.PROJECT_MANAGEMENT));
    assertInputs(d, List.of("organizationSlug", "regionUrl", "projectSlug", "keyId", "name", "isActive",
            "rateLimitWindow", "rateLimitCount", "disableRateLimit", "browserSdkVersion", "loaderHasReplay",
            "loaderHasPerformance", "loaderHasDebug", "loaderHasFeedback", "loaderHasLogsAndMetrics"),
        List.of("organizationSlug", "projectSlug", "keyId"));
    assertNull(d.outputSchema(), "markdown output, as in the reference");
  }

  @Test
  void sendsEveryProvidedSettingAndNothingElse() {
    RenderedResult r = expectBody("{\"name\":\"Production Key\",\"isActive\":false,"
            + "\"rateLimit\":{\"window\":3600,\"count\":500},\"browserSdkVersion\":\"7.x\","
            + "\"dynamicSdkLoaderOptions\":{\"hasReplay\":true,\"hasDebug\":false,\"hasLogsAndMetrics\":true}}",
        "name", "Production Key", "isActive", false, "rateLimitWindow", 3600, "rateLimitCount", 500,
        "browserSdkVersion", "7.x", "loaderHasReplay", true, "loaderHasDebug", false,
        "loaderHasLogsAndMetrics", true);
    String text = r.text();
    assertTrue(text.contains("# Updated DSN in sentry-mcp-evals/cloudflare-mcp\n"), text);
    Sanitized.assertWellFormed(text);
    Sanitized.assertWholeValueInData(text, PUBLIC_DSN);
    Sanitized.assertNotOutsideData(text, PUBLIC_DSN);
    Sanitized.assertWholeValueInData(text, "Default");
    // the key id is a hex id: shown bare
    Sanitized.assertShown(text, KEY_ID);
    assertTrue(text.contains("\nDSN ID: " + KEY_ID + "\n"), text);
    assertTrue(text.contains("\nStatus: Active\n"), text);
    assertTrue(text.contains("\nRate Limit: Disabled\n"), text);
    assertTrue(text.contains("\nLoader Options: Replay: Enabled, Performance: Enabled, Debug: Disabled\n"), text);
    assertTrue(text.contains("## Updates Applied"), text);
    assertTrue(text.contains("rate limit to 500 events per 3600 seconds"), text);
    assertTrue(text.contains("status to inactive"), text);
    assertFalse(text.contains(SECRET), "secret key in text");
    assertFalse(String.valueOf(r.meta()).contains(SECRET), "secret key in meta");
    assertNull(r.structuredContent());
  }

  @Test
  void onlyTheProvidedKeyIsSent() {
    expectBody("{\"isActive\":true}", "isActive", true);
    api.wm().resetRequests();
    expectBody("{\"dynamicSdkLoaderOptions\":{\"hasFeedback\":false}}", "loaderHasFeedback", false);
  }

  @Test
  void disableRateLimitSendsNull() {
    expectBody("{\"rateLimit\":null}", "disableRateLimit", true);
  }

  @Test
  void zeroWindowOrCountDisablesTheRateLimit() {
    expectBody("{\"rateLimit\":null}", "rateLimitWindow", 0, "rateLimitCount", 100);
    api.wm().resetRequests();
    expectBody("{\"rateLimit\":null}", "rateLimitWindow", 60, "rateLimitCount", 0);
  }

  @Test
  void disableRateLimitFalseDoesNotBlockARateLimit() {
    expectBody("{\"rateLimit\":{\"window\":60,\"count\":10}}",
        "rateLimitWindow", 60, "rateLimitCount", 10, "disableRateLimit", false);
  }

  @Test
  void shownRateLimitComesFromSentrysAnswer() {
    api.wm().stubFor(put(urlEqualTo(PATH)).willReturn(json(200, FakeSentry.fixture("client-key")
        .replace("\"rateLimit\": null", "\"rateLimit\": {\"window\": 3600, \"count\": 500}"))));
    RenderedResult r = expectBody("{\"rateLimit\":{\"window\":3600,\"count\":500}}",
        "rateLimitWindow", 3600, "rateLimitCount", 500);
    assertTrue(r.text().contains("\nRate Limit: 500 events per 3600 seconds\n"), r.text());
  }

  @Test
  void atLeastOneSettingIsRequired() {
    String m = rejected(api, TOOL, update()).getMessage();
    assertTrue(m.contains("At least one setting"), m);
    // disableRateLimit=false alone asks for nothing
    rejected(api, TOOL, update("disableRateLimit", false));
    // null is "not provided"
    rejected(api, TOOL, update("name", null, "isActive", null));
  }

  @Test
  void windowAndCountComeTogether() {
    String m = rejected(api, TOOL, update("rateLimitWindow", 60)).getMessage();
    assertTrue(m.contains("rateLimitWindow and rateLimitCount"), m);
    rejected(api, TOOL, update("rateLimitCount", 10));
  }

  @Test
  void rateLimitCannotBeSetAndDisabledTogether() {
    String m = rejected(api, TOOL,
        update("rateLimitWindow", 60, "rateLimitCount", 10, "disableRateLimit", true)).getMessage();
    assertTrue(m.contains("Cannot both set a rate limit and disable it"), m);
  }

  @Test
  void rangesAreChecked() {
    rejected(api, TOOL, update("rateLimitWindow", 86_401, "rateLimitCount", 10));
    rejected(api, TOOL, update("rateLimitWindow", -1, "rateLimitCount", 10));
    rejected(api, TOOL, update("rateLimitWindow", 60, "rateLimitCount", -1));
    rejected(api, TOOL, update("rateLimitWindow", 1.5, "rateLimitCount", 10));
    rejected(api, TOOL, update("name", "x".repeat(65)));
    rejected(api, TOOL, update("isActive", "false"));
    // the limits themselves are fine
    expectBody("{\"rateLimit\":{\"window\":86400,\"count\":1},\"name\":\"" + "n".repeat(64) + "\"}",
        "rateLimitWindow", 86_400, "rateLimitCount", 1, "name", "n".repeat(64));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../victim-org/victim-proj/keys/x", "..", ".", "a/b", "a%2Fb", "a\\b", ".hidden"})
  void pathTraversalInTheKeyIdSendsNothing(String keyId) {
    rejected(api, TOOL, with(update("isActive", true), "keyId", keyId));
  }

  @Test
  void permissionIsCheckedBeforeAnyRequest() {
    api.wm().resetAll();
    assertPermissionChecks(api, TOOL, update("isActive", false));
  }

  @Test
  void constraintsAreCheckedBeforeAnyRequest() {
    api.wm().resetAll();
    assertConstraintChecks(api, TOOL, update("isActive", false));
  }

  @Test
  void sentryValidationErrorIsAnInputErrorWithSentrysTextAsData() {
    api.wm().stubFor(put(urlEqualTo(PATH)).willReturn(json(400,
        "{\"browserSdkVersion\":[\"\\\"9000.x\\\" is not a valid choice.\"]}")));
    assertSentryValidationError(api, TOOL, update("browserSdkVersion", "9000.x"),
        "\"9000.x\" is not a valid choice.");
  }

  @Test
  void unknownKeyIsNotFoundNamingTheParameters() {
    api.wm().stubFor(put(urlEqualTo(PATH))
        .willReturn(json(404, "{\"detail\":\"The requested resource does not exist\"}")));
    String m = failure(api, TOOL, update("isActive", true), ErrorKind.NOT_FOUND).getMessage();
    assertTrue(m.contains("keyId='" + KEY_ID + "'"), m);
  }
}
