package io.github.sentrymcp.oauth;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@link OAuthStore#redeem}: whether this was the first use of a single-use token.
 *
 * @param outcome what happened
 * @param token the token, for {@link Outcome#REDEEMED} and {@link Outcome#ALREADY_USED}; null otherwise
 */
public record Redemption(Outcome outcome, @Nullable IssuedToken token) {

  /** What a redemption found. */
  public enum Outcome {
    /** First use: the token is now used up. */
    REDEEMED,
    /** Used before: a replay, which revokes the grant. */
    ALREADY_USED,
    /** Expired (and not used before). */
    EXPIRED,
    /** No such token, or not a single-use kind. */
    NOT_FOUND
  }

  public Redemption {
    Objects.requireNonNull(outcome, "outcome");
    if ((outcome == Outcome.REDEEMED || outcome == Outcome.ALREADY_USED) != (token != null)) {
      throw new IllegalArgumentException("a token comes with REDEEMED and ALREADY_USED only");
    }
  }

  public static Redemption of(Outcome outcome) {
    return new Redemption(outcome, null);
  }
}
