package io.causeway.statequeries.http;

/** An answer other than 200, with a message for the caller: 400 bad request, 404 not found, ... */
public final class ApiException extends RuntimeException {

  private final int status;
  private final String error;

  private ApiException(int status, String error, String message) {
    super(message);
    this.status = status;
    this.error = error;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  static ApiException unauthorized() {
    return new ApiException(401, "unauthorized", "this endpoint needs 'Authorization: Bearer <token>'");
  }

  static ApiException methodNotAllowed(String method, java.util.List<String> allowed) {
    return new ApiException(405, "method_not_allowed", method + " is not allowed here; allowed: " + String.join(", ", allowed));
  }

  static ApiException payloadTooLarge(String message) {
    return new ApiException(413, "payload_too_large", message);
  }

  /** The write could not be stored (the broker did not acknowledge it in time): try again. */
  public static ApiException unavailable(String message) {
    return new ApiException(503, "unavailable", message);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }
}
