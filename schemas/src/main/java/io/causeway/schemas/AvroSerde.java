package io.causeway.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer and deserializer over {@link AvroCodec}, for plain Kafka clients. */
public final class AvroSerde {

  private AvroSerde() {}

  public static <T extends SpecificRecord> Serializer<T> serializer(Class<T> type) {
    AvroCodec<T> codec = AvroCodec.of(type);
    return (topic, record) -> record == null ? null : codec.encode(record);
  }

  /** Throws {@link SerializationException} on a bad payload; null values (tombstones) give null. */
  public static <T extends SpecificRecord> Deserializer<T> deserializer(Class<T> type) {
    AvroCodec<T> codec = AvroCodec.of(type);
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return codec.decode(bytes);
      } catch (AvroCodec.DecodeException e) {
        throw new SerializationException("topic " + topic + ": " + e.getMessage(), e);
      }
    };
  }
}
