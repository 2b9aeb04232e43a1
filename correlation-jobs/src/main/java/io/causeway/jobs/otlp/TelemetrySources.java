package io.causeway.jobs.otlp;

import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Span;
import io.causeway.jobs.JobSettings;
import io.causeway.jobs.KafkaIO;
import io.causeway.schemas.Topic;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

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
  }

  public DataStream<Span> spans(StreamExecutionEnvironment env) {
    DataStream<Span> fromAvro = avro ? io.read(env, Topic.SPANS, Span.class, (span, ts) -> span.getStartTime().toEpochMilli()) : null;
    return union(fromAvro, otlp == null ? null : otlp.spans(env));
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
