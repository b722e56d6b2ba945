package io.github.sentrymcp.api.model;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A model request that failed. Its message is server-written (never the provider's error text, the API key or a
 * URL); {@link #failure()} says what went wrong in a way a caller can act on.
 */
public final class ModelException extends SentryMcpException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  private final Failure failure;
  /** The provider's HTTP status, or 0. */
  private final int status;
  /** How long the provider asked to wait, or null. */
  private final @Nullable Duration retryAfter;

  /**
   * @param failure what went wrong
   * @param status the provider's HTTP status, or 0 when it sent none
   * @param message server-written text
   * @param retryAfter how long the provider asked to wait, when it said
   * @param cause the underlying exception, if any (never shown to a model or a user)
   */
  public ModelException(
      Failure failure, int status, String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(Objects.requireNonNull(failure, "failure").kind, message, List.of(), cause);
    this.failure = failure;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  /**
   * An exception with the {@linkplain Failure#message() fixed message} of its failure, for adapters of host model
   * clients that must not pass the provider's own error text on.
   *
   * @param failure what went wrong
   * @param status the provider's HTTP status, or 0 when it sent none
   * @param cause the underlying exception, if any (never shown to a model or a user)
   * @return the exception
   */
  public static ModelException of(Failure failure, int status, @Nullable Throwable cause) {
    return new ModelException(failure, status, Objects.requireNonNull(failure, "failure").message(), null, cause);
  }

  /**
   * An exception without status, wait or cause.
   *
   * @param failure what went wrong
   * @param message server-written text
   */
  public ModelException(Failure failure, String message) {
    this(failure, 0, message, null, null);
  }

  /**
   * What went wrong, in a way a caller can act on.
   *
   * @return the failure
   */
  public Failure failure() {
    return failure;
  }

  /**
   * The provider's HTTP status, or 0 when there was no answer.
   *
   * @return the status, or 0
   */
  public int status() {
    return status;
  }

  /**
   * How long the provider asked to wait before retrying, when it said so.
   *
   * @return the wait, or null when the provider did not say
   */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }

  /** What went wrong, and the {@link ErrorKind} it is reported as. */
  public enum Failure {
    /** The provider refused the API key (HTTP 401). */
    AUTHENTICATION(ErrorKind.CONFIGURATION),
    /** The provider refused access (HTTP 403), for example from this region or for this model. */
    FORBIDDEN(ErrorKind.CONFIGURATION),
    /** The provider does not know the model or the endpoint (HTTP 404). */
    NOT_FOUND(ErrorKind.CONFIGURATION),
    /** The provider refused the request itself (HTTP 400, 413, 422), for example a parameter the model lacks. */
    INVALID_REQUEST(ErrorKind.CONFIGURATION),
    /** Too many requests (HTTP 429); retrying later may work. */
    RATE_LIMITED(ErrorKind.RATE_LIMITED),
    /**
     * The account's quota or credit is used up (HTTP 402, or 429 saying so): the operator must act, retrying will not
     * help, so it is reported as a configuration problem rather than a rate limit.
     */
    QUOTA_EXCEEDED(ErrorKind.CONFIGURATION),
    /** The provider failed or is overloaded (HTTP 5xx, 529). */
    UNAVAILABLE(ErrorKind.UPSTREAM_ERROR),
    /** No answer within the request's time limit. */
    TIMEOUT(ErrorKind.TIMEOUT),
    /** The provider could not be reached. */
    NETWORK(ErrorKind.NETWORK),
    /** The answer was not what the provider's API promises (not JSON, wrong shape, empty). */
    BAD_RESPONSE(ErrorKind.UPSTREAM_ERROR),
    /** The tool call that asked was cancelled. */
    CANCELLED(ErrorKind.CANCELLED);

    private final ErrorKind kind;

    Failure(ErrorKind kind) {
      this.kind = kind;
    }

    /**
     * The kind of tool error this failure is reported as.
     *
     * @return the error kind
     */
    public ErrorKind kind() {
      return kind;
    }

    /**
     * A fixed, provider-neutral sentence saying what went wrong, for messages that must not carry the provider's text.
     *
     * @return the sentence
     */
    public String message() {
      return switch (this) {
        case AUTHENTICATION -> "The language model's provider refused the API key.";
        case FORBIDDEN -> "The language model's provider refused access.";
        case NOT_FOUND -> "The language model's provider does not know the model.";
        case INVALID_REQUEST -> "The language model's provider refused the request.";
        case RATE_LIMITED -> "The language model's provider is rate limiting requests; try again later.";
        case QUOTA_EXCEEDED -> "The language model's quota is used up.";
        case UNAVAILABLE -> "The language model's provider failed or is unavailable.";
        case TIMEOUT -> "The language model did not answer in time.";
        case NETWORK -> "The language model's provider could not be reached.";
        case BAD_RESPONSE -> "The language model's answer could not be read.";
        case CANCELLED -> "The model request was cancelled.";
      };
    }

    /**
     * The failure an HTTP error status of a provider means: 401 {@link #AUTHENTICATION}, 402 {@link #QUOTA_EXCEEDED},
     * 403 {@link #FORBIDDEN}, 404 {@link #NOT_FOUND}, 400, 413 and 422 {@link #INVALID_REQUEST}, 408 {@link #TIMEOUT},
     * 429 {@link #RATE_LIMITED}, 5xx {@link #UNAVAILABLE}, any other {@link #BAD_RESPONSE}.
     *
     * @param status the HTTP status
     * @return the failure
     */
    public static Failure ofHttpStatus(int status) {
      return switch (status) {
        case 401 -> AUTHENTICATION;
        case 402 -> QUOTA_EXCEEDED;
        case 403 -> FORBIDDEN;
        case 404 -> NOT_FOUND;
        case 400, 413, 422 -> INVALID_REQUEST;
        case 408 -> TIMEOUT;
        case 429 -> RATE_LIMITED;
        default -> status >= 500 && status <= 599 ? UNAVAILABLE : BAD_RESPONSE;
      };
    }
  }
}
