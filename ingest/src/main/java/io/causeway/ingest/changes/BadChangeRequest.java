package io.causeway.ingest.changes;

/** A request the receiver refuses with a 4xx; {@link #code} is the JSON {@code error} field. */
final class BadChangeRequest extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  BadChangeRequest(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  static BadChangeRequest invalid(String message) {
    return new BadChangeRequest(400, "invalid_change", message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
