package io.github.sentrymcp.oauth;

import java.time.temporal.ChronoUnit;

/** The in-memory store against the store contract; it keeps instants exactly (nanoseconds). */
class InMemoryOAuthStoreTest extends OAuthStoreContract {
  @Override
  protected OAuthStore newStore() {
    return new InMemoryOAuthStore();
  }

  @Override
  protected ChronoUnit precision() {
    return ChronoUnit.NANOS;
  }
}
