package io.causeway.jobs.detection;

import io.causeway.avro.DeadLetter;
import io.causeway.core.detection.SeriesPoint;
import io.causeway.jobs.CausewayOptions;
import io.causeway.schemas.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * The cardinality guard in front of the detectors, keyed by service: a service has at most {@code
 * maxSeries} series judged at a time. Points of its known series pass; a new series is admitted
 * while there is room and refused beyond it — never judged, so a label that explodes costs a
 * counter, not memory. Every refused point counts in {@code causeway.seriesRefused}; the first
 * refusal of a service, and again at most every {@link #NOTE_EVERY}, writes a dead letter with
 * reason {@value #REASON} that says which service and series and what to do.
 *
 * <p>A series that stays silent for {@code seriesTtl} (when its detector's state expires) leaves
 * the count and frees its place. State per service: its admitted series ids, each with the
 * processing time it was last written (at most {@code maxSeries} entries, each its series id plus
 * about 20 bytes), a cached count and two times. Every entry expires by TTL after {@code seriesTtl}
 * plus the {@link #REFRESH_FRACTION refresh slack} without a write, so a silent service leaves
 * nothing behind.
 */
final class SeriesCapFunction extends KeyedProcessFunction<String, SeriesPoint, SeriesPoint> {

  private static final long serialVersionUID = 1L;

  /** Dead-letter notes of refused series, for the job's dead-letter sink. */
  static final OutputTag<DeadLetter> NOTES = new OutputTag<>("series-cap-notes", new AvroTypeInfo<>(DeadLetter.class));

  static final String REASON = "series-cap";
  /** A service at its cap gets at most one dead-letter note per this much processing time. */
  static final Duration NOTE_EVERY = Duration.ofHours(1);
  /** At the cap, the live series are recounted (expired ones fall out) at most this often. */
  static final Duration RECOUNT_EVERY = Duration.ofMinutes(1);
  /**
   * A known series' entry is rewritten (its TTL renewed) only when older than {@code seriesTtl /
   * REFRESH_FRACTION}, not on every point; its TTL is longer by as much, so it never expires
   * before the series' detector does.
   */
  static final int REFRESH_FRACTION = 8;
  /** Source of the notes on {@code deadletter}: {@code series:<service>}, no partition or offset. */
  static final String SOURCE_PREFIX = "series:";

  private static final int NO_PARTITION = -1;

  private final int maxSeries;
  private final Duration seriesTtl;
  private final String consumer;
  private final long refreshMillis;
  private transient MapState<String, Long> admitted;
  private transient ValueState<Integer> seriesCount;
  private transient ValueState<Long> countedAt;
  private transient ValueState<Long> notedAt;
  private transient Counter refused;

  /**
   * @param maxSeries series judged per service at a time
   * @param seriesTtl silence after which a series' detector is dropped, and its place freed here
   * @param consumer the job's consumer name, written into each note
   */
  SeriesCapFunction(int maxSeries, Duration seriesTtl, String consumer) {
    if (maxSeries < 1) {
      throw new IllegalArgumentException(CausewayOptions.MAX_SERIES_PER_SERVICE.key() + " must be at least 1, not " + maxSeries);
    }
    this.maxSeries = maxSeries;
    this.seriesTtl = seriesTtl;
    this.consumer = consumer;
    this.refreshMillis = Math.max(1, seriesTtl.toMillis() / REFRESH_FRACTION);
  }

  @Override
  public void open(OpenContext context) {
    StateTtlConfig ttl = StateTtlConfig.newBuilder(seriesTtl.plusMillis(refreshMillis)).build();
    var admittedDescriptor = new MapStateDescriptor<>("admitted-series", Types.STRING, Types.LONG);
    var countDescriptor = new ValueStateDescriptor<>("series-count", Types.INT);
    var countedAtDescriptor = new ValueStateDescriptor<>("series-counted-at", Types.LONG);
    var notedAtDescriptor = new ValueStateDescriptor<>("series-cap-noted-at", Types.LONG);
    admittedDescriptor.enableTimeToLive(ttl);
    countDescriptor.enableTimeToLive(ttl);
    countedAtDescriptor.enableTimeToLive(ttl);
    notedAtDescriptor.enableTimeToLive(ttl);
    admitted = getRuntimeContext().getMapState(admittedDescriptor);
    seriesCount = getRuntimeContext().getState(countDescriptor);
    countedAt = getRuntimeContext().getState(countedAtDescriptor);
    notedAt = getRuntimeContext().getState(notedAtDescriptor);
    refused = getRuntimeContext().getMetricGroup().addGroup("causeway").counter("seriesRefused");
  }

  @Override
  public void processElement(SeriesPoint point, Context ctx, Collector<SeriesPoint> out) throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    if (admit(point.seriesId(), now)) {
      out.collect(point);
      return;
    }
    refused.inc();
    Long lastNote = notedAt.value();
    if (lastNote == null || now - lastNote >= NOTE_EVERY.toMillis()) {
      notedAt.update(now);
      ctx.output(NOTES, note(point));
    }
  }

  private boolean admit(String seriesId, long now) throws Exception {
    Long writtenAt = admitted.get(seriesId);
    if (writtenAt != null) {
      if (now - writtenAt >= refreshMillis) {
        admitted.put(seriesId, now);
      }
      return true;
    }
    int live = liveSeries(now);
    if (live >= maxSeries) {
      return false;
    }
    admitted.put(seriesId, now);
    seriesCount.update(live + 1);
    return true;
  }

  /**
   * The service's series count, kept as a running count that expired series do not lower; it is
   * recounted from the admitted series (which leave out expired ones) when it is gone or when it
   * reaches the cap, there at most every {@link #RECOUNT_EVERY}.
   */
  private int liveSeries(long now) throws Exception {
    Integer count = seriesCount.value();
    Long counted = countedAt.value();
    boolean recount = count == null || (count >= maxSeries && (counted == null || now - counted >= RECOUNT_EVERY.toMillis()));
    if (!recount) {
      return count;
    }
    int live = 0;
    for (String ignored : admitted.keys()) {
      live++;
    }
    seriesCount.update(live);
    countedAt.update(now);
    return live;
  }

  private DeadLetter note(SeriesPoint point) {
    String service = point.service();
    String error =
        "service " + service + " reached its cap of " + maxSeries + " series (" + CausewayOptions.MAX_SERIES_PER_SERVICE.key()
            + "): series " + point.seriesId() + " and every further new series of " + service
            + " are not judged until some of its series stay silent for " + CausewayOptions.SERIES_TTL.key() + " (" + seriesTtl
            + "). Raise the cap or drop high-cardinality labels. Refused points count in causeway.seriesRefused; this note"
            + " repeats at most every " + NOTE_EVERY + " while the cap is hit.";
    ConsumerRecord<byte[], byte[]> about =
        new ConsumerRecord<>(
            SOURCE_PREFIX + point.service(), NO_PARTITION, NO_PARTITION, point.timestampMillis(), TimestampType.CREATE_TIME,
            ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE, utf8(point.service()), utf8(point.seriesId()), new RecordHeaders(), Optional.empty());
    return DeadLetters.of(about, REASON, error, consumer);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
