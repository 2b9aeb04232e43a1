package io.causeway.schemas;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one generated record type with Avro single-object encoding (magic {@code
 * C3 01}, the schema's 64-bit fingerprint, then the binary body), so every payload on our topics
 * names its own schema without a registry.
 *
 * <p>Decoding never lets a raw Avro exception escape: it throws {@link DecodeException} with a
 * short stable reason code that dead-letter records and metrics use.
 *
 * <p>Decoding reads the header itself and the body with a buffered {@link BinaryDecoder} over the
 * payload array, reused per thread, and one datum reader per known writer schema: Avro's own
 * {@code BinaryMessageDecoder} reads the body through an {@code InputStream} byte by byte, which
 * was most of the cost of reading a topic. A codec may be shared between threads.
 */
public final class AvroCodec<T extends SpecificRecord> {

  private final Class<T> type;
  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  /** Readers by the 64-bit fingerprint of the schema the payload was written with. */
  private final Map<Long, DatumReader<T>> readers = new ConcurrentHashMap<>();

  /** Magic {@code C3 01} and the writer schema's fingerprint before every body. */
  private static final int HEADER_LENGTH = 10;
  private static final ThreadLocal<BinaryDecoder> DECODER = new ThreadLocal<>();

  private AvroCodec(Class<T> type) {
    this.type = type;
    this.schema = SpecificData.get().getSchema(type);
    this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema);
    addReader(schema);
  }

  public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
    return new AvroCodec<>(type);
  }

  /** Lets this reader decode payloads written with an older (or newer) compatible schema. */
  public AvroCodec<T> alsoReading(Schema writerSchema) {
    addReader(writerSchema);
    return this;
  }

  @SuppressWarnings("unchecked")
  private void addReader(Schema writerSchema) {
    readers.put(SchemaNormalization.parsingFingerprint64(writerSchema), (DatumReader<T>) SpecificData.get().createDatumReader(writerSchema, schema));
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
    DatumReader<T> reader = readerFor(payload);
    try {
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(payload, HEADER_LENGTH, payload.length - HEADER_LENGTH, DECODER.get());
      DECODER.set(decoder);
      return reader.read(null, decoder);
    } catch (EOFException e) {
      throw new DecodeException("truncated", "the record ends before its last field: " + e);
    } catch (IOException e) {
      throw new DecodeException("truncated", String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      // Untrusted bytes can trip any check inside Avro (huge lengths, bad unions, bad enums...).
      throw new DecodeException("malformed", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** The reader for the schema the payload's header names. */
  private DatumReader<T> readerFor(byte[] payload) throws DecodeException {
    if (payload.length < HEADER_LENGTH) {
      throw new DecodeException("bad-header", "not enough header bytes: " + payload.length);
    }
    if (payload[0] != (byte) 0xC3 || payload[1] != (byte) 0x01) {
      throw new DecodeException("bad-header", String.format("unrecognized header bytes: 0x%02X 0x%02X", payload[0], payload[1]));
    }
    long fingerprint = 0;
    for (int i = HEADER_LENGTH - 1; i >= 2; i--) { // little-endian
      fingerprint = (fingerprint << 8) | (payload[i] & 0xFF);
    }
    DatumReader<T> reader = readers.get(fingerprint);
    if (reader == null) {
      throw new DecodeException("unknown-schema", "cannot resolve schema for fingerprint: " + fingerprint);
    }
    return reader;
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
