package io.causeway.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of the hand-written serializers of the topology job's hot, immutable types: the record is
 * written field by field with no per-field null map or class tags (what Flink's POJO serializer
 * spends its time on), strings as length-prefixed UTF-8.
 */
public abstract class CompactSerializer<T> extends TypeSerializerSingleton<T> {

  private static final long serialVersionUID = 1L;

  @Override
  public final boolean isImmutableType() {
    return true;
  }

  @Override
  public final T copy(T from) {
    return from;
  }

  @Override
  public final T copy(T from, T reuse) {
    return from;
  }

  @Override
  public final T deserialize(T reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public final void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public final int getLength() {
    return -1;
  }

  @Override
  public T createInstance() {
    return null;
  }

  /** A string that may be null: its UTF-8 length + 1 (0 for null) as a var-int, then the bytes. */
  public static void writeString(String value, DataOutputView out) throws IOException {
    if (value == null) {
      writeVarInt(0, out);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    writeVarInt(bytes.length + 1, out);
    out.write(bytes);
  }

  public static String readString(DataInputView in) throws IOException {
    int length = readVarInt(in) - 1;
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  public static void writeVarInt(int value, DataOutputView out) throws IOException {
    while ((value & ~0x7F) != 0) {
      out.writeByte((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.writeByte(value);
  }

  public static int readVarInt(DataInputView in) throws IOException {
    int value = 0;
    for (int shift = 0; shift < 32; shift += 7) {
      byte b = in.readByte();
      value |= (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IOException("malformed var-int");
  }

  public static void writeVarLong(long value, DataOutputView out) throws IOException {
    while ((value & ~0x7FL) != 0) {
      out.writeByte((int) (value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.writeByte((int) value);
  }

  public static long readVarLong(DataInputView in) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.readByte();
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IOException("malformed var-long");
  }
}
