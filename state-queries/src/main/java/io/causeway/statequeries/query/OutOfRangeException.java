package io.causeway.statequeries.query;

/** A question the stored history cannot answer, such as a time before the retention. */
public final class OutOfRangeException extends RuntimeException {
  public OutOfRangeException(String message) {
    super(message);
  }
}
