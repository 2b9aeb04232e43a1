package io.causeway.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one generated record type with Avro single-object encoding (magic {@code
 * C3 01}, the schema's 64-bit fingerprint, then the binary body), so every payload on our topics
 * names its own schema without a registry.
 *
 * <p>Decoding never lets a raw Avro exception escape: it throws {@link DecodeException} with a
 * short stable reason code that dead-letter records and metrics use.
 */
public final class AvroCodec<T extends SpecificRecord> {

  private final Class<T> type;
  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private AvroCodec(Class<T> type) {
    this.type = type;
    this.schema = SpecificData.get().getSchema(type);
    this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema);
    this.decoder = new BinaryMessageDecoder<>(SpecificData.get(), schema);
  }

  public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
    return new AvroCodec<>(type);
  }

  /** Lets this reader decode payloads written with an older (or newer) compatible schema. */
  public AvroCodec<T> alsoReading(Schema writerSchema) {
    decoder.addSchema(writerSchema);
    return this;
  }

  public Class<T> type() {
    return type;
  }

  public Schema schema() {
    return schema;
  }

  public byte[] encode(T record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot encode " + type.getSimpleName() + ": " + e, e);
    }
  }

  public T decode(byte[] payload) throws DecodeException {
    if (payload == null) {
      throw new DecodeException("null-payload", "record has no value");
    }
    try {
      return decoder.decode(payload);
    } catch (BadHeaderException e) {
      throw new DecodeException("bad-header", e.getMessage());
    } catch (MissingSchemaException e) {
      throw new DecodeException("unknown-schema", e.getMessage());
    } catch (IOException e) {
      throw new DecodeException("truncated", String.valueOf(e.getMessage()));
    } catch (org.apache.avro.AvroRuntimeException e) {
      if (e.getCause() instanceof java.io.EOFException) {
        // decode(byte[]) wraps the end of input in "Decoding datum failed"
        throw new DecodeException("truncated", "the record ends before its last field: " + e.getCause());
      }
      throw new DecodeException("malformed", e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      // Untrusted bytes can trip any check inside Avro (huge lengths, bad unions, bad enums...).
      throw new DecodeException("malformed", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** A payload that is not a valid record of the expected type, with a stable reason code. */
  public static final class DecodeException extends Exception {
    private final String reason;

    public DecodeException(String reason, String message) {
      super(reason + ": " + message);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }
}
