package io.causeway.ingest.sim;

/**
 * Why a span failed, as the failing side reports it.
 *
 * @param code gRPC status code the server returns
 * @param message status description
 * @param exceptionType exception class for code-level failures, otherwise null
 */
record Failure(GrpcCode code, String message, String exceptionType) {

  enum GrpcCode {
    UNKNOWN(2, "Unknown"),
    FAILED_PRECONDITION(9, "FailedPrecondition"),
    INTERNAL(13, "Internal"),
    UNAVAILABLE(14, "Unavailable");

    private final int number;
    private final String label;

    GrpcCode(int number, String label) {
      this.number = number;
      this.label = label;
    }

    int number() {
      return number;
    }

    String label() {
      return label;
    }
  }

  /** How a Go gRPC client prints it: {@code rpc error: code = Unavailable desc = ...}. */
  String describe() {
    return "rpc error: code = " + code.label() + " desc = " + message;
  }
}
