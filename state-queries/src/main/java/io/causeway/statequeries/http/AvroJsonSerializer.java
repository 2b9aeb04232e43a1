package io.causeway.statequeries.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes our Avro records as plain JSON: fields by name, enums as their symbol, times as
 * ISO-8601, bytes as base64, unions as their value, and no NaN or infinity (null instead).
 */
public final class AvroJsonSerializer extends JsonSerializer<SpecificRecord> {

  @Override
  public void serialize(SpecificRecord record, JsonGenerator out, SerializerProvider provider) throws IOException {
    write(record, out);
  }

  static void write(Object value, JsonGenerator out) throws IOException {
    if (value == null) {
      out.writeNull();
    } else if (value instanceof IndexedRecord record) {
      out.writeStartObject();
      for (Schema.Field field : record.getSchema().getFields()) {
        out.writeFieldName(field.name());
        write(record.get(field.pos()), out);
      }
      out.writeEndObject();
    } else if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof Instant) {
      out.writeString(value.toString());
    } else if (value instanceof Double d) {
      writeFinite(d, out);
    } else if (value instanceof Float f) {
      writeFinite(f.doubleValue(), out);
    } else if (value instanceof Number number) {
      out.writeNumber(number.longValue());
    } else if (value instanceof Boolean bool) {
      out.writeBoolean(bool);
    } else if (value instanceof ByteBuffer bytes) {
      ByteBuffer copy = bytes.duplicate();
      byte[] raw = new byte[copy.remaining()];
      copy.get(raw);
      out.writeString(Base64.getEncoder().encodeToString(raw));
    } else if (value instanceof Collection<?> items) {
      out.writeStartArray();
      for (Object item : items) {
        write(item, out);
      }
      out.writeEndArray();
    } else if (value instanceof Map<?, ?> map) {
      out.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.writeFieldName(String.valueOf(entry.getKey()));
        write(entry.getValue(), out);
      }
      out.writeEndObject();
    } else {
      out.writeString(value.toString());
    }
  }

  private static void writeFinite(double value, JsonGenerator out) throws IOException {
    if (Double.isFinite(value)) {
      out.writeNumber(value);
    } else {
      out.writeNull();
    }
  }
}
