package io.github.sentrymcp.oauth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.oauth.IssuedToken.Kind;
import io.github.sentrymcp.oauth.Redemption.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link OAuthStore} must do: the javadoc of each method, its edge cases, exact round trips of every
 * field, and single-use under concurrency. A subclass gives a fresh, empty store per test and the precision its
 * timestamps keep.
 */
public abstract class OAuthStoreContract {
  /** A time with sub-microsecond digits, so that a store's precision shows. */
  protected static final Instant NOW = Instant.parse("2026-03-01T10:15:30.123456789Z");
  private static final AtomicInteger IDS = new AtomicInteger();

  protected OAuthStore store;

  /** A new store with nothing in it. */
  protected abstract OAuthStore newStore();

  /** The finest unit the store's timestamps keep exactly; coarser digits are dropped (never rounded up). */
  protected abstract ChronoUnit precision();

  /** How many rounds each concurrency test runs. */
  protected int concurrencyRounds() {
    return 20;
  }

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  // ---- values ----

  /** An instant the store keeps exactly. */
  protected Instant at(Duration offset) {
    return NOW.plus(offset).truncatedTo(precision());
  }

  protected Instant now() {
    return NOW.truncatedTo(precision());
  }

  protected static String id(String prefix) {
    return prefix + "-" + IDS.incrementAndGet() + "-" + System.nanoTime();
  }

  protected static Consent consent() {
    return new Consent(PermissionLevel.ISSUE_TRIAGE, EnumSet.of(Skill.INSPECT, Skill.TRIAGE), "my-org", "backend");
  }

  protected OAuthClient client(String clientId) {
    return new OAuthClient(clientId, "ab".repeat(32), "{\"client_name\":\"Claude\",\"redirect_uris\":[\"https://x/cb\"]}",
        at(Duration.ofMinutes(-5)));
  }

  protected PendingAuthorization pending(String pendingId, Instant expiresAt) {
    return new PendingAuthorization(pendingId, "client-1", "http://127.0.0.1:33418/callback?x=1", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        "client-state", "https://mcp.example.com/mcp", consent(), "cd".repeat(32), expiresAt);
  }

  protected OAuthGrant grant(String grantId) {
    return new OAuthGrant(grantId, "client-1", "user-42", "https://mcp.example.com/mcp", consent(),
        new byte[] {0, 1, 2, (byte) 0xff, (byte) 0x80, 0x7f}, at(Duration.ofHours(8)), 0, at(Duration.ofMinutes(-1)));
  }

  protected OAuthGrant savedGrant() {
    OAuthGrant g = grant(id("grant"));
    store.saveGrant(g);
    return g;
  }

  protected IssuedToken token(String hash, Kind kind, String grantId, Instant expiresAt) {
    boolean code = kind == Kind.AUTHORIZATION_CODE;
    return new IssuedToken(hash, kind, grantId, "client-1", "https://mcp.example.com/mcp",
        code ? "https://client.example/cb" : null, code ? "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" : null,
        now(), expiresAt);
  }

  protected IssuedToken savedToken(Kind kind, String grantId, Instant expiresAt) {
    IssuedToken t = token(hash(), kind, grantId, expiresAt);
    store.saveToken(t);
    return t;
  }

  protected static String hash() {
    return Integer.toHexString(IDS.incrementAndGet()) + "0123456789abcdef".repeat(4).substring(8) + System.nanoTime();
  }

  // ---- clients ----

  @Test
  void clientRoundTripsWithAndWithoutSecret() {
    OAuthClient confidential = client(id("client"));
    OAuthClient pub = new OAuthClient(id("client"), null, "{\"client_name\":\"ünïcödé ✓\"}", at(Duration.ZERO));
    store.saveClient(confidential);
    store.saveClient(pub);
    assertEquals(Optional.of(confidential), store.findClient(confidential.clientId()));
    assertEquals(Optional.of(pub), store.findClient(pub.clientId()));
    assertNull(store.findClient(pub.clientId()).orElseThrow().secretHash());
    assertEquals(Optional.empty(), store.findClient("no-such-client"));
  }

  @Test
  void duplicateClientIdIsRefusedAndTheFirstKept() {
    OAuthClient first = client(id("client"));
    store.saveClient(first);
    OAuthClient second = new OAuthClient(first.clientId(), null, "{}", now());
    assertThrows(IllegalStateException.class, () -> store.saveClient(second));
    assertEquals(Optional.of(first), store.findClient(first.clientId()));
  }

  // ---- pending authorizations ----

  @Test
  void pendingRoundTripsAndIsTakenOnce() {
    PendingAuthorization p = pending(id("pending"), at(Duration.ofMinutes(10)));
    store.savePending(p);
    assertEquals(Optional.of(p), store.takePending(p.id(), now()));
    assertEquals(Optional.empty(), store.takePending(p.id(), now()));
  }

  @Test
  void pendingWithoutClientStateAndConstraints() {
    PendingAuthorization p = new PendingAuthorization(id("pending"), "c", "https://x/cb", "challenge", null,
        "https://mcp.example.com/mcp", new Consent(PermissionLevel.READ_ONLY, Set.of(Skill.DOCS), null, null),
        "binding", at(Duration.ofMinutes(10)));
    store.savePending(p);
    PendingAuthorization back = store.takePending(p.id(), now()).orElseThrow();
    assertEquals(p, back);
    assertNull(back.clientState());
    assertNull(back.consent().organizationSlug());
    assertNull(back.consent().projectSlug());
  }

  @Test
  void duplicatePendingIdIsRefusedAndTheFirstKept() {
    PendingAuthorization p = pending(id("pending"), at(Duration.ofMinutes(10)));
    store.savePending(p);
    PendingAuthorization other = new PendingAuthorization(p.id(), "other", "https://o/cb", "c2", null, "r",
        consent(), "b2", at(Duration.ofMinutes(20)));
    assertThrows(IllegalStateException.class, () -> store.savePending(other));
    assertEquals(Optional.of(p), store.takePending(p.id(), now()));
  }

  @Test
  void expiredPendingIsNotReturnedAndIsGone() {
    Instant expiresAt = at(Duration.ofMinutes(10));
    PendingAuthorization p = pending(id("pending"), expiresAt);
    store.savePending(p);
    assertEquals(Optional.empty(), store.takePending(p.id(), expiresAt), "expired at its expiry instant");
    assertEquals(Optional.empty(), store.takePending(p.id(), now()), "an expired pending is removed when taken");
  }

  @Test
  void pendingJustBeforeExpiryIsReturned() {
    Instant expiresAt = at(Duration.ofMinutes(10));
    PendingAuthorization p = pending(id("pending"), expiresAt);
    store.savePending(p);
    assertEquals(Optional.of(p), store.takePending(p.id(), expiresAt.minus(1, precision())));
  }

  @Test
  void takingAnUnknownPendingFindsNothing() {
    assertEquals(Optional.empty(), store.takePending("no-such-pending", now()));
  }

  // ---- consent: every level, every skill, with and without constraints ----

  @ParameterizedTest
  @EnumSource(PermissionLevel.class)
  void everyPermissionLevelRoundTrips(PermissionLevel level) {
    Consent c = new Consent(level, Skill.active(), "org", null);
    OAuthGrant g = withConsent(c);
    assertEquals(c, store.findGrant(g.id()).orElseThrow().consent());
    PendingAuthorization p = new PendingAuthorization(id("pending"), "c", "u", "ch", null, "r", c, "b",
        at(Duration.ofMinutes(1)));
    store.savePending(p);
    assertEquals(c, store.takePending(p.id(), now()).orElseThrow().consent());
  }

  @ParameterizedTest
  @EnumSource(Skill.class)
  void everySkillRoundTripsAlone(Skill skill) {
    Consent c = new Consent(PermissionLevel.READ_ONLY, Set.of(skill), null, null);
    assertEquals(c, store.findGrant(withConsent(c).id()).orElseThrow().consent());
  }

  @Test
  void allSkillsTogetherRoundTrip() {
    Consent c = new Consent(PermissionLevel.PROJECT_MANAGEMENT, EnumSet.allOf(Skill.class), "a.b_c-1", "p.q_r-2");
    OAuthGrant back = store.findGrant(withConsent(c).id()).orElseThrow();
    assertEquals(EnumSet.allOf(Skill.class), back.consent().skills());
    assertEquals(c, back.consent());
  }

  @Test
  void organizationWithoutProjectRoundTrips() {
    Consent c = new Consent(PermissionLevel.READ_ONLY, Set.of(Skill.INSPECT), "only-org", null);
    Consent back = store.findGrant(withConsent(c).id()).orElseThrow().consent();
    assertEquals("only-org", back.organizationSlug());
    assertNull(back.projectSlug());
  }

  @Test
  void noConstraintsRoundTrip() {
    Consent c = new Consent(PermissionLevel.ISSUE_TRIAGE, Set.of(Skill.SEER, Skill.INSPECT), null, null);
    Consent back = store.findGrant(withConsent(c).id()).orElseThrow().consent();
    assertEquals(c, back);
    assertNull(back.organizationSlug());
  }

  private OAuthGrant withConsent(Consent c) {
    OAuthGrant base = grant(id("grant"));
    OAuthGrant g = new OAuthGrant(base.id(), base.clientId(), base.userId(), base.resource(), c, base.sealedUpstream(),
        base.upstreamExpiresAt(), base.version(), base.createdAt());
    store.saveGrant(g);
    return g;
  }

  // ---- grants ----

  @Test
  void grantRoundTripsExactly() {
    OAuthGrant g = savedGrant();
    OAuthGrant back = store.findGrant(g.id()).orElseThrow();
    assertEquals(g, back);
    assertArrayEquals(g.sealedUpstream(), back.sealedUpstream());
    assertEquals(g.upstreamExpiresAt(), back.upstreamExpiresAt());
    assertEquals(g.createdAt(), back.createdAt());
    assertEquals(0, back.version());
    assertEquals(Optional.empty(), store.findGrant("no-such-grant"));
  }

  @Test
  void everyByteValueRoundTrips() {
    byte[] all = new byte[512];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    OAuthGrant base = grant(id("grant"));
    OAuthGrant g = new OAuthGrant(base.id(), base.clientId(), base.userId(), base.resource(), base.consent(), all,
        base.upstreamExpiresAt(), 7, base.createdAt());
    store.saveGrant(g);
    OAuthGrant back = store.findGrant(g.id()).orElseThrow();
    assertArrayEquals(all, back.sealedUpstream());
    assertEquals(7, back.version());
    byte[] empty = new byte[0];
    assertTrue(store.updateUpstream(g.id(), 7, empty, base.upstreamExpiresAt()));
    assertArrayEquals(empty, store.findGrant(g.id()).orElseThrow().sealedUpstream());
  }

  @Test
  void duplicateGrantIdIsRefusedAndTheFirstKept() {
    OAuthGrant g = savedGrant();
    OAuthGrant other = new OAuthGrant(g.id(), "other-client", "other-user", "r", consent(), new byte[] {9},
        now(), 3, now());
    assertThrows(IllegalStateException.class, () -> store.saveGrant(other));
    assertEquals(Optional.of(g), store.findGrant(g.id()));
  }

  @Test
  void updateUpstreamWithTheCurrentVersionReplacesAndIncrements() {
    OAuthGrant g = savedGrant();
    byte[] sealed = {42, 0, -1};
    Instant expires = at(Duration.ofHours(16));
    assertTrue(store.updateUpstream(g.id(), 0, sealed, expires));
    OAuthGrant back = store.findGrant(g.id()).orElseThrow();
    assertArrayEquals(sealed, back.sealedUpstream());
    assertEquals(expires, back.upstreamExpiresAt());
    assertEquals(1, back.version());
    // everything else unchanged
    assertEquals(new OAuthGrant(g.id(), g.clientId(), g.userId(), g.resource(), g.consent(), sealed, expires, 1,
        g.createdAt()), back);
    assertTrue(store.updateUpstream(g.id(), 1, new byte[] {1}, expires));
    assertEquals(2, store.findGrant(g.id()).orElseThrow().version());
  }

  @Test
  void updateUpstreamWithAStaleVersionChangesNothing() {
    OAuthGrant g = savedGrant();
    assertTrue(store.updateUpstream(g.id(), 0, new byte[] {1}, at(Duration.ofHours(1))));
    OAuthGrant after = store.findGrant(g.id()).orElseThrow();
    assertFalse(store.updateUpstream(g.id(), 0, new byte[] {2}, at(Duration.ofHours(2))), "stale version");
    assertFalse(store.updateUpstream(g.id(), 5, new byte[] {3}, at(Duration.ofHours(3))), "future version");
    assertEquals(after, store.findGrant(g.id()).orElseThrow());
  }

  @Test
  void updateUpstreamOfAMissingOrDeletedGrantFails() {
    assertFalse(store.updateUpstream("no-such-grant", 0, new byte[] {1}, now()));
    OAuthGrant g = savedGrant();
    assertTrue(store.deleteGrant(g.id()));
    assertFalse(store.updateUpstream(g.id(), 0, new byte[] {1}, now()));
    assertEquals(Optional.empty(), store.findGrant(g.id()), "not resurrected");
  }

  @Test
  void deleteGrantRemovesItsCodesAndTokensOnly() {
    OAuthGrant g = savedGrant();
    OAuthGrant other = savedGrant();
    Instant later = at(Duration.ofHours(1));
    IssuedToken code = savedToken(Kind.AUTHORIZATION_CODE, g.id(), later);
    IssuedToken access = savedToken(Kind.ACCESS_TOKEN, g.id(), later);
    IssuedToken refresh = savedToken(Kind.REFRESH_TOKEN, g.id(), later);
    IssuedToken otherAccess = savedToken(Kind.ACCESS_TOKEN, other.id(), later);
    assertTrue(store.deleteGrant(g.id()));
    assertEquals(Optional.empty(), store.findGrant(g.id()));
    for (IssuedToken t : List.of(code, access, refresh)) {
      assertEquals(Optional.empty(), store.findToken(t.hash()), t.kind().name());
    }
    assertEquals(Outcome.NOT_FOUND, store.redeem(refresh.hash(), now()).outcome());
    assertEquals(Optional.of(otherAccess), store.findToken(otherAccess.hash()));
    assertEquals(Optional.of(other), store.findGrant(other.id()));
    assertFalse(store.deleteGrant(g.id()), "second delete");
    assertFalse(store.deleteGrant("no-such-grant"));
  }

  // ---- tokens ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void tokenRoundTripsExactly(Kind kind) {
    OAuthGrant g = savedGrant();
    IssuedToken t = savedToken(kind, g.id(), at(Duration.ofMinutes(30)));
    assertEquals(Optional.of(t), store.findToken(t.hash()));
    assertEquals(Optional.empty(), store.findToken("ff".repeat(32)));
  }

  @Test
  void tokenNullableFieldsRoundTripBothWays() {
    OAuthGrant g = savedGrant();
    IssuedToken withBoth = new IssuedToken(hash(), Kind.AUTHORIZATION_CODE, g.id(), "c", "r", "https://cb/ü?a=b",
        "challenge", now(), at(Duration.ofMinutes(1)));
    IssuedToken withNone = new IssuedToken(hash(), Kind.AUTHORIZATION_CODE, g.id(), "c", "r", null, null, now(),
        at(Duration.ofMinutes(1)));
    store.saveToken(withBoth);
    store.saveToken(withNone);
    IssuedToken both = store.findToken(withBoth.hash()).orElseThrow();
    IssuedToken none = store.findToken(withNone.hash()).orElseThrow();
    assertEquals(withBoth, both);
    assertEquals("https://cb/ü?a=b", both.redirectUri());
    assertEquals(withNone, none);
    assertNull(none.redirectUri());
    assertNull(none.codeChallenge());
  }

  @Test
  void duplicateTokenHashIsRefusedAndTheFirstKept() {
    OAuthGrant g = savedGrant();
    IssuedToken t = savedToken(Kind.ACCESS_TOKEN, g.id(), at(Duration.ofHours(1)));
    IssuedToken again = token(t.hash(), Kind.REFRESH_TOKEN, g.id(), at(Duration.ofDays(30)));
    assertThrows(IllegalStateException.class, () -> store.saveToken(again));
    assertEquals(Optional.of(t), store.findToken(t.hash()));
  }

  @Test
  void tokenForAMissingGrantIsRefused() {
    IssuedToken t = token(hash(), Kind.ACCESS_TOKEN, "no-such-grant", at(Duration.ofHours(1)));
    assertThrows(IllegalStateException.class, () -> store.saveToken(t));
    assertEquals(Optional.empty(), store.findToken(t.hash()));
    OAuthGrant g = savedGrant();
    store.deleteGrant(g.id());
    IssuedToken late = token(hash(), Kind.REFRESH_TOKEN, g.id(), at(Duration.ofHours(1)));
    assertThrows(IllegalStateException.class, () -> store.saveToken(late), "grant deleted before");
    assertEquals(Optional.empty(), store.findToken(late.hash()));
  }

  // ---- redeem ----

  @ParameterizedTest
  @EnumSource(value = Kind.class, names = {"AUTHORIZATION_CODE", "REFRESH_TOKEN"})
  void singleUseTokenIsRedeemedOnceThenAlreadyUsed(Kind kind) {
    OAuthGrant g = savedGrant();
    IssuedToken t = savedToken(kind, g.id(), at(Duration.ofMinutes(1)));
    assertEquals(new Redemption(Outcome.REDEEMED, t), store.redeem(t.hash(), now()));
    assertEquals(new Redemption(Outcome.ALREADY_USED, t), store.redeem(t.hash(), now()));
    assertEquals(new Redemption(Outcome.ALREADY_USED, t), store.redeem(t.hash(), now()));
    assertEquals(Optional.of(t), store.findToken(t.hash()), "a used token is still found");
  }

  @Test
  void usedTokenStaysAlreadyUsedAfterItsExpiry() {
    OAuthGrant g = savedGrant();
    IssuedToken t = savedToken(Kind.REFRESH_TOKEN, g.id(), at(Duration.ofMinutes(1)));
    assertEquals(Outcome.REDEEMED, store.redeem(t.hash(), now()).outcome());
    assertEquals(new Redemption(Outcome.ALREADY_USED, t), store.redeem(t.hash(), at(Duration.ofHours(2))));
  }

  @Test
  void expiredTokenIsExpiredAndStaysUnused() {
    OAuthGrant g = savedGrant();
    Instant expiresAt = at(Duration.ofMinutes(1));
    IssuedToken t = savedToken(Kind.AUTHORIZATION_CODE, g.id(), expiresAt);
    assertEquals(Redemption.of(Outcome.EXPIRED), store.redeem(t.hash(), expiresAt), "expired at its expiry instant");
    assertEquals(Redemption.of(Outcome.EXPIRED), store.redeem(t.hash(), at(Duration.ofDays(1))));
    // not used up by the failed attempts: still redeemable at a time before its expiry
    assertEquals(new Redemption(Outcome.REDEEMED, t), store.redeem(t.hash(), expiresAt.minus(1, precision())));
  }

  @Test
  void unknownHashIsNotFound() {
    assertEquals(Redemption.of(Outcome.NOT_FOUND), store.redeem("00".repeat(32), now()));
  }

  @Test
  void accessTokenIsNeverRedeemed() {
    OAuthGrant g = savedGrant();
    IssuedToken access = savedToken(Kind.ACCESS_TOKEN, g.id(), at(Duration.ofMinutes(1)));
    assertEquals(Redemption.of(Outcome.NOT_FOUND), store.redeem(access.hash(), now()));
    assertEquals(Redemption.of(Outcome.NOT_FOUND), store.redeem(access.hash(), now()));
    assertEquals(Redemption.of(Outcome.NOT_FOUND), store.redeem(access.hash(), at(Duration.ofDays(2))));
    assertEquals(Optional.of(access), store.findToken(access.hash()));
  }

  // ---- timestamps ----

  @Test
  void instantsRoundTripToTheStoresPrecision() {
    Instant micros = Instant.parse("2031-12-31T23:59:59.999999Z");
    Instant ancient = Instant.parse("1970-01-01T00:00:00.000001Z");
    OAuthGrant base = grant(id("grant"));
    OAuthGrant g = new OAuthGrant(base.id(), "c", "u", "r", consent(), new byte[] {1}, micros, 0, ancient);
    store.saveGrant(g);
    OAuthGrant back = store.findGrant(g.id()).orElseThrow();
    assertEquals(micros, back.upstreamExpiresAt());
    assertEquals(ancient, back.createdAt());
    OAuthClient c = new OAuthClient(id("client"), null, "{}", micros);
    store.saveClient(c);
    assertEquals(micros, store.findClient(c.clientId()).orElseThrow().issuedAt());
    IssuedToken t = new IssuedToken(hash(), Kind.ACCESS_TOKEN, g.id(), "c", "r", null, null, ancient, micros);
    store.saveToken(t);
    assertEquals(t, store.findToken(t.hash()).orElseThrow());
  }

  @Test
  void finerDigitsAreTruncatedNotRounded() {
    Instant fine = NOW; // .123456789
    OAuthGrant base = grant(id("grant"));
    OAuthGrant g = new OAuthGrant(base.id(), "c", "u", "r", consent(), new byte[] {1}, fine, 0, fine);
    store.saveGrant(g);
    assertEquals(fine.truncatedTo(precision()), store.findGrant(g.id()).orElseThrow().upstreamExpiresAt());
  }

  // ---- purgeExpired ----

  @Test
  void purgeDeletesExpiredPendingOnly() {
    PendingAuthorization expired = pending(id("pending"), now());
    PendingAuthorization live = pending(id("pending"), at(Duration.ofMinutes(1)));
    store.savePending(expired);
    store.savePending(live);
    assertEquals(1, store.purgeExpired(now()));
    assertEquals(Optional.of(live), store.takePending(live.id(), now()));
    // the expired one is gone even for a caller whose clock is behind
    assertEquals(Optional.empty(), store.takePending(expired.id(), at(Duration.ofMinutes(-1))));
  }

  @Test
  void purgeKeepsTokensExpiredLessThanADayAgo() {
    OAuthGrant g = savedGrant(); // created a minute before NOW
    IssuedToken recent = savedToken(Kind.REFRESH_TOKEN, g.id(), at(Duration.ofMinutes(-30)));
    IssuedToken live = savedToken(Kind.ACCESS_TOKEN, g.id(), at(Duration.ofHours(1)));
    assertEquals(Outcome.EXPIRED, store.redeem(recent.hash(), now()).outcome());
    IssuedToken used = savedToken(Kind.AUTHORIZATION_CODE, g.id(), at(Duration.ofMinutes(1)));
    assertEquals(Outcome.REDEEMED, store.redeem(used.hash(), now()).outcome());
    Instant later = at(Duration.ofHours(23)); // everything expired, but for less than a day
    assertEquals(0, store.purgeExpired(later));
    assertEquals(Outcome.ALREADY_USED, store.redeem(used.hash(), later).outcome(), "replay still detected");
    assertEquals(Optional.of(recent), store.findToken(recent.hash()));
    assertEquals(Optional.of(live), store.findToken(live.hash()));
  }

  @Test
  void purgeDeletesTokensExpiredMoreThanADayAgo() {
    OAuthGrant g = savedGrant();
    IssuedToken live = savedToken(Kind.REFRESH_TOKEN, g.id(), at(Duration.ofDays(30)));
    IssuedToken old = savedToken(Kind.ACCESS_TOKEN, g.id(), at(Duration.ofHours(1)));
    IssuedToken oldUsed = savedToken(Kind.AUTHORIZATION_CODE, g.id(), at(Duration.ofMinutes(1)));
    assertEquals(Outcome.REDEEMED, store.redeem(oldUsed.hash(), now()).outcome());
    Instant later = at(Duration.ofDays(2));
    assertEquals(2, store.purgeExpired(later));
    assertEquals(Optional.empty(), store.findToken(old.hash()));
    assertEquals(Optional.empty(), store.findToken(oldUsed.hash()));
    assertEquals(Optional.of(live), store.findToken(live.hash()));
    assertEquals(Optional.of(g), store.findGrant(g.id()), "the grant still has an unexpired token");
  }

  @Test
  void purgeDeletesOldGrantsWithoutUnexpiredTokensAndTheirRemainingTokens() {
    OAuthGrant bare = savedGrant(); // no token at all
    OAuthGrant withRecentlyExpired = savedGrant();
    Instant later = at(Duration.ofDays(2));
    IssuedToken recentlyExpired = savedToken(Kind.ACCESS_TOKEN, withRecentlyExpired.id(),
        later.minus(Duration.ofHours(1)));
    OAuthGrant withLive = savedGrant();
    IssuedToken live = savedToken(Kind.REFRESH_TOKEN, withLive.id(), later.plus(Duration.ofDays(1)));
    OAuthGrant young = new OAuthGrant(id("grant"), "c", "u", "r", consent(), new byte[] {1}, later,
        0, later.minus(Duration.ofHours(23)));
    store.saveGrant(young);

    assertEquals(2, store.purgeExpired(later), "the two old grants without an unexpired token");
    assertEquals(Optional.empty(), store.findGrant(bare.id()));
    assertEquals(Optional.empty(), store.findGrant(withRecentlyExpired.id()));
    assertEquals(Optional.empty(), store.findToken(recentlyExpired.hash()), "deleted with its grant");
    assertEquals(Optional.of(withLive), store.findGrant(withLive.id()));
    assertEquals(Optional.of(live), store.findToken(live.hash()));
    assertEquals(Optional.of(young), store.findGrant(young.id()), "created less than a day ago");
    assertEquals(0, store.purgeExpired(later), "nothing left to purge");
  }

  @Test
  void purgeOfAnEmptyStoreDeletesNothing() {
    assertEquals(0, store.purgeExpired(now()));
  }

  @Test
  void purgeKeepsClients() {
    OAuthClient c = client(id("client"));
    store.saveClient(c);
    store.purgeExpired(at(Duration.ofDays(3650)));
    assertEquals(Optional.of(c), store.findClient(c.clientId()));
  }

  // ---- concurrency: exactly one winner ----

  protected static final int THREADS = 12;

  @Test
  void concurrentRedeemsOfOneCodeHaveExactlyOneWinner() throws Exception {
    OAuthGrant g = savedGrant();
    for (int round = 0; round < concurrencyRounds(); round++) {
      IssuedToken t = savedToken(round % 2 == 0 ? Kind.AUTHORIZATION_CODE : Kind.REFRESH_TOKEN, g.id(),
          at(Duration.ofMinutes(1)));
      List<Redemption> results = race(() -> store.redeem(t.hash(), now()));
      assertEquals(1, results.stream().filter(r -> r.outcome() == Outcome.REDEEMED).count(), "round " + round);
      assertEquals(THREADS - 1, results.stream().filter(r -> r.outcome() == Outcome.ALREADY_USED).count());
      results.forEach(r -> assertEquals(t, r.token()));
    }
  }

  @Test
  void concurrentTakesOfOnePendingHaveExactlyOneWinner() throws Exception {
    for (int round = 0; round < concurrencyRounds(); round++) {
      PendingAuthorization p = pending(id("pending"), at(Duration.ofMinutes(5)));
      store.savePending(p);
      List<Optional<PendingAuthorization>> results = race(() -> store.takePending(p.id(), now()));
      assertEquals(1, results.stream().filter(Optional::isPresent).count(), "round " + round);
      assertEquals(p, results.stream().flatMap(Optional::stream).findFirst().orElseThrow());
    }
  }

  @Test
  void concurrentUpdatesOfOneVersionHaveExactlyOneWinner() throws Exception {
    OAuthGrant g = savedGrant();
    for (int round = 0; round < concurrencyRounds(); round++) {
      long version = round;
      AtomicInteger seq = new AtomicInteger();
      List<@Nullable Byte> winners = race(() -> {
        byte mine = (byte) seq.incrementAndGet();
        return store.updateUpstream(g.id(), version, new byte[] {mine}, now()) ? mine : null;
      });
      List<Byte> won = new ArrayList<>();
      winners.forEach(b -> {
        if (b != null) {
          won.add(b);
        }
      });
      assertEquals(1, won.size(), "round " + round);
      OAuthGrant back = store.findGrant(g.id()).orElseThrow();
      assertEquals(version + 1, back.version());
      assertArrayEquals(new byte[] {won.get(0)}, back.sealedUpstream(), "the winner's value is stored");
    }
  }

  @Test
  void tokensSavedWhileTheirGrantIsDeletedLeaveNoOrphan() throws Exception {
    for (int round = 0; round < concurrencyRounds(); round++) {
      OAuthGrant g = savedGrant();
      AtomicInteger turn = new AtomicInteger();
      List<@Nullable String> saved = race(() -> {
        if (turn.getAndIncrement() == THREADS / 2) {
          assertTrue(store.deleteGrant(g.id()));
          return null;
        }
        IssuedToken t = token(hash(), Kind.REFRESH_TOKEN, g.id(), at(Duration.ofDays(1)));
        try {
          store.saveToken(t);
          return t.hash();
        } catch (IllegalStateException refused) {
          return null; // the grant was gone
        }
      });
      for (String hash : saved) {
        if (hash != null) {
          assertEquals(Optional.empty(), store.findToken(hash), "round " + round + ": a token outlived its grant");
          assertEquals(Outcome.NOT_FOUND, store.redeem(hash, now()).outcome());
        }
      }
      assertEquals(Optional.empty(), store.findGrant(g.id()));
    }
  }

  /** Runs the task on {@link #THREADS} threads released together; returns every result. */
  protected static <T> List<T> race(Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch ready = new CountDownLatch(THREADS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return task.call();
        }));
      }
      assertTrue(ready.await(30, TimeUnit.SECONDS));
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
