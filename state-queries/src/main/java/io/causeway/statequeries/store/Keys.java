package io.causeway.statequeries.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Byte keys that sort the way views are read: strings end with a zero byte (so a prefix scan of
 * one service never runs into another whose name starts the same), times and versions are
 * big-endian with the sign bit flipped (so they sort numerically).
 */
public final class Keys {

  private static final byte SEPARATOR = 0;

  private final ByteBuffer buffer;

  private Keys(int capacity) {
    this.buffer = ByteBuffer.allocate(capacity);
  }

  public static Keys builder() {
    return new Keys(4096);
  }

  public Keys text(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    ensure(bytes.length + 1);
    buffer.put(bytes).put(SEPARATOR);
    return this;
  }

  public Keys time(Instant time) {
    return number(time.toEpochMilli());
  }

  public Keys number(long value) {
    ensure(Long.BYTES);
    buffer.putLong(value ^ Long.MIN_VALUE);
    return this;
  }

  public Keys tag(byte value) {
    ensure(1);
    buffer.put(value);
    return this;
  }

  public byte[] build() {
    return Arrays.copyOf(buffer.array(), buffer.position());
  }

  /** The first key after every key that starts with {@code prefix}, or null when there is none. */
  public static byte[] after(byte[] prefix) {
    byte[] end = Arrays.copyOf(prefix, prefix.length);
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }

  /** Reads the time written by {@link #time} at {@code position}. */
  public static Instant timeAt(byte[] key, int position) {
    return Instant.ofEpochMilli(ByteBuffer.wrap(key, position, Long.BYTES).getLong() ^ Long.MIN_VALUE);
  }

  /** Reads the zero-terminated text at {@code position}. */
  public static String textAt(byte[] key, int position) {
    int end = position;
    while (end < key.length && key[end] != SEPARATOR) {
      end++;
    }
    return new String(key, position, end - position, StandardCharsets.UTF_8);
  }

  private void ensure(int bytes) {
    if (buffer.remaining() < bytes) {
      throw new IllegalArgumentException("key longer than " + buffer.capacity() + " bytes");
    }
  }
}
