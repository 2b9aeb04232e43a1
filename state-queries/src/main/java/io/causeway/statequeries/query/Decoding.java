package io.causeway.statequeries.query;

import io.causeway.schemas.AvroCodec;
import org.apache.avro.specific.SpecificRecord;

/** Stored values were decoded once before being stored; failing now means the store is damaged. */
public final class Decoding {

  private Decoding() {}

  public static <T extends SpecificRecord> T decode(AvroCodec<T> codec, byte[] value) {
    try {
      return codec.decode(value);
    } catch (AvroCodec.DecodeException e) {
      throw new IllegalStateException("stored " + codec.type().getSimpleName() + " cannot be read: " + e.getMessage(), e);
    }
  }
}
