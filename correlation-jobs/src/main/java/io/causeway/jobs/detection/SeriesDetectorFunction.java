package io.causeway.jobs.detection;

import io.causeway.avro.Anomaly;
import io.causeway.avro.SignalKind;
import io.causeway.core.detection.Judgement;
import io.causeway.core.detection.RobustDetector;
import io.causeway.core.detection.SeasonalGate;
import io.causeway.core.detection.SeriesClock;
import io.causeway.core.detection.SeriesPoint;
import io.causeway.core.detection.SignalCatalog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Runs one {@link RobustDetector} per series (keyed by series id), checked by a {@link
 * SeasonalGate} so that what the series does at this hour every day is not reported, and reports
 * confirmed anomalies, re-reporting a persisting one every {@code remindEvery} points with the same
 * id, so that correlation knows it goes on. Anomalies on an {@link EdgeSeries edge series} name
 * their edge.
 *
 * <p>State per series, all expired by TTL after {@code seriesTtl} without a point: the detector
 * (712 bytes with its settings, up to 1.2 KB while it keeps a run), the seasonal gate (840 bytes
 * with its settings for series judged one way, 1,432 for traffic and resources, judged both ways)
 * a counter and the series' {@link SeriesClock} (two longs): about 1.6 KB a series, 2.1 KB for
 * traffic and resources. An anomaly's onset is the start of its first point's interval (see {@link
 * SeriesClock}).
 */
public final class SeriesDetectorFunction extends KeyedProcessFunction<String, SeriesPoint, Anomaly> {

  private static final long serialVersionUID = 1L;

  private final Duration seriesTtl;
  private final int remindEvery;
  private transient ValueState<RobustDetector> detector;
  private transient ValueState<SeasonalGate> seasonalGate;
  private transient ValueState<Integer> ongoingPoints;
  private transient ValueState<SeriesClock> clock;

  public SeriesDetectorFunction(Duration seriesTtl, int remindEvery) {
    this.seriesTtl = seriesTtl;
    this.remindEvery = remindEvery;
  }

  @Override
  public void open(OpenContext context) {
    StateTtlConfig ttl = StateTtlConfig.newBuilder(seriesTtl).build();
    var detectorDescriptor = new ValueStateDescriptor<>("detector", Types.GENERIC(RobustDetector.class));
    detectorDescriptor.enableTimeToLive(ttl);
    var ongoingDescriptor = new ValueStateDescriptor<>("ongoing-points", Types.INT);
    ongoingDescriptor.enableTimeToLive(ttl);
    var gateDescriptor = new ValueStateDescriptor<>("seasonal-gate", Types.GENERIC(SeasonalGate.class));
    gateDescriptor.enableTimeToLive(ttl);
    detector = getRuntimeContext().getState(detectorDescriptor);
    seasonalGate = getRuntimeContext().getState(gateDescriptor);
    ongoingPoints = getRuntimeContext().getState(ongoingDescriptor);
    var clockDescriptor = new ValueStateDescriptor<>("series-clock", Types.GENERIC(SeriesClock.class));
    clockDescriptor.enableTimeToLive(ttl);
    clock = getRuntimeContext().getState(clockDescriptor);
  }

  @Override
  public void processElement(SeriesPoint point, Context ctx, Collector<Anomaly> out) throws Exception {
    RobustDetector series = detector.value();
    if (series == null) {
      series = new RobustDetector(SignalCatalog.settingsFor(point.kind()));
    }
    SeasonalGate gate = seasonalGate.value();
    if (gate == null) {
      gate = new SeasonalGate(SignalCatalog.settingsFor(point.kind()));
    }
    long since = intervalStartOf(point);
    Judgement judgement = gate.judge(point.timestampMillis(), since, point.value(), series.observe(since, point.value()));
    detector.update(series);
    seasonalGate.update(gate);
    if (shouldReport(judgement)) {
      out.collect(toAnomaly(point, judgement));
    }
  }

  /** When the point's interval began (see {@link SeriesClock}); advances the series' clock. */
  private long intervalStartOf(SeriesPoint point) throws Exception {
    SeriesClock seriesClock = clock.value() == null ? new SeriesClock() : clock.value();
    long since = seriesClock.intervalStart(point.timestampMillis());
    seriesClock.advance(point.timestampMillis());
    clock.update(seriesClock);
    return since;
  }

  private boolean shouldReport(Judgement judgement) throws Exception {
    switch (judgement.verdict()) {
      case CONFIRMED:
        ongoingPoints.update(0);
        return true;
      case ONGOING:
        int points = (ongoingPoints.value() == null ? 0 : ongoingPoints.value()) + 1;
        ongoingPoints.update(points);
        return points % remindEvery == 0;
      default:
        ongoingPoints.clear();
        return false;
    }
  }

  static Anomaly toAnomaly(SeriesPoint point, Judgement judgement) {
    return Anomaly.newBuilder()
        .setId(anomalyId(point.seriesId(), judgement.onsetMillis()))
        .setService(point.service())
        .setSignal(point.signal())
        .setKind(SignalKind.valueOf(point.kind()))
        .setEdge(EdgeSeries.edgeOf(point))
        .setOnset(Instant.ofEpochMilli(judgement.onsetMillis()))
        .setDetectedAt(Instant.ofEpochMilli(point.timestampMillis()))
        .setScore(Math.round(judgement.score() * 100) / 100.0)
        .setObserved(judgement.observed())
        .setExpected(judgement.expected())
        .setSample(point.sample())
        .build();
  }

  /** Same series and onset give the same id, so re-reports and replays overwrite, not duplicate. */
  static String anomalyId(String seriesId, long onsetMillis) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((seriesId + "@" + onsetMillis).getBytes(StandardCharsets.UTF_8));
      return "an-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
