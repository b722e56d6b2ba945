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

  /**
   * Checks that a token comes with {@code REDEEMED} and {@code ALREADY_USED} only.
   *
   * @param outcome what happened
   * @param token the token, for {@link Outcome#REDEEMED} and {@link Outcome#ALREADY_USED}; null otherwise
   * @throws NullPointerException when {@code outcome} is null
   * @throws IllegalArgumentException when the token is missing for those outcomes or present for the others
   */
  public Redemption {
    Objects.requireNonNull(outcome, "outcome");
    if ((outcome == Outcome.REDEEMED || outcome == Outcome.ALREADY_USED) != (token != null)) {
      throw new IllegalArgumentException("a token comes with REDEEMED and ALREADY_USED only");
    }
  }

  /**
   * A redemption without a token.
   *
   * @param outcome {@link Outcome#EXPIRED} or {@link Outcome#NOT_FOUND}
   * @return the redemption
   * @throws IllegalArgumentException for an outcome that needs a token
   */
  public static Redemption of(Outcome outcome) {
    return new Redemption(outcome, null);
  }
}
