package io.causeway.statequeries.http;

/** A response: its status and a body that is written as JSON, or as text when it is a String. */
public record Reply(int status, Object body) {

  public static Reply ok(Object body) {
    return new Reply(200, body);
  }
}
