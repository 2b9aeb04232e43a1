package io.causeway.jobs.detection;

import io.causeway.avro.Anomaly;
import io.causeway.avro.LogRecord;
import io.causeway.core.detection.SeriesPoint;
import io.causeway.core.detection.SignalCatalog;
import io.causeway.core.logs.LogTemplate;
import io.causeway.core.logs.TemplateMatch;
import io.causeway.core.logs.TemplateMiner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Mines each service's log templates (keyed by service) with a {@link TemplateMiner} and turns
 * them into two signals:
 *
 * <ul>
 *   <li>a {@code log.new-template} anomaly (side output {@link #NEW_TEMPLATES}) when a line at
 *       WARN or above creates a template, once the service's miner has learned from {@code
 *       warmUpLines} lines, and the template has {@code confirmLines} lines within {@code
 *       confirmWithin}, and those lines are at least {@value #MIN_SHARE_OF_LINES} of the service's
 *       lines meanwhile (a one-off rare error is no incident, and neither is a background error a
 *       busy service logs once in thousands of lines); once per template, at most {@link
 *       #NEW_TEMPLATES_PER_WINDOW} per service and window, so random-token input cannot flood
 *       correlation;
 *   <li>per window, the count of every error template (one seen at ERROR or FATAL) as a point of
 *       series {@code <service>/log.template/<id>} for {@link SeriesDetectorFunction}, zeros
 *       included, so that a burst stands out against its baseline.
 * </ul>
 *
 * <p>Every line that names its trace also goes out (side output {@link #TEMPLATED_LINES}) with its
 * template, for {@link TracePathFunction} and {@link LogPathShiftFunction}.
 *
 * <p>State per service, and how it is bounded: the miner (at most {@code maxTemplates} templates,
 * each at most 128 masked tokens; expired by TTL after {@code stateTtl} without a line) and its
 * line count; the current windows' error-template counts, removed when the window's timer fires;
 * the tracked error templates, each dropped after a detector baseline of windows without a line or
 * when the miner evicts it; at most {@link #MAX_CANDIDATES} new templates awaiting confirmation,
 * each dropped by a timer at the end of its confirmation span; the new-template budget of the
 * current window.
 *
 * <p>The miner is one serialized value (about 8 KB for 36 templates, 2.4 MB at a cap of 1,000
 * templates of random words), too dear to read and write on every line: the miners of the services
 * seen since the last checkpoint live on the heap and {@link LogTemplateOperator} writes them to
 * state just before each checkpoint barrier ({@link #writeMiners}), then lets them go. State in a
 * checkpoint is therefore exactly the state after the lines before its barrier.
 */
final class LogTemplateFunction extends KeyedProcessFunction<String, LogRecord, SeriesPoint> {

  private static final long serialVersionUID = 1L;
  /**
   * The share of a service's lines a new template's confirming lines must make: a background error
   * once in thousands of lines (a transient connection reset) is how the service always is.
   */
  static final double MIN_SHARE_OF_LINES = 0.01;

  static final OutputTag<Anomaly> NEW_TEMPLATES = new OutputTag<>("new-log-templates", TypeInformation.of(Anomaly.class));
  /** Every line that names its trace, with its template: the input of the log-path detector. */
  static final OutputTag<TemplatedLine> TEMPLATED_LINES = new OutputTag<>("templated-lines", TypeInformation.of(TemplatedLine.class));
  /** Template text a templated line carries, for evidence; short, as every traced line carries it. */
  static final int PATH_TEMPLATE_CHARS = 160;
  static final int NEW_TEMPLATES_PER_WINDOW = 3;
  static final int MAX_CANDIDATES = 100;
  static final String CANDIDATES_STATE = "new-template-candidates";
  static final String MINER_STATE = "template-miner";
  static final String TRACKED_STATE = "error-templates";
  static final String COUNTS_STATE = "error-template-counts";

  /** A tracked error template silent for a whole detector baseline stops producing points. */
  private static final int QUIET_WINDOWS = SignalCatalog.settingsFor("LOG").baselineSize();

  private final LogTemplateSettings settings;

  private transient ValueState<TemplateMiner> miner;
  /** Miners read or changed since the last checkpoint, by service; see {@link #writeMiners}. */
  private transient Map<String, TemplateMiner> miners;
  private transient ValueState<Long> lines;
  /** (window end, template id) → (error lines, first line). */
  private transient MapState<Tuple2<Long, String>, Tuple2<Long, String>> counts;
  /** Error template id → end of the last window it had a line in. */
  private transient MapState<String, Long> tracked;
  /** New template id → (its first line's time, its first line), until confirmed or expired. */
  private transient MapState<String, Tuple2<Long, String>> candidates;
  /** New template id → the service's line count at its first line, to weigh its share. */
  private transient MapState<String, Long> candidateStarts;
  private transient ValueState<Integer> candidateCount;
  /** (window end, new-template anomalies reported in it). */
  private transient ValueState<Tuple2<Long, Integer>> budget;

  private transient Counter lateLines;
  private transient Counter suppressedNewTemplates;

  LogTemplateFunction(LogTemplateSettings settings) {
    this.settings = settings;
  }

  /** The miner's state descriptor: Kryo, which keeps the miner's shared references. */
  static ValueStateDescriptor<TemplateMiner> minerDescriptor(LogTemplateSettings settings) {
    var descriptor = new ValueStateDescriptor<>(MINER_STATE, Types.GENERIC(TemplateMiner.class));
    descriptor.enableTimeToLive(StateTtlConfig.newBuilder(settings.stateTtl()).build());
    return descriptor;
  }

  @Override
  public void open(OpenContext context) {
    var linesDescriptor = new ValueStateDescriptor<>("template-miner-lines", Types.LONG);
    linesDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(settings.stateTtl()).build());
    miner = getRuntimeContext().getState(minerDescriptor(settings));
    miners = new HashMap<>();
    lines = getRuntimeContext().getState(linesDescriptor);
    counts = getRuntimeContext().getMapState(
        new MapStateDescriptor<>(COUNTS_STATE, Types.TUPLE(Types.LONG, Types.STRING), Types.TUPLE(Types.LONG, Types.STRING)));
    tracked = getRuntimeContext().getMapState(new MapStateDescriptor<>(TRACKED_STATE, Types.STRING, Types.LONG));
    candidates = getRuntimeContext().getMapState(new MapStateDescriptor<>(CANDIDATES_STATE, Types.STRING, Types.TUPLE(Types.LONG, Types.STRING)));
    candidateStarts = getRuntimeContext().getMapState(new MapStateDescriptor<>("new-template-candidate-starts", Types.STRING, Types.LONG));
    candidateCount = getRuntimeContext().getState(new ValueStateDescriptor<>("new-template-candidate-count", Types.INT));
    budget = getRuntimeContext().getState(new ValueStateDescriptor<>("new-template-budget", Types.TUPLE(Types.LONG, Types.INT)));
    lateLines = getRuntimeContext().getMetricGroup().counter("logTemplateLateLines");
    suppressedNewTemplates = getRuntimeContext().getMetricGroup().counter("logNewTemplatesSuppressed");
  }

  @Override
  public void processElement(LogRecord line, Context ctx, Collector<SeriesPoint> out) throws Exception {
    TemplateMiner serviceMiner = minerOf(ctx.getCurrentKey());
    if (serviceMiner == null) {
      serviceMiner = new TemplateMiner(ctx.getCurrentKey(), settings.miner());
      miners.put(ctx.getCurrentKey(), serviceMiner);
    }
    TemplateMatch match = serviceMiner.add(line.getBody());
    long learned = Optional.ofNullable(lines.value()).orElse(0L);
    lines.update(learned + 1);

    long at = line.getTimestamp().toEpochMilli();
    long windowEnd = settings.windowEnd(at);
    if (match.created()) {
      if (learned >= settings.warmUpLines() && LogTemplateSignals.isWarningOrWorse(line.getSeverity())) {
        considerNewTemplate(line, match.template(), learned, windowEnd, ctx);
      }
    } else if (match.template().count() == settings.confirmLines()) {
      confirmNewTemplate(match.template(), at, learned + 1, windowEnd, ctx);
    }
    if (LogTemplateSignals.isError(line.getSeverity())) {
      count(line, match.template().id(), windowEnd, ctx);
    }
    if (line.getTraceId() != null && !line.getTraceId().isEmpty()) {
      ctx.output(TEMPLATED_LINES, templated(ctx.getCurrentKey(), line.getTraceId(), at, match.template()));
    }
  }

  private static TemplatedLine templated(String service, String traceId, long at, LogTemplate template) {
    return new TemplatedLine(service, traceId, at, template.event(), LogTemplateSignals.clip(template.text(), PATH_TEMPLATE_CHARS));
  }

  /** A new template at WARN or worse: reported now, or kept until it has {@code confirmLines} lines. */
  private void considerNewTemplate(LogRecord line, LogTemplate template, long serviceLines, long windowEnd, Context ctx) throws Exception {
    long at = line.getTimestamp().toEpochMilli();
    if (settings.confirmLines() == 1) {
      reportNewTemplate(template, at, line.getBody(), at, windowEnd, ctx);
      return;
    }
    if (!candidates.contains(template.id())) { // else an evicted template came back: starts afresh
      int waiting = Optional.ofNullable(candidateCount.value()).orElse(0);
      if (waiting >= MAX_CANDIDATES) {
        suppressedNewTemplates.inc();
        return;
      }
      candidateCount.update(waiting + 1);
    }
    candidates.put(template.id(), Tuple2.of(at, LogTemplateSignals.clip(line.getBody())));
    candidateStarts.put(template.id(), serviceLines);
    ctx.timerService().registerEventTimeTimer(settings.windowEnd(at + settings.confirmWithin().toMillis()) - 1);
  }

  /** The line that gave {@code template} its {@code confirmLines}-th line: reported if in time. */
  private void confirmNewTemplate(LogTemplate template, long at, long serviceLines, long windowEnd, Context ctx) throws Exception {
    Tuple2<Long, String> first = candidates.get(template.id());
    if (first == null) {
      return;
    }
    Long startedAt = candidateStarts.get(template.id());
    candidates.remove(template.id());
    candidateStarts.remove(template.id());
    candidateCount.update(candidateCount.value() - 1);
    long linesMeanwhile = startedAt == null ? settings.confirmLines() : Math.max(1, serviceLines - startedAt);
    if (settings.confirmLines() < MIN_SHARE_OF_LINES * linesMeanwhile) {
      suppressedNewTemplates.inc();
      return;
    }
    if (at - first.f0 <= settings.confirmWithin().toMillis()) {
      reportNewTemplate(template, first.f0, first.f1, at, windowEnd, ctx);
    }
  }

  private void reportNewTemplate(LogTemplate template, long firstMillis, String firstLine, long at, long windowEnd, Context ctx)
      throws Exception {
    Tuple2<Long, Integer> spent = budget.value();
    int reported = spent != null && spent.f0 == windowEnd ? spent.f1 : 0;
    if (reported >= NEW_TEMPLATES_PER_WINDOW) {
      suppressedNewTemplates.inc();
      return;
    }
    budget.update(Tuple2.of(windowEnd, reported + 1));
    ctx.output(NEW_TEMPLATES, LogTemplateSignals.newTemplate(ctx.getCurrentKey(), template, firstMillis, firstLine, at));
  }

  /** Counts an error line in its window, unless that window's points have gone out already. */
  private void count(LogRecord line, String templateId, long windowEnd, Context ctx) throws Exception {
    if (windowEnd - 1 <= ctx.timerService().currentWatermark()) {
      lateLines.inc();
      return;
    }
    Tuple2<Long, String> key = Tuple2.of(windowEnd, templateId);
    Tuple2<Long, String> sofar = counts.get(key);
    counts.put(key, sofar == null ? Tuple2.of(1L, LogTemplateSignals.clip(line.getBody())) : Tuple2.of(sofar.f0 + 1, sofar.f1));
    Long lastSeen = tracked.get(templateId);
    tracked.put(templateId, lastSeen == null ? windowEnd : Math.max(lastSeen, windowEnd));
    ctx.timerService().registerEventTimeTimer(windowEnd - 1);
  }

  /** A window closed: one point per tracked error template, then the next window's timer. */
  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SeriesPoint> out) throws Exception {
    long windowEnd = timestamp + 1;
    Map<String, Tuple2<Long, String>> closed = takeCounts(windowEnd);
    TemplateMiner serviceMiner = minerOf(ctx.getCurrentKey());
    if (serviceMiner == null) { // expired by TTL: nothing left to judge against
      tracked.clear();
      counts.clear();
      candidates.clear();
      candidateCount.clear();
      return;
    }
    expireCandidates(serviceMiner, timestamp);
    List<String> dropped = new ArrayList<>();
    long quietSince = windowEnd - QUIET_WINDOWS * settings.window().toMillis();
    for (Map.Entry<String, Long> entry : tracked.entries()) {
      Optional<LogTemplate> template = serviceMiner.template(entry.getKey());
      if (template.isEmpty() || entry.getValue() <= quietSince) {
        dropped.add(entry.getKey());
        continue;
      }
      Tuple2<Long, String> count = closed.getOrDefault(entry.getKey(), Tuple2.of(0L, null));
      out.collect(LogTemplateSignals.templateCount(ctx.getCurrentKey(), template.get(), windowEnd, count.f0, count.f1));
    }
    for (String id : dropped) {
      tracked.remove(id);
    }
    if (!tracked.isEmpty()) {
      ctx.timerService().registerEventTimeTimer(windowEnd + settings.window().toMillis() - 1);
    }
  }

  /** Forgets new templates whose confirmation span has passed, or that the miner evicted. */
  private void expireCandidates(TemplateMiner serviceMiner, long now) throws Exception {
    List<String> expired = new ArrayList<>();
    for (Map.Entry<String, Tuple2<Long, String>> entry : candidates.entries()) {
      if (entry.getValue().f0 + settings.confirmWithin().toMillis() <= now || serviceMiner.template(entry.getKey()).isEmpty()) {
        expired.add(entry.getKey());
      }
    }
    for (String id : expired) {
      candidates.remove(id);
      candidateStarts.remove(id);
    }
    if (!expired.isEmpty()) {
      candidateCount.update(candidateCount.value() - expired.size());
    }
  }

  /** The service's miner: from the heap if used since the last checkpoint, else from state; null if none. */
  private TemplateMiner minerOf(String service) throws Exception {
    TemplateMiner cached = miners.get(service);
    if (cached == null) {
      cached = miner.value();
      if (cached != null) {
        miners.put(service, cached);
      }
    }
    return cached;
  }

  /**
   * Writes the miners used since the last checkpoint to keyed state and forgets them; called on
   * the task thread before a checkpoint barrier, with {@code selectKey} making each service the
   * current key.
   */
  void writeMiners(Consumer<String> selectKey) throws Exception {
    for (Map.Entry<String, TemplateMiner> entry : miners.entrySet()) {
      selectKey.accept(entry.getKey());
      miner.update(entry.getValue());
    }
    miners.clear();
  }

  /** Removes and returns the counts of every window up to {@code windowEnd}, by template id. */
  private Map<String, Tuple2<Long, String>> takeCounts(long windowEnd) throws Exception {
    Map<String, Tuple2<Long, String>> closed = new HashMap<>();
    List<Tuple2<Long, String>> keys = new ArrayList<>();
    for (Map.Entry<Tuple2<Long, String>, Tuple2<Long, String>> entry : counts.entries()) {
      if (entry.getKey().f0 <= windowEnd) {
        keys.add(entry.getKey());
        closed.merge(entry.getKey().f1, entry.getValue(), (a, b) -> Tuple2.of(a.f0 + b.f0, a.f1));
      }
    }
    for (Tuple2<Long, String> key : keys) {
      counts.remove(key);
    }
    return closed;
  }
}
