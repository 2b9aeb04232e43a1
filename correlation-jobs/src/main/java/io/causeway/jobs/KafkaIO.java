package io.causeway.jobs;

import io.causeway.avro.DeadLetter;
import io.causeway.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Sources and sinks of one job on the contract topics. Every source decodes with one policy: good
 * records flow on with event time taken from the record, bad ones become dead letters that
 * {@link #deadLetters()} gathers for the job's dead-letter sink.
 */
public final class KafkaIO {

  private final JobSettings settings;
  private final String job;
  private DataStream<DeadLetter> deadLetters;

  public KafkaIO(JobSettings settings, String job) {
    this.settings = settings;
    this.job = job;
  }

  /** Reads a topic; {@code eventTime} gives each record's event time in epoch millis. */
  public <T extends SpecificRecordBase> DataStream<T> read(
      StreamExecutionEnvironment env, Topic topic, Class<T> type, SerializableTimestampAssigner<T> eventTime) {
    return read(env, topic, new DecodingSchema<>(type, consumer()), new AvroTypeInfo<>(type), eventTime);
  }

  /**
   * Reads a topic whose records have a time but no say in event time, such as responders'
   * feedback: each record keeps its time, and the source never holds back the job's event time.
   *
   * <p>Why: a verdict is stamped when the responder spoke, which says nothing about how far the
   * telemetry has got. Read as a timed input, a verdict older than the job's event time (a replay's
   * telemetry runs ahead of the wall clock, a live job may be catching up) would hold the job's
   * event time, and every incident timer, at the verdict's until its partition went idle again.
   */
  public <T extends SpecificRecordBase> DataStream<T> readBesideEventTime(
      StreamExecutionEnvironment env, Topic topic, Class<T> type, SerializableTimestampAssigner<T> recordTime) {
    return readWith(env, topic, new DecodingSchema<>(type, consumer()), new AvroTypeInfo<>(type),
        WatermarkStrategy.<Either<DeadLetter, T>>forGenerator(context -> new AlwaysIdle<>()).withTimestampAssigner(timestamps(recordTime)));
  }

  /**
   * Reads a topic with a decoding of one's own, into any type: {@code decoding} must, like {@link
   * DecodingSchema}, turn every record it cannot read into a dead letter, never drop or throw.
   */
  public <T> DataStream<T> read(
      StreamExecutionEnvironment env,
      Topic topic,
      KafkaRecordDeserializationSchema<Either<DeadLetter, T>> decoding,
      TypeInformation<T> type,
      SerializableTimestampAssigner<T> eventTime) {
    WatermarkStrategy<Either<DeadLetter, T>> watermarks =
        WatermarkStrategy.<Either<DeadLetter, T>>forBoundedOutOfOrderness(settings.get(CausewayOptions.OUT_OF_ORDERNESS))
            .withTimestampAssigner(timestamps(eventTime))
            .withIdleness(settings.get(CausewayOptions.IDLENESS));
    return readWith(env, topic, decoding, type, watermarks);
  }

  /** A record's time from the record; a dead letter's, the time Kafka gave it. */
  private static <T> SerializableTimestampAssigner<Either<DeadLetter, T>> timestamps(SerializableTimestampAssigner<T> recordTime) {
    return (either, kafkaTimestamp) -> either.isRight() ? recordTime.extractTimestamp(either.right(), kafkaTimestamp) : kafkaTimestamp;
  }

  private <T> DataStream<T> readWith(
      StreamExecutionEnvironment env,
      Topic topic,
      KafkaRecordDeserializationSchema<Either<DeadLetter, T>> decoding,
      TypeInformation<T> type,
      WatermarkStrategy<Either<DeadLetter, T>> watermarks) {
    String name = settings.topic(topic);
    KafkaSource<Either<DeadLetter, T>> source =
        KafkaSource.<Either<DeadLetter, T>>builder()
            .setBootstrapServers(settings.bootstrapServers())
            .setTopics(name)
            .setGroupId(settings.groupId(job))
            .setStartingOffsets(startingOffsets())
            .setDeserializer(decoding)
            .setProperty("partition.discovery.interval.ms", "30000")
            .setProperty("commit.offsets.on.checkpoint", "true")
            .setProperties(settings.kafkaClient().applyTo(new Properties()))
            .build();
    OutputTag<DeadLetter> tag = new OutputTag<>("dead-letters-" + name, new AvroTypeInfo<>(DeadLetter.class));
    SingleOutputStreamOperator<T> decoded =
        env.fromSource(source, watermarks, "read " + name)
            .uid(job + "-source-" + name)
            .process(new SplitDeadLetters<T>(tag), type)
            .uid(job + "-decode-" + name)
            .name("decode " + name);
    DataStream<DeadLetter> bad = decoded.getSideOutput(tag);
    deadLetters = deadLetters == null ? bad : deadLetters.union(bad);
    return decoded;
  }

  /** The name this job's readers give as consumer in their dead letters: the job's consumer group. */
  public String consumer() {
    return settings.groupId(job);
  }

  /** Writes Avro records keyed by {@code key}; exactly-once uses Kafka transactions. */
  public <T extends SpecificRecordBase> void write(
      DataStream<T> stream, Topic topic, Class<T> type, SerializationSchema<T> key, DeliveryGuarantee guarantee) {
    String name = settings.topic(topic);
    KafkaRecordSerializationSchema<T> serializer =
        KafkaRecordSerializationSchema.<T>builder()
            .setTopic(name)
            .setKeySerializationSchema(key)
            .setValueSerializationSchema(new AvroValueSerialization<>(type))
            .build();
    stream.sinkTo(sink(serializer, guarantee, name)).uid(job + "-sink-" + name).name("write " + name);
  }

  /** Adds dead letters from another reader of this job (OTLP sources, say) to its one dead-letter sink. */
  public void addDeadLetters(DataStream<DeadLetter> more) {
    deadLetters = deadLetters == null ? more : deadLetters.union(more);
  }

  /** Sends the dead letters of every source read so far to the dead-letter topic. */
  public void writeDeadLetters() {
    if (deadLetters != null) {
      write(deadLetters, Topic.DEADLETTER, DeadLetter.class, keyOf(DeadLetter::getSourceTopic), DeliveryGuarantee.AT_LEAST_ONCE);
    }
  }

  public <T> KafkaSink<T> sink(KafkaRecordSerializationSchema<T> serializer, DeliveryGuarantee guarantee, String topicName) {
    Properties producer = new Properties();
    producer.setProperty("transaction.timeout.ms", String.valueOf(settings.get(CausewayOptions.TRANSACTION_TIMEOUT).toMillis()));
    producer.setProperty("linger.ms", "20");
    settings.kafkaClient().applyTo(producer);
    return KafkaSink.<T>builder()
        .setBootstrapServers(settings.bootstrapServers())
        .setRecordSerializer(serializer)
        .setDeliveryGuarantee(guarantee)
        .setTransactionalIdPrefix(settings.groupId(job) + "-" + topicName)
        .setKafkaProducerConfig(producer)
        .build();
  }

  public String topic(Topic topic) {
    return settings.topic(topic);
  }

  /** A key serializer from a string-valued getter. */
  public static <T> SerializationSchema<T> keyOf(KeyFunction<T> key) {
    return record -> key.apply(record).getBytes(StandardCharsets.UTF_8);
  }

  @FunctionalInterface
  public interface KeyFunction<T> extends java.io.Serializable {
    String apply(T record);
  }

  private OffsetsInitializer startingOffsets() {
    return switch (settings.startingOffsets()) {
      case "earliest" -> OffsetsInitializer.earliest();
      case "latest" -> OffsetsInitializer.latest();
      default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
    };
  }

  /** Emits no watermark and says so: downstream, event time moves on the other inputs alone. */
  static final class AlwaysIdle<T> implements WatermarkGenerator<T> {
    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      output.markIdle();
    }
  }
}
