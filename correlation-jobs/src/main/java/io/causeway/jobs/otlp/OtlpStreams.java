package io.causeway.jobs.otlp;

import io.causeway.jobs.SplitDeadLetters;
import io.causeway.avro.DeadLetter;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Span;
import io.causeway.ingest.otlp.MetricSample;
import io.causeway.ingest.otlp.OtlpEncoding;
import io.causeway.ingest.otlp.OtlpLogDecoder;
import io.causeway.ingest.otlp.OtlpMetricDecoder;
import io.causeway.ingest.otlp.OtlpSpanDecoder;
import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.JobSettings;
import java.util.function.Consumer;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The OTLP topics the OpenTelemetry Collector's Kafka exporter writes, as streams of our records.
 * Each source reads like {@code KafkaIO.read}: the job's consumer group and starting offsets,
 * event time from the records with the configured out-of-orderness and idleness, and bad records
 * as dead letters (counted by reason) gathered in {@link #deadLetters()} for the job's dead-letter
 * sink.
 *
 * <p>The jobs read them through {@link TelemetrySources}, which also decides whether Causeway's own
 * Avro topics are read beside them.
 */
public final class OtlpStreams {

  private final JobSettings settings;
  private final OtlpSettings otlp;
  private final String job;
  private final Consumer<DataStream<DeadLetter>> deadLetterSink;
  private DataStream<DeadLetter> deadLetters;

  /** Checks the {@link OtlpOptions} in {@code settings} now, failing with what to change. */
  public OtlpStreams(JobSettings settings, String job) {
    this(settings, job, null);
  }

  /**
   * Like {@link #OtlpStreams(JobSettings, String)}, and hands each source's dead letters to {@code
   * deadLetterSink} as it is read (a job's {@code KafkaIO::addDeadLetters}, say).
   */
  public OtlpStreams(JobSettings settings, String job, Consumer<DataStream<DeadLetter>> deadLetterSink) {
    this.settings = settings;
    this.otlp = OtlpSettings.from(settings);
    this.job = job;
    this.deadLetterSink = deadLetterSink;
  }

  /** Spans from the OTLP traces topic, event time = span start. */
  public DataStream<Span> spans(StreamExecutionEnvironment env) {
    OtlpEncoding encoding = otlp.spansEncoding;
    return read(env, otlp.spansTopic, () -> new OtlpSpanDecoder(encoding), new AvroTypeInfo<>(Span.class), (span, ts) -> span.getStartTime().toEpochMilli());
  }

  /** Log records from the OTLP logs topic, event time = the log's time. */
  public DataStream<LogRecord> logs(StreamExecutionEnvironment env) {
    OtlpEncoding encoding = otlp.logsEncoding;
    return read(env, otlp.logsTopic, () -> new OtlpLogDecoder(encoding), new AvroTypeInfo<>(LogRecord.class), (log, ts) -> log.getTimestamp().toEpochMilli());
  }

  /**
   * Metric points from the OTLP metrics topic, event time = the data point's time. Cumulative
   * counters and histograms go through a keyed cumulative-to-delta step ({@code uid
   * <job>-otlp-cumulative-to-delta-<topic>}) whose state has a TTL of {@link
   * OtlpOptions#CUMULATIVE_STATE_TTL}.
   */
  public DataStream<MetricPoint> metrics(StreamExecutionEnvironment env) {
    OtlpEncoding encoding = otlp.metricsEncoding;
    DataStream<MetricSample> samples =
        read(env, otlp.metricsTopic, () -> new OtlpMetricDecoder(encoding), TypeInformation.of(MetricSample.class), (s, ts) -> Math.floorDiv(s.timeNanos(), 1_000_000L));
    return samples
        .keyBy(MetricSample::seriesKey)
        .process(new CumulativeToDeltaFunction(otlp.cumulativeStateTtl), new AvroTypeInfo<>(MetricPoint.class))
        .uid(job + "-otlp-cumulative-to-delta-" + otlp.metricsTopic)
        .name("cumulative to delta " + otlp.metricsTopic);
  }

  /** Dead letters of every OTLP source read so far; null before the first. */
  public DataStream<DeadLetter> deadLetters() {
    return deadLetters;
  }

  private <T> DataStream<T> read(
      StreamExecutionEnvironment env,
      String topic,
      OtlpDeserializationSchema.DecoderFactory<T> decoder,
      TypeInformation<T> type,
      SerializableTimestampAssigner<T> eventTime) {
    KafkaSource<Either<DeadLetter, T>> source =
        KafkaSource.<Either<DeadLetter, T>>builder()
            .setBootstrapServers(settings.bootstrapServers())
            .setTopics(topic)
            .setGroupId(settings.groupId(job))
            .setStartingOffsets(startingOffsets())
            .setDeserializer(new OtlpDeserializationSchema<>(decoder, type, settings.groupId(job)))
            .setProperty("partition.discovery.interval.ms", "30000")
            .setProperty("commit.offsets.on.checkpoint", "true")
            .setProperties(settings.kafkaClient().applyTo(new java.util.Properties()))
            .build();
    WatermarkStrategy<Either<DeadLetter, T>> watermarks =
        WatermarkStrategy.<Either<DeadLetter, T>>forBoundedOutOfOrderness(settings.get(CausewayOptions.OUT_OF_ORDERNESS))
            .withTimestampAssigner((either, kafkaTimestamp) -> either.isRight() ? eventTime.extractTimestamp(either.right(), kafkaTimestamp) : kafkaTimestamp)
            .withIdleness(settings.get(CausewayOptions.IDLENESS));
    OutputTag<DeadLetter> tag = new OutputTag<>("dead-letters-" + topic, new AvroTypeInfo<>(DeadLetter.class));
    SingleOutputStreamOperator<T> decoded =
        env.fromSource(source, watermarks, "read " + topic)
            .uid(job + "-source-" + topic)
            .process(new SplitDeadLetters<T>(tag), type)
            .uid(job + "-decode-" + topic)
            .name("decode " + topic);
    DataStream<DeadLetter> bad = decoded.getSideOutput(tag);
    deadLetters = deadLetters == null ? bad : deadLetters.union(bad);
    if (deadLetterSink != null) {
      deadLetterSink.accept(bad);
    }
    return decoded;
  }

  private OffsetsInitializer startingOffsets() {
    return switch (settings.startingOffsets()) {
      case "earliest" -> OffsetsInitializer.earliest();
      case "latest" -> OffsetsInitializer.latest();
      default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
    };
  }
}
