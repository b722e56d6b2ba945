package io.github.sentrymcp.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SentryMcpConfigTest {
  private static SentryMcpConfig.Builder builder() {
    return SentryMcpConfig.builder(AccessToken.of("sntrys_secret"));
  }

  @Test
  void defaultsAreSaasReadOnlyAllActiveSkills() {
    SentryMcpConfig c = builder().build();
    assertEquals("sentry.io", c.host());
    assertEquals("https://sentry.io", c.baseUrl());
    assertTrue(c.isSaas());
    assertEquals(Scope.expand(Scope.DEFAULTS), c.grantedScopes());
    assertEquals(Skill.active(), c.skills());
    assertFalse(c.skills().contains(Skill.DOCS));
    assertTrue(c.constraints().isEmpty());
    assertFalse(c.toString().contains("sntrys_secret"));
  }

  @Test
  void urlBeatsHostAndKeepsOnlyTheHost() {
    SentryMcpConfig c = builder().host("other.example.com").url("https://Sentry.Example.com/path?q=1").build();
    assertEquals("sentry.example.com", c.host());
    assertEquals("https://sentry.example.com", c.baseUrl());
    assertFalse(c.isSaas());
  }

  @Test
  void insecureHttpForSelfHostedWithPort() {
    SentryMcpConfig c = builder().host("127.0.0.1:9000").insecureHttp(true).build();
    assertEquals("http://127.0.0.1:9000", c.baseUrl());
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://sentry.example.com", "http://x", "user@sentry.example.com", "a/b", "a?b",
      "sentry.example.com.", "-bad.example", "sentry example.com", "ſentry.io", "sentry.io:99999", ""})
  void badHostsAreRejected(String host) {
    assertThrows(ConfigurationException.class, () -> builder().host(host).build());
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> builder()
        .url("http://insecure.example.com")
        .insecureHttp(true)
        .scopes("org:read,org:reed")
        .addScopes("event:wrote")
        .skills("inspect,nope")
        .allSkills(true)
        .organizationSlug("../x")
        .allowedRegionDomains("*.evil.com,10.0.0.1,ok.example.com")
        .build());
    String all = String.join("\n", e.problems());
    assertTrue(e.problems().size() >= 8, all);
    assertTrue(all.contains("--insecure-http cannot be combined"), all);
    assertTrue(all.contains("https://"), all);
    assertTrue(all.contains("\"org:reed\"") && all.contains("valid scopes: org:read"), all);
    assertTrue(all.contains("\"event:wrote\""), all);
    assertTrue(all.contains("\"nope\"") && all.contains("inspect, seer, docs, triage, project-management"), all);
    assertTrue(all.contains("cannot be combined"), all);
    assertTrue(all.contains("organization slug"), all);
    assertTrue(all.contains("*.evil.com") && all.contains("10.0.0.1"), all);
  }

  @Test
  void insecureHttpIsRefusedForSentryIo() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> builder().host("us.sentry.io").insecureHttp(true).build());
    assertTrue(e.getMessage().contains("self-hosted"));
  }

  @Test
  void scopesReplaceAndAddAndExpand() {
    assertEquals(EnumSet.of(Scope.EVENT_READ, Scope.EVENT_WRITE), builder().scopes("event:write").build().grantedScopes());
    Set<Scope> added = builder().addScopes("project:write").build().grantedScopes();
    assertTrue(added.containsAll(Scope.DEFAULTS));
    assertTrue(added.contains(Scope.PROJECT_WRITE));
  }

  @Test
  void skillsResolveLikeTheReference() {
    assertEquals(EnumSet.of(Skill.TRIAGE), builder().skills(" triage ,").build().skills());
    assertEquals(Skill.active(), builder().allSkills(true).build().skills());
    assertEquals(EnumSet.of(Skill.INSPECT, Skill.TRIAGE, Skill.PROJECT_MANAGEMENT),
        builder().disableSkills("seer").build().skills());
    assertThrows(ConfigurationException.class,
        () -> builder().skills("inspect").disableSkills("inspect").build());
    assertThrows(ConfigurationException.class, () -> builder().skills(",").build());
  }

  @Test
  void constraintsNeedValidSlugsAndProjectNeedsOrg() {
    SentryMcpConfig c = builder().organizationSlug("Acme-Co").projectSlug("web.app").build();
    assertEquals("Acme-Co", c.constraints().organizationSlug());
    assertEquals("web.app", c.constraints().projectSlug());
    assertThrows(ConfigurationException.class, () -> builder().projectSlug("web").build());
    assertThrows(ConfigurationException.class, () -> builder().organizationSlug("a/b").build());
  }

  @Test
  void regionDomainsExtendTheAllowlistExactly() {
    SentryMcpConfig c = builder().allowedRegionDomains(" EU.Sentry.io , ").build();
    assertTrue(c.allowedRegionDomains().contains("eu.sentry.io"));
    assertTrue(c.allowedRegionDomains().containsAll(SentryMcpConfig.DEFAULT_REGION_DOMAINS));
    for (String bad : new String[] {"https://eu.sentry.io", "eu.sentry.io:443", "*.sentry.io", "127.0.0.1", "sentry"}) {
      assertThrows(ConfigurationException.class, () -> builder().allowedRegionDomains(bad).build(), bad);
    }
  }

  @Test
  void tokenIsNeverPrinted() {
    AccessToken t = AccessToken.of("sntrys_secret");
    assertFalse(t.toString().contains("secret"));
    assertThrows(IllegalArgumentException.class, () -> AccessToken.of("a b"));
    assertThrows(IllegalArgumentException.class, () -> AccessToken.of("  "));
  }
}
