package io.github.sentrymcp.transport.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.transport.http.internal.Secrets;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorsTest {
  private static final String ALICE_KEY = "alice-key-0123456789abcdef";
  private static final String BOT_KEY = "bot-key-0123456789abcdef0000";

  /** A request carrying just these Authorization headers (a real HttpServletRequest interface, no container). */
  static HttpServletRequest withAuthorization(String... values) {
    HttpServletRequest base = (HttpServletRequest) Proxy.newProxyInstance(
        AuthenticatorsTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> {
          throw new UnsupportedOperationException(m.getName());
        });
    return new HttpServletRequestWrapper(base) {
      @Override
      public Enumeration<String> getHeaders(String name) {
        return name.equalsIgnoreCase("Authorization") ? Collections.enumeration(Arrays.asList(values))
            : Collections.emptyEnumeration();
      }
    };
  }

  private static String file(Path dir) throws Exception {
    Path token = dir.resolve("bot-token");
    Files.writeString(token, "sntrys_bot\n");
    return String.join("\n",
        "# principal  key hash  token  grant",
        "alice sha256:" + Secrets.sha256Hex(ALICE_KEY) + " env:ALICE_TOKEN scopes=org:read,event:read skills=inspect",
        "",
        "ci-bot   SHA256:" + Secrets.sha256Hex(BOT_KEY).toUpperCase() + "   file:" + token
            + " organization=acme project=web add-scopes=event:write");
  }

  @Test
  void keysFromTheTextFormMapToTheirPrincipalsAndGrants(@TempDir Path dir) throws Exception {
    ApiKeyAuthenticator keys = ApiKeyAuthenticator.parse(
        file(dir).replace("SHA256:", "sha256:"), Map.of("ALICE_TOKEN", "sntrys_alice"), "keys");
    assertEquals(2, keys.size());
    HttpPrincipal alice = keys.authenticate(withAuthorization("Bearer " + ALICE_KEY));
    assertNotNull(alice);
    assertEquals("alice", alice.id());
    assertEquals("sntrys_alice", alice.grant().credential().token());
    assertEquals(java.util.EnumSet.of(Skill.INSPECT), alice.grant().skills());
    assertFalse(alice.grant().grantedScopes().contains(Scope.fromId("project:read").orElseThrow()));
    HttpPrincipal bot = keys.authenticate(withAuthorization("bearer " + BOT_KEY));
    assertNotNull(bot);
    assertEquals("ci-bot", bot.id());
    assertEquals("sntrys_bot", bot.grant().credential().token());
    assertEquals("acme", bot.grant().constraints().organizationSlug());
    assertEquals("web", bot.grant().constraints().projectSlug());
    assertTrue(bot.grant().grantedScopes().contains(Scope.fromId("event:write").orElseThrow()));
    assertTrue(alice.toString().contains("alice") && !alice.toString().contains("sntrys"));
  }

  @Test
  void unknownMissingOrAmbiguousCredentialsAreNobody(@TempDir Path dir) throws Exception {
    ApiKeyAuthenticator keys = ApiKeyAuthenticator.parse(
        file(dir).replace("SHA256:", "sha256:"), Map.of("ALICE_TOKEN", "sntrys_alice"), "keys");
    assertNull(keys.authenticate(withAuthorization()));
    assertNull(keys.authenticate(withAuthorization("Bearer wrong-key-0123456789")));
    assertNull(keys.authenticate(withAuthorization("Basic " + ALICE_KEY)));
    assertNull(keys.authenticate(withAuthorization("Bearer " + ALICE_KEY, "Bearer " + ALICE_KEY)));
    assertNull(keys.authenticate(withAuthorization("Bearer " + ALICE_KEY + " x")));
    assertNull(keys.authenticate(withAuthorization("Sentry-Bearer " + ALICE_KEY)));
  }

  @Test
  void badLinesAreReportedByNumberWithoutTheirContent() {
    String secret = "0".repeat(63) + "z";
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> ApiKeyAuthenticator.parse(
        "a sha256:" + secret + " env:X\nb sha256:" + "a".repeat(64) + " env:MISSING\nc only-two\n"
            + "d sha256:" + "b".repeat(64) + " env:T scopes=nope:read\n"
            + "e sha256:" + "c".repeat(64) + " ftp:x\n",
        Map.of("T", "tok"), "keys.txt"));
    List<String> problems = e.problems();
    assertEquals(5, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("keys.txt entry 1:"), problems.get(0));
    assertTrue(problems.get(1).contains("MISSING"), problems.get(1));
    assertTrue(problems.get(3).startsWith("keys.txt entry 4:"), problems.get(3));
    assertFalse(String.join(" ", problems).contains(secret));
    assertThrows(IllegalArgumentException.class, () -> ApiKeyAuthenticator.builder()
        .key("a", "same-key-0123456789", io.github.sentrymcp.api.Session.of(io.github.sentrymcp.api.Credential
            .of("t"))).key("b", "same-key-0123456789", io.github.sentrymcp.api.Session.of(
                io.github.sentrymcp.api.Credential.of("t"))));
  }

  @Test
  void theFirstKeyANearlyRightKeyAndAWrongKeyTakeEquallyLong() {
    // with thousands of keys a scan that stopped at the first match would answer the first key at once, and a
    // character-by-character comparison would answer a nearly right key later than a wrong one: both would show
    ApiKeyAuthenticator.Builder b = ApiKeyAuthenticator.builder();
    io.github.sentrymcp.api.Session grant = io.github.sentrymcp.api.Session.of(
        io.github.sentrymcp.api.Credential.of("t"));
    for (int i = 0; i < 5000; i++) {
      b.key("p" + i, "key-" + i + "-0123456789abcdef", grant);
    }
    ApiKeyAuthenticator keys = b.build();
    HttpServletRequest first = withAuthorization("Bearer key-0-0123456789abcdef");
    HttpServletRequest nearly = withAuthorization("Bearer key-0-0123456789abcdeX");
    HttpServletRequest wrong = withAuthorization("Bearer zzzzzzzzzzzzzzzzzzzzzzzzz");
    assertEquals("p0", keys.authenticate(first).id());
    HttpServletRequest[] requests = {first, nearly, wrong};
    for (int i = 0; i < 3000; i++) { // warm up every path
      keys.authenticate(requests[i % 3]);
    }
    long[][] times = new long[3][801];
    for (int i = 0; i < times[0].length; i++) {
      for (int r = 0; r < 3; r++) {
        long t0 = System.nanoTime();
        keys.authenticate(requests[r]);
        times[r][i] = System.nanoTime() - t0;
      }
    }
    long[] medians = new long[3];
    for (int r = 0; r < 3; r++) {
      Arrays.sort(times[r]);
      medians[r] = times[r][times[r].length / 2];
    }
    long min = Math.min(medians[0], Math.min(medians[1], medians[2]));
    long max = Math.max(medians[0], Math.max(medians[1], medians[2]));
    assertTrue(max < min * 3 / 2, "medians (first, nearly right, wrong): " + Arrays.toString(medians) + " ns");
  }

  @Test
  void sentryBearerPassesTheClientsTokenOnlyWithItsScheme() {
    SentryBearerAuthenticator direct = SentryBearerAuthenticator.withDefaultGrant();
    assertNull(direct.authenticate(withAuthorization("Bearer sntrys_client")));
    HttpPrincipal p = direct.authenticate(withAuthorization("Sentry-Bearer sntrys_client"));
    assertNotNull(p);
    assertEquals("sntrys_client", p.grant().credential().token());
    assertTrue(p.id().startsWith("sentry-token-") && !p.id().contains("sntrys"), p.id());
    assertEquals(p.id(), direct.authenticate(withAuthorization("sentry-bearer sntrys_client")).id());
    // first of several: an API key first, the direct token second
    HttpAuthenticator both = HttpAuthenticator.firstOf(ApiKeyAuthenticator.builder().key("k", ALICE_KEY,
        io.github.sentrymcp.api.Session.of(io.github.sentrymcp.api.Credential.of("server-token"))).build(), direct);
    assertEquals("k", both.authenticate(withAuthorization("Bearer " + ALICE_KEY)).id());
    assertEquals(p.id(), both.authenticate(withAuthorization("Sentry-Bearer sntrys_client")).id());
  }
}
