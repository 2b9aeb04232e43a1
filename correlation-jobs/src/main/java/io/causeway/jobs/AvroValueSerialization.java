package io.causeway.jobs;

import io.causeway.schemas.AvroCodec;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Avro single-object encoding as a Flink serialization schema (the codec is rebuilt per task). */
final class AvroValueSerialization<T extends SpecificRecordBase> implements SerializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private transient AvroCodec<T> codec;

  AvroValueSerialization(Class<T> type) {
    this.type = type;
  }

  @Override
  public byte[] serialize(T record) {
    if (codec == null) {
      codec = AvroCodec.of(type);
    }
    return codec.encode(record);
  }
}
