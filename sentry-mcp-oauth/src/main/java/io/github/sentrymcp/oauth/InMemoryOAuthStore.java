package io.github.sentrymcp.oauth;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link OAuthStore} in this process's memory: for one server instance (everything is lost on restart, so every
 * client has to authorize again). Thread-safe.
 */
public final class InMemoryOAuthStore implements OAuthStore {
  private static final Duration KEEP_USED = Duration.ofDays(1);

  private record TokenEntry(IssuedToken token, boolean used) {}

  private final Map<String, OAuthClient> clients = new ConcurrentHashMap<>();
  private final Map<String, PendingAuthorization> pending = new ConcurrentHashMap<>();
  private final Map<String, OAuthGrant> grants = new ConcurrentHashMap<>();
  private final Map<String, TokenEntry> tokens = new ConcurrentHashMap<>();

  @Override
  public void saveClient(OAuthClient client) {
    if (clients.putIfAbsent(client.clientId(), client) != null) {
      throw new IllegalStateException("a client with this id exists");
    }
  }

  @Override
  public Optional<OAuthClient> findClient(String clientId) {
    return Optional.ofNullable(clients.get(clientId));
  }

  @Override
  public void savePending(PendingAuthorization p) {
    if (pending.putIfAbsent(p.id(), p) != null) {
      throw new IllegalStateException("a pending authorization with this id exists");
    }
  }

  @Override
  public Optional<PendingAuthorization> takePending(String id, Instant now) {
    PendingAuthorization p = pending.remove(id);
    return p != null && now.isBefore(p.expiresAt()) ? Optional.of(p) : Optional.empty();
  }

  @Override
  public void saveGrant(OAuthGrant grant) {
    if (grants.putIfAbsent(grant.id(), grant) != null) {
      throw new IllegalStateException("a grant with this id exists");
    }
  }

  @Override
  public Optional<OAuthGrant> findGrant(String grantId) {
    return Optional.ofNullable(grants.get(grantId));
  }

  @Override
  public boolean updateUpstream(String grantId, long expectedVersion, byte[] sealedUpstream,
      Instant upstreamExpiresAt) {
    Objects.requireNonNull(sealedUpstream, "sealedUpstream");
    Objects.requireNonNull(upstreamExpiresAt, "upstreamExpiresAt");
    boolean[] done = {false};
    grants.computeIfPresent(grantId, (id, g) -> {
      if (g.version() != expectedVersion) {
        return g;
      }
      done[0] = true;
      return new OAuthGrant(g.id(), g.clientId(), g.userId(), g.resource(), g.consent(), sealedUpstream,
          upstreamExpiresAt, g.version() + 1, g.createdAt());
    });
    return done[0];
  }

  @Override
  public boolean deleteGrant(String grantId) {
    boolean existed = grants.remove(grantId) != null;
    tokens.values().removeIf(e -> e.token().grantId().equals(grantId));
    return existed;
  }

  @Override
  public void saveToken(IssuedToken token) {
    if (!grants.containsKey(token.grantId())) {
      throw new IllegalStateException("no such grant");
    }
    if (tokens.putIfAbsent(token.hash(), new TokenEntry(token, false)) != null) {
      throw new IllegalStateException("a token with this hash exists");
    }
    if (!grants.containsKey(token.grantId())) { // deleted meanwhile: do not leave an orphan
      tokens.remove(token.hash());
      throw new IllegalStateException("no such grant");
    }
  }

  @Override
  public Optional<IssuedToken> findToken(String hash) {
    TokenEntry e = tokens.get(hash);
    return e == null ? Optional.empty() : Optional.of(e.token());
  }

  @Override
  public Redemption redeem(String hash, Instant now) {
    Redemption[] result = {Redemption.of(Redemption.Outcome.NOT_FOUND)};
    tokens.computeIfPresent(hash, (h, e) -> {
      if (!e.token().kind().singleUse()) {
        return e;
      }
      if (e.used()) {
        result[0] = new Redemption(Redemption.Outcome.ALREADY_USED, e.token());
        return e;
      }
      if (!now.isBefore(e.token().expiresAt())) {
        result[0] = Redemption.of(Redemption.Outcome.EXPIRED);
        return e;
      }
      result[0] = new Redemption(Redemption.Outcome.REDEEMED, e.token());
      return new TokenEntry(e.token(), true);
    });
    return result[0];
  }

  @Override
  public int purgeExpired(Instant now) {
    int n = 0;
    for (Iterator<PendingAuthorization> it = pending.values().iterator(); it.hasNext(); ) {
      if (!now.isBefore(it.next().expiresAt())) {
        it.remove();
        n++;
      }
    }
    Instant keepUntil = now.minus(KEEP_USED);
    for (Iterator<TokenEntry> it = tokens.values().iterator(); it.hasNext(); ) {
      if (it.next().token().expiresAt().isBefore(keepUntil)) {
        it.remove();
        n++;
      }
    }
    for (Iterator<OAuthGrant> it = grants.values().iterator(); it.hasNext(); ) {
      OAuthGrant g = it.next();
      if (g.createdAt().isBefore(keepUntil) && tokens.values().stream()
          .noneMatch(e -> e.token().grantId().equals(g.id()) && now.isBefore(e.token().expiresAt()))) {
        it.remove();
        tokens.values().removeIf(e -> e.token().grantId().equals(g.id()));
        n++;
      }
    }
    return n;
  }

  @Override
  public String toString() {
    return "InMemoryOAuthStore[grants=" + grants.size() + "]";
  }
}
