package io.causeway.ingest.otlp;

/**
 * An OTLP payload that cannot be read or mapped, with a short stable reason code for dead letters
 * and metrics (like {@code AvroCodec.DecodeException}):
 *
 * <ul>
 *   <li>{@value #NULL_PAYLOAD}: the Kafka record has no value;
 *   <li>{@value #MALFORMED}: the bytes are not a request of the signal in the configured encoding
 *       (truncated or corrupt protobuf, invalid JSON, trace or span ids that are not hex);
 *   <li>{@value #WRONG_ENCODING}: the bytes look like the other encoding (JSON on an {@code
 *       otlp_proto} topic, or protobuf on an {@code otlp_json} topic);
 *   <li>{@value #EMPTY}: an empty payload or a request with no resource at all, which is also what
 *       another signal's JSON request reads as;
 *   <li>{@value #INVALID}: a readable request that breaks OTLP's rules (ids of the wrong length, a
 *       span without trace or span id);
 *   <li>{@value #UNSUPPORTED}: a metric of a type this version does not know (a newer OTLP).
 * </ul>
 */
public final class OtlpDecodeException extends Exception {

  private static final long serialVersionUID = 1L;

  public static final String NULL_PAYLOAD = "null-payload";
  public static final String MALFORMED = "otlp-malformed";
  public static final String WRONG_ENCODING = "otlp-wrong-encoding";
  public static final String EMPTY = "otlp-empty";
  public static final String INVALID = "otlp-invalid";
  public static final String UNSUPPORTED = "otlp-unsupported";

  private final String reason;

  public OtlpDecodeException(String reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public OtlpDecodeException(String reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
