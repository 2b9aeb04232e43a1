package io.causeway.jobs.topology;

import io.causeway.avro.Span;
import io.causeway.core.topology.SpanView;
import io.causeway.core.topology.SpanViews;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Reads a span payload (Avro single-object encoding of {@link Span}) straight into the {@link
 * SpanView} the topology job needs, skipping what it does not: the operation, the instance and
 * every attribute but the six that name a peer. Decoding the whole {@code Span} (its attribute map
 * above all) and then picking from it was a third of the source's CPU.
 *
 * <p>Only payloads written with the current schema are read here ({@link #reads}); the field order
 * below is checked against it when the class loads, so a change to the schema turns this path off
 * rather than misreading. Anything this reader rejects, the caller decodes again the ordinary way,
 * which decides whether it is a dead letter and why.
 */
final class SpanViewReader {

  private SpanViewReader() {}

  /** The fields in the order this reader reads them. */
  private static final List<String> FIELDS =
      List.of("traceId", "spanId", "parentSpanId", "service", "namespace", "instance", "operation", "kind", "startTime", "durationMicros", "status", "peerService", "attributes");
  private static final String[] KINDS = {"UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"};
  private static final int STATUS_ERROR = 2;
  private static final int STATUSES = 3;
  private static final int HEADER_LENGTH = 10;

  /** The attributes {@link SpanViews} looks at; the others are skipped unread. */
  private static final byte[][] ATTRIBUTES =
      Arrays.stream(new String[] {"peer.service", "db.name", "db.system", "messaging.destination.name", "server.address", "messaging.system"})
          .map(key -> key.getBytes(StandardCharsets.UTF_8))
          .toArray(byte[][]::new);

  private static final long FINGERPRINT = SchemaNormalization.parsingFingerprint64(Span.getClassSchema());
  private static final boolean SCHEMA_MATCHES = matches(Span.getClassSchema());

  /** Whether this payload was written with the schema this reader knows. */
  static boolean reads(byte[] payload) {
    if (!SCHEMA_MATCHES || payload == null || payload.length < HEADER_LENGTH || payload[0] != (byte) 0xC3 || payload[1] != (byte) 0x01) {
      return false;
    }
    long fingerprint = 0;
    for (int i = HEADER_LENGTH - 1; i >= 2; i--) { // little-endian
      fingerprint = (fingerprint << 8) | (payload[i] & 0xFF);
    }
    return fingerprint == FINGERPRINT;
  }

  /** The span view of a payload for which {@link #reads} holds; throws on anything malformed. */
  static SpanView read(byte[] payload) throws IOException {
    Cursor in = new Cursor(payload, HEADER_LENGTH);
    String traceId = in.string();
    String spanId = in.string();
    String parentSpanId = in.optionalString();
    String service = in.string();
    String namespace = in.optionalString();
    in.skipOptionalString(); // instance
    in.skipString(); // operation
    String kind = KINDS[in.index(KINDS.length)];
    long startMillis = in.varLong();
    long durationMicros = in.varLong();
    boolean error = in.index(STATUSES) == STATUS_ERROR;
    String peerService = in.optionalString();
    Map<String, String> attributes = in.attributesNamed(ATTRIBUTES);
    return new SpanView(
        traceId,
        spanId,
        parentSpanId,
        SpanViews.serviceIdentity(service, namespace),
        kind,
        startMillis,
        durationMicros,
        error,
        SpanViews.peerOf(peerService, attributes),
        SpanViews.peerKindOf(attributes));
  }

  /** Whether the schema has, in order, the fields read above with the types read above. */
  static boolean matches(Schema schema) {
    List<Schema.Field> fields = schema.getFields();
    if (!fields.stream().map(Schema.Field::name).toList().equals(FIELDS)) {
      return false;
    }
    Schema kind = fields.get(7).schema();
    Schema status = fields.get(10).schema();
    return isString(fields.get(0)) && isString(fields.get(1)) && isOptionalString(fields.get(2)) && isString(fields.get(3))
        && isOptionalString(fields.get(4)) && isOptionalString(fields.get(5)) && isString(fields.get(6))
        && kind.getType() == Schema.Type.ENUM && kind.getEnumSymbols().equals(List.of(KINDS))
        && fields.get(8).schema().getType() == Schema.Type.LONG && fields.get(9).schema().getType() == Schema.Type.LONG
        && status.getType() == Schema.Type.ENUM && status.getEnumSymbols().equals(List.of("UNSET", "OK", "ERROR"))
        && isOptionalString(fields.get(11))
        && fields.get(12).schema().getType() == Schema.Type.MAP && fields.get(12).schema().getValueType().getType() == Schema.Type.STRING;
  }

  private static boolean isString(Schema.Field field) {
    return field.schema().getType() == Schema.Type.STRING;
  }

  private static boolean isOptionalString(Schema.Field field) {
    Schema union = field.schema();
    return union.getType() == Schema.Type.UNION && union.getTypes().size() == 2
        && union.getTypes().get(0).getType() == Schema.Type.NULL && union.getTypes().get(1).getType() == Schema.Type.STRING;
  }

  /** Avro's binary encoding over a byte array: zig-zag var-ints, length-prefixed UTF-8. */
  private static final class Cursor {
    private final byte[] bytes;
    private int position;

    Cursor(byte[] bytes, int position) {
      this.bytes = bytes;
      this.position = position;
    }

    long varLong() throws IOException {
      long raw = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (position >= bytes.length) {
          throw new EOFException();
        }
        byte b = bytes[position++];
        raw |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return (raw >>> 1) ^ -(raw & 1);
        }
      }
      throw new IOException("malformed var-int");
    }

    /** An enum symbol or union branch: an index below {@code count}. */
    int index(int count) throws IOException {
      long index = varLong();
      if (index < 0 || index >= count) {
        throw new IOException("index out of range: " + index);
      }
      return (int) index;
    }

    private int length() throws IOException {
      long length = varLong();
      if (length < 0 || length > bytes.length - position) {
        throw new EOFException("length " + length + " beyond the payload");
      }
      return (int) length;
    }

    String string() throws IOException {
      int length = length();
      String value = new String(bytes, position, length, StandardCharsets.UTF_8);
      position += length;
      return value;
    }

    void skipString() throws IOException {
      int length = length(); // before adding: reading the length moves the position
      position += length;
    }

    String optionalString() throws IOException {
      return index(2) == 0 ? null : string();
    }

    void skipOptionalString() throws IOException {
      if (index(2) == 1) {
        skipString();
      }
    }

    /** The entries of a string map whose keys are among {@code wanted}; the rest are skipped. */
    Map<String, String> attributesNamed(byte[][] wanted) throws IOException {
      Map<String, String> found = Map.of();
      for (long count = varLong(); count != 0; count = varLong()) {
        if (count < 0) { // a block that gives its size in bytes after its count
          count = -count;
          varLong();
        }
        for (long i = 0; i < count; i++) {
          int keyLength = length();
          int key = position;
          position += keyLength;
          byte[] match = among(wanted, key, keyLength);
          if (match == null) {
            skipString();
            continue;
          }
          if (found.isEmpty()) {
            found = new HashMap<>(4);
          }
          found.put(new String(match, StandardCharsets.UTF_8), string());
        }
      }
      return found;
    }

    private byte[] among(byte[][] wanted, int from, int length) {
      for (byte[] candidate : wanted) {
        if (candidate.length == length && Arrays.equals(candidate, 0, length, bytes, from, from + length)) {
          return candidate;
        }
      }
      return null;
    }
  }
}
