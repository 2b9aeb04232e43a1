package io.causeway.jobs.detection;

import io.causeway.avro.Anomaly;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import io.causeway.core.detection.SeriesPoint;
import io.causeway.core.detection.SignalCatalog;
import io.causeway.jobs.CausewayJob;
import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.JobSettings;
import io.causeway.jobs.KafkaIO;
import io.causeway.jobs.Measurement;
import io.causeway.jobs.RedWindows;
import io.causeway.jobs.WindowedRed;
import io.causeway.jobs.otlp.TelemetrySources;
import io.causeway.schemas.EdgeMetrics;
import io.causeway.schemas.Topic;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns telemetry into series and series into anomalies: RED per service from server spans, RED
 * per edge from {@code topology.edges} (the callee's series), the metrics as they come, error-log
 * counts and error-template counts per service; at most {@code max-series-per-service} series per
 * service, one robust detector per series. New log templates at WARN or above are anomalies of
 * their own, and so are shifts in the paths of a service's log lines within a trace.
 */
public final class DetectionJob implements CausewayJob {

  public static final String NAME = "detection";
  /** Fewer calls than this in a window say too little about latency or error ratio. */
  static final int MIN_CALLS_PER_WINDOW = 3;

  private final JobSettings settings;

  public DetectionJob(JobSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void build(StreamExecutionEnvironment env) {
    KafkaIO io = new KafkaIO(settings, NAME);
    TelemetrySources telemetry = new TelemetrySources(settings, io, NAME);
    DataStream<Span> spans = telemetry.spans(env);
    DataStream<MetricPoint> metrics = telemetry.metrics(env);
    DataStream<LogRecord> logs = telemetry.logs(env);

    DataStream<DependencyEdge> edges = io.read(env, Topic.EDGES, DependencyEdge.class, (e, ts) -> e.getWindowEnd().toEpochMilli());

    SingleOutputStreamOperator<SeriesPoint> templates = logTemplates(logs);
    DataStream<SeriesPoint> points = redSeries(spans).union(metricSeries(metrics), logSeries(logs), templates, edgeSeries(edges));
    SingleOutputStreamOperator<SeriesPoint> admitted = capSeriesPerService(points);
    DataStream<Anomaly> anomalies =
        admitted.keyBy(SeriesPoint::seriesId)
            .process(new SeriesDetectorFunction(settings.get(CausewayOptions.SERIES_TTL), settings.get(CausewayOptions.REMIND_EVERY)))
            .uid("detection-series-detector")
            .name("detect anomalies per series")
            .union(templates.getSideOutput(LogTemplateFunction.NEW_TEMPLATES), logPathShifts(templates.getSideOutput(LogTemplateFunction.TEMPLATED_LINES).union(servedSpanStarts(spans))));

    io.write(anomalies, Topic.ANOMALIES, Anomaly.class, KafkaIO.keyOf(Anomaly::getService), DeliveryGuarantee.AT_LEAST_ONCE);
    io.addDeadLetters(admitted.getSideOutput(SeriesCapFunction.NOTES));
    io.writeDeadLetters();
  }

  /** Per edge of {@code topology.edges} (tombstones are skipped on reading): its RED series, each window once. */
  private DataStream<SeriesPoint> edgeSeries(DataStream<DependencyEdge> edges) {
    return edges.keyBy(EdgeSeries::key)
        .process(new EdgeSeriesFunction(settings.get(CausewayOptions.SERIES_TTL), MIN_CALLS_PER_WINDOW))
        .returns(TypeInformation.of(SeriesPoint.class))
        .uid("detection-edge-series").name("edge RED series");
  }

  /** The cardinality guard: at most max-series-per-service series of a service reach the detectors. */
  private SingleOutputStreamOperator<SeriesPoint> capSeriesPerService(DataStream<SeriesPoint> points) {
    return points.keyBy(SeriesPoint::service)
        .process(
            new SeriesCapFunction(
                settings.get(CausewayOptions.MAX_SERIES_PER_SERVICE), settings.get(CausewayOptions.SERIES_TTL), settings.groupId(NAME)))
        .returns(TypeInformation.of(SeriesPoint.class))
        .uid("detection-series-cap").name("cap series per service");
  }

  /** Server-side latency and errors of each service, one point per window. */
  private DataStream<SeriesPoint> redSeries(DataStream<Span> spans) {
    DataStream<Measurement> served =
        spans.filter(s -> s.getKind() == SpanKind.SERVER || s.getKind() == SpanKind.CONSUMER)
            .uid("detection-server-spans").name("server spans")
            .map(s -> new Measurement(s.getService(), "SERVICE", s.getDurationMicros(), s.getStatus() == SpanStatus.ERROR))
            .uid("detection-span-measurement").name("span measurement");
    return RedWindows.of(served, settings.get(CausewayOptions.WINDOW), "detection-service-red")
        .flatMap(DetectionJob::redPoints)
        .returns(TypeInformation.of(SeriesPoint.class))
        .uid("detection-red-points").name("RED series");
  }

  private static void redPoints(WindowedRed red, Collector<SeriesPoint> out) {
    if (red.calls() < MIN_CALLS_PER_WINDOW) {
      return;
    }
    long at = red.windowEnd();
    out.collect(new SeriesPoint(red.key() + "/" + SignalCatalog.LATENCY_P90, red.key(), SignalCatalog.LATENCY_P90, "LATENCY", at, red.latencyP90Ms(), null));
    out.collect(new SeriesPoint(red.key() + "/" + SignalCatalog.ERROR_RATIO, red.key(), SignalCatalog.ERROR_RATIO, "ERRORS", at, red.errorRatio(), null));
  }

  private static DataStream<SeriesPoint> metricSeries(DataStream<MetricPoint> metrics) {
    return metrics
        .map(DetectionJob::seriesPoint)
        .returns(TypeInformation.of(SeriesPoint.class))
        .uid("detection-metric-points").name("metric series");
  }

  private DataStream<SeriesPoint> logSeries(DataStream<LogRecord> logs) {
    return logs.keyBy(LogRecord::getService)
        .window(TumblingEventTimeWindows.of(settings.get(CausewayOptions.LOG_COUNT_WINDOW)))
        .aggregate(new LogCounts(), new EmitLogPoint())
        .uid("detection-log-counts").name("error log counts");
  }

  /** Per service: template mining, new-template anomalies (side output) and error-template counts. */
  private SingleOutputStreamOperator<SeriesPoint> logTemplates(DataStream<LogRecord> logs) {
    return logs.keyBy(LogRecord::getService)
        .transform("log templates per service", TypeInformation.of(SeriesPoint.class), new LogTemplateOperator(new LogTemplateFunction(LogTemplateSettings.from(settings))))
        .uid("detection-log-templates").name("log templates per service");
  }

  /**
   * The start of every span a service served (a server or consumer span, or one of unknown kind, as
   * in data that records none), as an event of the trace's path in the service.
   */
  private static DataStream<TemplatedLine> servedSpanStarts(DataStream<Span> spans) {
    return spans.filter(s -> s.getKind() == SpanKind.SERVER || s.getKind() == SpanKind.CONSUMER || s.getKind() == SpanKind.UNSPECIFIED)
        .uid("detection-served-spans").name("served spans")
        .map(TemplatedLine::spanStart)
        .returns(TypeInformation.of(TemplatedLine.class))
        .uid("detection-span-starts").name("span starts as path events");
  }

  /** Per service: each trace's lines as a path of templates, and anomalies where the paths changed. */
  private DataStream<Anomaly> logPathShifts(DataStream<TemplatedLine> lines) {
    LogPathSettings paths = LogPathSettings.from(settings);
    return lines.keyBy(TemplatedLine::pathKey)
        .process(new TracePathFunction(paths.quietGap().toMillis(), paths.maxLinesPerPath()))
        .returns(TypeInformation.of(LogPath.class))
        .uid("detection-log-paths").name("log paths per trace")
        .keyBy(LogPath::service)
        .process(new LogPathShiftFunction(paths))
        .returns(TypeInformation.of(Anomaly.class))
        .uid("detection-log-path-shifts").name("log path shifts per service");
  }

  static SeriesPoint seriesPoint(MetricPoint m) {
    return new SeriesPoint(seriesId(m), m.getService(), m.getName(), SignalCatalog.kindOfMetric(m.getName()), m.getTimestamp().toEpochMilli(), m.getValue(), null);
  }

  /**
   * Stable series id: service, metric name and labels in sorted order. An edge metric ({@link
   * EdgeMetrics}) is named by its edge instead, {@code caller->callee/name}, as the edges' series
   * from traces are, so that its anomalies say which edge they saw.
   */
  static String seriesId(MetricPoint m) {
    Map<String, String> labels = new TreeMap<>(m.getLabels());
    String caller = labels.remove(EdgeMetrics.CALLER);
    StringBuilder id = new StringBuilder(caller == null ? m.getService() : EdgeSeries.key(caller, m.getService())).append('/').append(m.getName());
    labels.forEach((k, v) -> id.append(',').append(k).append('=').append(v));
    return id.toString();
  }

  private static final class EmitLogPoint extends ProcessWindowFunction<LogCounts.Counts, SeriesPoint, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(String service, Context ctx, Iterable<LogCounts.Counts> counts, Collector<SeriesPoint> out) {
      LogCounts.Counts c = counts.iterator().next();
      out.collect(new SeriesPoint(service + "/" + SignalCatalog.LOG_ERRORS, service, SignalCatalog.LOG_ERRORS, "LOG", ctx.window().getEnd(), c.errors(), c.sample()));
    }
  }

}
