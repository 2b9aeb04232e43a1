package io.causeway.jobs.otlp;

import io.causeway.avro.DeadLetter;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Span;
import io.causeway.core.topology.SpanView;
import io.causeway.core.topology.SpanViews;
import io.causeway.jobs.JobSettings;
import io.causeway.jobs.KafkaIO;
import io.causeway.schemas.Topic;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * Where a job's spans, metrics and logs come from: Causeway's Avro topics; the OTLP topics beside
 * them with {@code causeway.otlp.enabled}; or the OTLP topics alone with {@code
 * causeway.otlp.only} as well. Each source reads with event time from its records and sends its
 * bad records to the job's dead-letter sink ({@link KafkaIO#writeDeadLetters()}).
 */
public final class TelemetrySources {

  private final KafkaIO io;
  private final OtlpStreams otlp;
  private final boolean avro;
  private final String job;

  /** Checks the OTLP options now, failing with what to change. */
  public TelemetrySources(JobSettings settings, KafkaIO io, String job) {
    boolean enabled = settings.get(OtlpOptions.ENABLED);
    boolean only = settings.get(OtlpOptions.ONLY);
    if (only && !enabled) {
      throw new IllegalArgumentException(OtlpOptions.ONLY.key() + " needs " + OtlpOptions.ENABLED.key() + "=true: without it the jobs would read no telemetry at all");
    }
    this.io = io;
    this.otlp = enabled ? new OtlpStreams(settings, job, io::addDeadLetters) : null;
    this.avro = !only;
    this.job = job;
  }

  public DataStream<Span> spans(StreamExecutionEnvironment env) {
    DataStream<Span> fromAvro = avro ? io.read(env, Topic.SPANS, Span.class, (span, ts) -> span.getStartTime().toEpochMilli()) : null;
    return union(fromAvro, otlp == null ? null : otlp.spans(env));
  }

  /**
   * Spans as the topology job reads them, as span views: the Avro topic decoded straight into
   * them by {@code decoding} (which sends what it cannot read to the dead letters, as every
   * source does), OTLP spans converted after their own decoding.
   */
  public DataStream<SpanView> spanViews(
      StreamExecutionEnvironment env, KafkaRecordDeserializationSchema<Either<DeadLetter, SpanView>> decoding, TypeInformation<SpanView> type) {
    DataStream<SpanView> fromAvro = avro ? io.read(env, Topic.SPANS, decoding, type, (span, ts) -> span.startMillis()) : null;
    DataStream<SpanView> fromOtlp =
        otlp == null ? null : otlp.spans(env).map(SpanViews::of).returns(type).uid(job + "-otlp-span-view").name("otlp span view");
    return union(fromAvro, fromOtlp);
  }

  public DataStream<MetricPoint> metrics(StreamExecutionEnvironment env) {
    DataStream<MetricPoint> fromAvro = avro ? io.read(env, Topic.METRICS, MetricPoint.class, (point, ts) -> point.getTimestamp().toEpochMilli()) : null;
    return union(fromAvro, otlp == null ? null : otlp.metrics(env));
  }

  public DataStream<LogRecord> logs(StreamExecutionEnvironment env) {
    DataStream<LogRecord> fromAvro = avro ? io.read(env, Topic.LOGS, LogRecord.class, (log, ts) -> log.getTimestamp().toEpochMilli()) : null;
    return union(fromAvro, otlp == null ? null : otlp.logs(env));
  }

  private static <T> DataStream<T> union(DataStream<T> fromAvro, DataStream<T> fromOtlp) {
    if (fromAvro == null) {
      return fromOtlp;
    }
    return fromOtlp == null ? fromAvro : fromAvro.union(fromOtlp);
  }
}
