package io.causeway.ingest.sim;

import static io.causeway.ingest.sim.OnlineBoutique.AD;
import static io.causeway.ingest.sim.OnlineBoutique.CART;
import static io.causeway.ingest.sim.OnlineBoutique.CHECKOUT;
import static io.causeway.ingest.sim.OnlineBoutique.CURRENCY;
import static io.causeway.ingest.sim.OnlineBoutique.EMAIL;
import static io.causeway.ingest.sim.OnlineBoutique.FRONTEND;
import static io.causeway.ingest.sim.OnlineBoutique.PAYMENT;
import static io.causeway.ingest.sim.OnlineBoutique.PRODUCT_CATALOG;
import static io.causeway.ingest.sim.OnlineBoutique.RECOMMENDATION;
import static io.causeway.ingest.sim.OnlineBoutique.SHIPPING;

import io.causeway.ingest.sim.Failure.GrpcCode;
import java.util.Map;

/** The failures each service reports, and how callers word a failure they pass on. */
final class ErrorCatalog {

  /** Why a service fails on its own. */
  enum Cause {
    /** The rare background failure every system has. */
    TRANSIENT,
    /** The {@code errors} fault: the service is broken at run time. */
    INJECTED,
    /** The {@code bad-deploy} fault: a code defect shipped with the new version. */
    BAD_DEPLOY
  }

  private static final Map<String, Failure> INJECTED =
      Map.of(
          FRONTEND, unavailable("failed to render page: write tcp 10.8.0.14:8080: broken pipe"),
          CART, unavailable("Status(StatusCode=Unavailable, Detail=\"cart store overloaded\")"),
          PRODUCT_CATALOG, unavailable("catalog backend unavailable: connection reset by peer"),
          CURRENCY, internal("conversion failed: Error: read ECONNRESET"),
          PAYMENT, unavailable("credit card processor unavailable: connection refused"),
          SHIPPING, unavailable("shipping provider unreachable: dial tcp 10.8.3.17:443: timeout"),
          EMAIL, unavailable("SMTP relay unavailable: [Errno 111] Connection refused"),
          CHECKOUT, internal("failed to prepare order: order store transaction aborted"),
          RECOMMENDATION, unavailable("recommendation index not loaded: resource exhausted"),
          AD, unavailable("io.grpc.StatusRuntimeException: UNAVAILABLE: ad index not ready"));

  private ErrorCatalog() {}

  private static Failure unavailable(String message) {
    return new Failure(GrpcCode.UNAVAILABLE, message, null);
  }

  private static Failure internal(String message) {
    return new Failure(GrpcCode.INTERNAL, message, null);
  }

  /** The failure {@code profile}'s service reports when it fails on its own while serving. */
  static Failure own(ServiceProfile profile, String operation, Cause cause) {
    return switch (cause) {
      case TRANSIENT -> transientFailure(profile);
      case INJECTED -> INJECTED.get(profile.service());
      case BAD_DEPLOY -> defect(profile, operation);
    };
  }

  private static Failure transientFailure(ServiceProfile profile) {
    return switch (profile.language()) {
      case GO -> unavailable("transport is closing");
      case JAVA -> unavailable("io.grpc.StatusRuntimeException: UNAVAILABLE: io exception");
      case NODE -> unavailable("Error: read ECONNRESET");
      case PYTHON -> unavailable("Socket closed");
      case CSHARP -> unavailable("Error starting gRPC call: connection reset");
      case REDIS -> redis(CallPlans.REDIS_HGET);
    };
  }

  /** A null dereference in the new version, worded as each runtime words it. */
  private static Failure defect(ServiceProfile profile, String operation) {
    return switch (profile.language()) {
      case GO -> new Failure(
          GrpcCode.INTERNAL,
          "panic: runtime error: invalid memory address or nil pointer dereference",
          "runtime.Error");
      case JAVA -> new Failure(
          GrpcCode.UNKNOWN,
          "java.lang.NullPointerException: Cannot invoke \"java.util.List.size()\""
              + " because \"ads\" is null",
          "java.lang.NullPointerException");
      case NODE -> new Failure(
          GrpcCode.INTERNAL,
          "TypeError: Cannot read properties of undefined (reading 'units')",
          "TypeError");
      case PYTHON -> new Failure(
          GrpcCode.UNKNOWN,
          "Exception calling application: 'NoneType' object has no attribute 'product_ids'",
          "AttributeError");
      case CSHARP -> new Failure(
          GrpcCode.UNKNOWN,
          "Exception was thrown by handler. NullReferenceException: Object reference not set"
              + " to an instance of an object.",
          "System.NullReferenceException");
      case REDIS -> redis(operation);
    };
  }

  /** What cartservice sees when redis fails a command. */
  static Failure redis(String command) {
    return new Failure(
        GrpcCode.UNAVAILABLE,
        "StackExchange.Redis.RedisConnectionException: No connection is active/available to"
            + " service this operation: " + command,
        null);
  }

  /** The failure {@code caller} returns after a call it needs failed. */
  static Failure propagated(ServiceProfile caller, Call call, Failure cause) {
    return switch (caller.language()) {
      case CSHARP -> new Failure(
          GrpcCode.FAILED_PRECONDITION, call.context() + " " + cause.message(), null);
      case PYTHON -> new Failure(
          GrpcCode.UNKNOWN,
          "Exception calling application: " + call.context() + ": " + cause.describe(),
          null);
      default -> new Failure(GrpcCode.INTERNAL, call.context() + ": " + cause.describe(), null);
    };
  }

  /** The log line of a service that failed on its own. */
  static String ownFailureLog(ServiceProfile profile, String operation, Failure failure) {
    if (failure.exceptionType() == null) {
      return operation + " failed: " + failure.message();
    }
    return switch (profile.language()) {
      case GO -> "panic recovered in " + operation + ": " + failure.message();
      case PYTHON -> "Traceback (most recent call last) in " + operation + ": "
          + failure.exceptionType() + ": 'NoneType' object has no attribute 'product_ids'";
      default -> "Unhandled exception in " + operation + ": " + failure.message();
    };
  }

  /** The log line of a caller after {@code call} failed with {@code failure}. */
  static String callerFailureLog(String caller, Call call, Failure failure) {
    String detail = call.context() + ": " + failure.describe();
    if (FRONTEND.equals(caller) && call.onFailure() == Call.OnFailure.FAIL) {
      return "request error: " + detail;
    }
    if (CART.equals(caller)) {
      return call.context() + " " + failure.message();
    }
    return detail;
  }
}
