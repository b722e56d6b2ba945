package io.github.sentrymcp.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.api.Credential;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Skill;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SentryMcpConfigTest {
  private static SentryMcpConfig.Builder builder() {
    return SentryMcpConfig.builder();
  }

  private static Session.Builder session() {
    return Session.builder(AccessToken.of("sntrys_secret"));
  }

  @Test
  void defaultsAreSaasReadOnlyAllActiveSkills() {
    SentryMcpConfig c = builder().build();
    assertEquals("sentry.io", c.host());
    assertEquals("https://sentry.io", c.baseUrl());
    assertTrue(c.isSaas());
    Session s = session().build();
    assertEquals(Scope.expand(Scope.DEFAULTS), s.grantedScopes());
    assertEquals(Skill.active(), s.skills());
    assertFalse(s.skills().contains(Skill.DOCS));
    assertTrue(s.constraints().isEmpty());
    assertEquals(Session.DEFAULT_ID, s.id());
    assertFalse(s.toString().contains("sntrys_secret"));
    assertFalse(c.toString().contains("sntrys_secret"));
  }

  @Test
  void seerMaxWaitDefaultsToFiveMinutesAndMustBePositive() {
    assertEquals(java.time.Duration.ofMinutes(5), builder().build().seerMaxWait());
    assertEquals(java.time.Duration.ofSeconds(7),
        builder().seerMaxWait(java.time.Duration.ofSeconds(7)).build().seerMaxWait());
    for (java.time.Duration bad : new java.time.Duration[] {java.time.Duration.ZERO, java.time.Duration.ofSeconds(-1)}) {
      ConfigurationException e =
          assertThrows(ConfigurationException.class, () -> builder().seerMaxWait(bad).build());
      assertTrue(e.problems().contains("Seer max wait must be positive"), e.problems().toString());
    }
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
        .allowedRegionDomains("*.evil.com,10.0.0.1,ok.example.com")
        .build());
    String all = String.join("\n", e.problems());
    assertTrue(e.problems().size() >= 4, all);
    assertTrue(all.contains("plain http (insecureHttp) cannot be combined"), all);
    assertFalse(all.contains("--"), "the library names no CLI flag: " + all);
    assertTrue(all.contains("https://"), all);
    assertTrue(all.contains("*.evil.com") && all.contains("10.0.0.1"), all);

    ConfigurationException grant = assertThrows(ConfigurationException.class, () -> session()
        .id("has space")
        .scopes("org:read,org:reed")
        .addScopes("event:wrote")
        .skills("inspect,nope")
        .allSkills(true)
        .organizationSlug("../x")
        .tools("Bad Name")
        .build());
    all = String.join("\n", grant.problems());
    assertTrue(grant.problems().size() >= 7, all);
    assertTrue(all.contains("session id"), all);
    assertTrue(all.contains("\"org:reed\"") && all.contains("valid scopes: org:read"), all);
    assertTrue(all.contains("\"event:wrote\""), all);
    assertTrue(all.contains("\"nope\"") && all.contains("inspect, seer, docs, triage, project-management"), all);
    assertTrue(all.contains("cannot both be given"), all);
    assertTrue(all.contains("organization slug"), all);
    assertTrue(all.contains("is not a tool name"), all);
  }

  @Test
  void insecureHttpIsRefusedForSentryIo() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> builder().host("us.sentry.io").insecureHttp(true).build());
    assertTrue(e.getMessage().contains("self-hosted"));
  }

  @Test
  void scopesReplaceAndAddAndExpand() {
    assertEquals(EnumSet.of(Scope.EVENT_READ, Scope.EVENT_WRITE), session().scopes("event:write").build().grantedScopes());
    Set<Scope> added = session().addScopes("project:write").build().grantedScopes();
    assertTrue(added.containsAll(Scope.DEFAULTS));
    assertTrue(added.contains(Scope.PROJECT_WRITE));
    assertEquals(Set.of(), session().scopes(Set.of()).build().grantedScopes());
    assertEquals(Set.of(), session().scopes("").build().grantedScopes());
  }

  @Test
  void skillsResolveLikeTheReference() {
    assertEquals(EnumSet.of(Skill.TRIAGE), session().skills(" triage ,").build().skills());
    assertEquals(Skill.active(), session().allSkills(true).build().skills());
    assertEquals(EnumSet.of(Skill.INSPECT, Skill.TRIAGE, Skill.PROJECT_MANAGEMENT),
        session().disableSkills("seer").build().skills());
    assertThrows(ConfigurationException.class,
        () -> session().skills("inspect").disableSkills("inspect").build());
    assertThrows(ConfigurationException.class, () -> session().skills(",").build());
  }

  @Test
  void constraintsNeedValidSlugsAndProjectNeedsOrg() {
    Session c = session().organizationSlug("Acme-Co").projectSlug("web.app").build();
    assertEquals("Acme-Co", c.constraints().organizationSlug());
    assertEquals("web.app", c.constraints().projectSlug());
    assertThrows(ConfigurationException.class, () -> session().projectSlug("web").build());
    assertThrows(ConfigurationException.class, () -> session().organizationSlug("a/b").build());
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
    assertEquals("sntrys_secret", t.token());
    assertThrows(IllegalArgumentException.class, () -> AccessToken.of("a b"));
    assertThrows(IllegalArgumentException.class, () -> AccessToken.of("  "));
  }

  @Test
  void aSessionNarrowsAndKeepsItsCredential() {
    Session s = session().id("alice").organizationSlug("acme").build();
    assertEquals("alice", s.id());
    Session narrowed = s.withConstraints(new SessionConstraints("acme", "web", null));
    assertEquals("web", narrowed.constraints().projectSlug());
    assertEquals(s.credential(), narrowed.credential());
    assertThrows(IllegalArgumentException.class, () -> s.withId("two words"));
    assertThrows(ConfigurationException.class,
        () -> session().constraints(SessionConstraints.NONE).organizationSlug("acme").build());
  }

  @Test
  void aTokenFileIsReadAtUseAndReadAgainWhenItChanges(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("token");
    java.nio.file.Files.writeString(file, "sntrys_first\n");
    Credential c = Credential.fromFile(file);
    assertFalse(c.toString().contains("first"));
    assertEquals("sntrys_first", c.token());
    java.nio.file.Files.writeString(file, "sntrys_second_longer\n");
    assertEquals("sntrys_second_longer", c.token());
    java.nio.file.Files.delete(file);
    SentryMcpException gone = assertThrows(SentryMcpException.class, c::token);
    assertEquals(ErrorKind.AUTHENTICATION, gone.kind());
    assertFalse(gone.getMessage().contains(dir.toString()), gone.getMessage());
    java.nio.file.Files.writeString(file, "two tokens\n");
    assertEquals(ErrorKind.AUTHENTICATION, assertThrows(SentryMcpException.class, c::token).kind());
  }
}
