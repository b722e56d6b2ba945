package io.github.sentrymcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One engine, 50 concurrent sessions with 50 different tokens and three kinds of grant, against one FakeSentry that
 * knows all 50 users: every request carries its own session's token, every session sees only its own user and only
 * what its grant allows, and a refused call sends nothing.
 */
class MultiUserEngineTest {
  private static final int USERS = 50;
  private static final String ORG = "sentry-mcp-evals";
  private static final Map<String, Object> UPDATE =
      Map.of("organizationSlug", ORG, "issueId", "CLOUDFLARE-MCP-41", "status", "resolved");
  private static final Map<String, Object> PROJECTS = Map.of("organizationSlug", ORG);

  private static String token(int i) {
    return String.format("sntrys_user-%02d-secret", i);
  }

  private static String email(int i) {
    return String.format("user-%02d@example.com", i);
  }

  /** Three grants: triage writers, inspect-only readers, and sessions allowed nothing but whoami. */
  private static Session session(int i) {
    Session.Builder b = Session.builder(AccessToken.of(token(i))).id(String.format("user-%02d", i));
    switch (i % 3) {
      case 0 -> b.addScopes("event:write");
      case 1 -> b.skills("inspect");
      default -> b.tools("whoami");
    }
    return b.build();
  }

  @Test
  void fiftySessionsShareOneEngineAndNeverEachOthersToken() throws Exception {
    FakeSentry.Builder fb = FakeSentry.builder().threads(16);
    for (int i = 0; i < USERS; i++) {
      fb.user(token(i), String.valueOf(1000 + i), String.format("User %02d", i), email(i));
    }
    Map<Integer, List<String>> problems = new ConcurrentHashMap<>();
    try (FakeSentry fake = fb.build();
        SentryMcp engine = SentryMcp.create(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true)
            .build())) {
      ExecutorService pool = Executors.newFixedThreadPool(USERS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int n = 0; n < USERS; n++) {
        int i = n;
        done.add(pool.submit(() -> {
          go.await();
          Session s = session(i);
          List<String> mine = problems.computeIfAbsent(i, k -> new ArrayList<>());
          for (int round = 0; round < 3; round++) {
            String who = engine.sanitizer().render(engine.call("whoami", Map.of(), s)).text();
            if (!who.contains(email(i))) {
              mine.add("whoami shows another user");
            }
            for (int j = 0; j < USERS; j++) {
              if (j != i && who.contains(email(j))) {
                mine.add("whoami shows user " + j);
              }
            }
            expect(mine, "update_issue", i % 3 == 0, () -> engine.call("update_issue", UPDATE, s));
            expect(mine, "find_projects", i % 3 != 2, () -> engine.call("find_projects", PROJECTS, s));
          }
          // listing agrees with calling
          Set<String> listed = new HashSet<>();
          engine.availableTools(s).forEach(d -> listed.add(d.name()));
          if (listed.contains("update_issue") != (i % 3 == 0) || listed.contains("find_projects") != (i % 3 != 2)
              || (i % 3 == 2 && !listed.equals(Set.of("whoami")))) {
            mine.add("lists " + listed);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      problems.values().removeIf(List::isEmpty);
      assertEquals(Map.of(), problems);

      // the journal: every request carries one of the 50 tokens, writes only those of the writers, and the
      // whoami-only sessions sent nothing but GET /auth/
      Map<String, Integer> byToken = new HashMap<>();
      Set<String> writers = new HashSet<>();
      Map<String, Set<String>> pathsByToken = new HashMap<>();
      for (RecordedRequest r : fake.journal()) {
        String auth = r.header("Authorization");
        assertTrue(auth != null && auth.startsWith("Bearer sntrys_user-"), "request without a session token: " + r);
        String token = auth.substring("Bearer ".length());
        byToken.merge(token, 1, Integer::sum);
        pathsByToken.computeIfAbsent(token, k -> new HashSet<>()).add(r.method() + " " + r.path());
        if (r.method().equals("PUT")) {
          writers.add(token);
        }
      }
      assertEquals(USERS, byToken.size(), "every session reached Sentry with its own token");
      Set<String> expectedWriters = new HashSet<>();
      for (int i = 0; i < USERS; i += 3) {
        expectedWriters.add(token(i));
      }
      assertEquals(expectedWriters, writers);
      for (int i = 2; i < USERS; i += 3) {
        assertEquals(Set.of("GET /api/0/auth/"), pathsByToken.get(token(i)), "session " + i);
      }
      assertFalse(fake.journal().stream().anyMatch(r -> r.status() == 401), "a request was refused by Sentry");
    }
  }

  private static void expect(List<String> problems, String tool, boolean allowed, Runnable call) {
    try {
      call.run();
      if (!allowed) {
        problems.add(tool + " was allowed");
      }
    } catch (SentryMcpException e) {
      if (allowed) {
        problems.add(tool + " failed: " + e.kind());
      } else if (e.kind() != ErrorKind.PERMISSION_DENIED) {
        problems.add(tool + " was refused as " + e.kind());
      }
    }
  }
}
