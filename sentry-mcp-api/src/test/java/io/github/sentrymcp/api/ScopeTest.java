package io.github.sentrymcp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScopeTest {

  @ParameterizedTest(name = "{0} implies {1}")
  @CsvSource(delimiter = '|', value = {
      "org:read|org:read",
      "org:write|org:read org:write",
      "org:admin|org:read org:write org:admin",
      "project:admin|project:read project:write project:admin",
      "team:write|team:read team:write",
      "member:admin|member:read member:write member:admin",
      "event:write|event:read event:write",
      "event:admin|event:read event:write event:admin",
      "project:releases|project:releases",
      "alerts:write|alerts:read alerts:write",
  })
  void hierarchyStaysWithinOneResource(String scope, String implied) {
    Set<Scope> expected = Arrays.stream(implied.split(" "))
        .map(s -> Scope.fromId(s).orElseThrow()).collect(Collectors.toCollection(() -> EnumSet.noneOf(Scope.class)));
    assertEquals(expected, Scope.fromId(scope).orElseThrow().implied());
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"org:Read", "ORG:READ", " org:read", "org:read ", "org",
      "org:", "project:release", "admin", "org:read,org:write", "event\u200b:read", "org:read\u0000"})
  void fromIdIsExact(String id) {
    assertTrue(Scope.fromId(id).isEmpty());
  }

  @org.junit.jupiter.api.Test
  void eighteenScopesAndReadOnlyDefaults() {
    assertEquals(18, Scope.values().length);
    assertEquals(EnumSet.of(Scope.ORG_READ, Scope.PROJECT_READ, Scope.TEAM_READ, Scope.EVENT_READ),
        EnumSet.copyOf(Scope.DEFAULTS));
    assertTrue(Scope.DEFAULTS.stream().allMatch(s -> s.id().endsWith(":read")));
  }

  @org.junit.jupiter.api.Test
  void projectAdminDoesNotImplyReleasesOrOtherResources() {
    Set<Scope> expanded = Scope.expand(Set.of(Scope.PROJECT_ADMIN, Scope.ORG_ADMIN));
    assertTrue(!expanded.contains(Scope.PROJECT_RELEASES));
    assertTrue(!expanded.contains(Scope.TEAM_READ));
    assertTrue(!expanded.contains(Scope.EVENT_READ));
  }
}
