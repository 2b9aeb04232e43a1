package io.causeway.ingest.sim;

/**
 * One downstream call a handler makes.
 *
 * @param callee the service called
 * @param operation full gRPC method ({@code hipstershop.CartService/GetCart}) or redis command
 * @param onFailure what the caller does when the call fails
 * @param context how the caller describes the failure, e.g. {@code failed to charge card}
 */
record Call(String callee, String operation, OnFailure onFailure, String context) {

  enum OnFailure {
    /** The handler gives up and fails too: the error propagates upstream. */
    FAIL,
    /** The handler logs a warning and carries on. */
    WARN,
    /** The handler drops the error silently and carries on. */
    IGNORE
  }

  static Call critical(String callee, String operation, String context) {
    return new Call(callee, operation, OnFailure.FAIL, context);
  }

  static Call optional(String callee, String operation, String context) {
    return new Call(callee, operation, OnFailure.WARN, context);
  }

  static Call ignored(String callee, String operation) {
    return new Call(callee, operation, OnFailure.IGNORE, "");
  }

  /** The method name alone: {@code GetCart} for a gRPC call, the command for redis. */
  String method() {
    int slash = operation.indexOf('/');
    return slash < 0 ? operation : operation.substring(slash + 1);
  }
}
