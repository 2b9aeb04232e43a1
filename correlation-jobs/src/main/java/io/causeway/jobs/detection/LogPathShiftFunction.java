package io.causeway.jobs.detection;

import io.causeway.avro.Anomaly;
import io.causeway.avro.SignalKind;
import io.causeway.core.detection.SignalCatalog;
import io.causeway.core.logs.LogPathModel;
import io.causeway.core.logs.LogPathModel.Shift;
import io.causeway.core.logs.LogPathModel.Step;
import io.causeway.core.logs.RecurringShifts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per service (keyed by service): counts the steps of its log paths per window and, when a window
 * closes, judges them against the service's {@link LogPathModel}, then teaches the model the
 * window. A shift at or above the threshold is a {@code log.path-shift} anomaly (kind LOG): "after
 * this line, that line no longer comes", with both templates in its sample. One anomaly per shift:
 * a shift that goes on in the next window keeps its onset and is not reported again; at most one
 * new shift per service and window is reported (the strongest). A shift the service keeps having
 * over hours ({@link RecurringShifts}) is no news: counted in {@code logPathShiftsRecurring}, not
 * reported.
 *
 * <p>State per service, and how it is bounded: the model (at most {@code maxTransitions} weighted
 * transitions; dropped by TTL after {@code stateTtl} without a path); the open windows' step
 * counts and first path times, removed when the window's timer fires; the text of each template
 * seen (at most the miner's template cap; TTL); the templates shifted in the last window; the
 * history of the kinds of shift reported (at most 256, forgotten after 6 h unseen; TTL). A
 * shift's onset is the first path in its window that left the shifted template an unusual way.
 */
final class LogPathShiftFunction extends KeyedProcessFunction<String, LogPath, Anomaly> {

  private static final long serialVersionUID = 1L;

  private final LogPathSettings settings;

  private transient ValueState<LogPathModel> model;
  /** (window end, from event, to event) → (paths, first line time of the earliest of them). */
  private transient MapState<Tuple3<Long, String, String>, Tuple2<Long, Long>> counts;
  private transient MapState<String, String> templateTexts;
  /** Template → onset of its shift, while the shift goes on. */
  private transient MapState<String, Long> shifting;
  private transient ValueState<RecurringShifts> recurring;
  private transient Counter latePaths;
  private transient Counter shiftsReported;
  private transient Counter shiftsRecurring;

  LogPathShiftFunction(LogPathSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext context) {
    StateTtlConfig ttl = StateTtlConfig.newBuilder(settings.stateTtl()).build();
    var modelDescriptor = new ValueStateDescriptor<>("log-path-model", Types.GENERIC(LogPathModel.class));
    modelDescriptor.enableTimeToLive(ttl);
    model = getRuntimeContext().getState(modelDescriptor);
    counts = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("log-path-counts", Types.TUPLE(Types.LONG, Types.STRING, Types.STRING), Types.TUPLE(Types.LONG, Types.LONG)));
    var textsDescriptor = new MapStateDescriptor<>("log-path-template-texts", Types.STRING, Types.STRING);
    textsDescriptor.enableTimeToLive(ttl);
    templateTexts = getRuntimeContext().getMapState(textsDescriptor);
    var shiftingDescriptor = new MapStateDescriptor<>("log-path-shifting", Types.STRING, Types.LONG);
    shiftingDescriptor.enableTimeToLive(ttl);
    shifting = getRuntimeContext().getMapState(shiftingDescriptor);
    var recurringDescriptor = new ValueStateDescriptor<>("log-path-recurring-shifts", Types.GENERIC(RecurringShifts.class));
    recurringDescriptor.enableTimeToLive(ttl);
    recurring = getRuntimeContext().getState(recurringDescriptor);
    latePaths = getRuntimeContext().getMetricGroup().counter("logPathsLate");
    shiftsReported = getRuntimeContext().getMetricGroup().counter("logPathShifts");
    shiftsRecurring = getRuntimeContext().getMetricGroup().counter("logPathShiftsRecurring");
  }

  /** A path counts in the window of the moment it was complete (its record's timestamp). */
  @Override
  public void processElement(LogPath path, Context ctx, Collector<Anomaly> out) throws Exception {
    long windowEnd = settings.windowEnd(ctx.timestamp());
    if (windowEnd - 1 <= ctx.timerService().currentWatermark()) {
      latePaths.inc();
      return;
    }
    for (Step step : LogPathModel.stepsOf(path.templateIds())) {
      var key = Tuple3.of(windowEnd, step.from(), step.to());
      Tuple2<Long, Long> sofar = counts.get(key);
      counts.put(key, sofar == null ? Tuple2.of(1L, path.firstAt()) : Tuple2.of(sofar.f0 + 1, Math.min(sofar.f1, path.firstAt())));
    }
    rememberTexts(path);
    ctx.timerService().registerEventTimeTimer(windowEnd - 1);
  }

  private void rememberTexts(LogPath path) throws Exception {
    for (int i = 0; i < path.templateIds().size(); i++) {
      if (!templateTexts.contains(path.templateIds().get(i))) {
        templateTexts.put(path.templateIds().get(i), path.templates().get(i));
      }
    }
  }

  /** A window closed: judge it, report a new shift, learn it. */
  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Anomaly> out) throws Exception {
    long windowEnd = timestamp + 1;
    Map<Step, Tuple2<Long, Long>> taken = takeWindow(windowEnd);
    if (taken.isEmpty()) {
      return;
    }
    Map<Step, Long> window = new HashMap<>();
    taken.forEach((step, count) -> window.put(step, count.f0));
    LogPathModel serviceModel = Optional.ofNullable(model.value()).orElseGet(LogPathModel::new);
    Optional<Shift> shift = serviceModel.judge(window, settings.model());
    Set<String> shifted = shift.map(Shift::shifted).orElse(Set.of());
    long onset = shift.map(s -> onsetOf(s, taken)).orElse(windowEnd);
    if (shift.isPresent() && !shifting.contains(shift.get().from())) {
      report(ctx.getCurrentKey(), shift.get(), onset, windowEnd, out);
    }
    keepShifting(shifted, onset);
    serviceModel.learn(window, shifted, settings.model());
    model.update(serviceModel);
  }

  /** A new shift is an anomaly unless the service keeps having that kind of shift. */
  private void report(String service, Shift shift, long onset, long windowEnd, Collector<Anomaly> out) throws Exception {
    RecurringShifts history = Optional.ofNullable(recurring.value()).orElseGet(RecurringShifts::new);
    if (history.recurring(shift.from(), shift.usualNext(), windowEnd, RecurringShifts.Settings.DEFAULT)) {
      shiftsRecurring.inc();
    } else {
      out.collect(anomalyOf(service, shift, onset, windowEnd));
      shiftsReported.inc();
    }
    history.record(shift.from(), shift.usualNext(), windowEnd, RecurringShifts.Settings.DEFAULT);
    recurring.update(history);
  }

  /**
   * When the shift began: the first path in the window that left {@code from} some other way than
   * the usual one (a window is long; its first path may well precede the fault).
   */
  private static long onsetOf(Shift shift, Map<Step, Tuple2<Long, Long>> window) {
    return window.entrySet().stream()
        .filter(e -> e.getKey().from().equals(shift.from()) && !e.getKey().to().equals(shift.usualNext()))
        .mapToLong(e -> e.getValue().f1)
        .min()
        .orElseGet(() -> window.entrySet().stream().filter(e -> e.getKey().from().equals(shift.from())).mapToLong(e -> e.getValue().f1).min().orElseThrow());
  }

  /** Templates shifted in this window keep (or get) their onset; the others' shifts are over. */
  private void keepShifting(Set<String> shifted, long onset) throws Exception {
    List<String> over = new ArrayList<>();
    for (String from : shifting.keys()) {
      if (!shifted.contains(from)) {
        over.add(from);
      }
    }
    for (String from : over) {
      shifting.remove(from);
    }
    for (String from : shifted) {
      if (!shifting.contains(from)) {
        shifting.put(from, onset);
      }
    }
  }

  private Anomaly anomalyOf(String service, Shift shift, long onset, long windowEnd) throws Exception {
    String signal = SignalCatalog.LOG_PATH_SHIFT;
    return Anomaly.newBuilder()
        .setId(SeriesDetectorFunction.anomalyId(service + "/" + signal + "/" + shift.from(), onset))
        .setService(service)
        .setSignal(signal)
        .setKind(SignalKind.LOG)
        .setEdge(null)
        .setOnset(Instant.ofEpochMilli(onset))
        .setDetectedAt(Instant.ofEpochMilli(windowEnd))
        .setScore(Math.round(shift.score() * 100) / 100.0)
        .setObserved(Math.round(shift.observedShare() * 1000) / 1000.0)
        .setExpected(Math.round(shift.usualShare() * 1000) / 1000.0)
        .setSample(sample(shift))
        .build();
  }

  /** "after «A»: «B» in 12% of 25 paths, usually 96%". */
  private String sample(Shift shift) throws Exception {
    return LogTemplateSignals.clip(String.format(
        Locale.ROOT,
        "after «%s»: «%s» in %.0f%% of %d paths, usually %.0f%%",
        textOf(shift.from()),
        textOf(shift.usualNext()),
        100 * shift.observedShare(),
        shift.paths(),
        100 * shift.usualShare()));
  }

  private String textOf(String templateId) throws Exception {
    if (templateId.equals(LogPathModel.START)) {
      return "(first line)";
    }
    if (templateId.equals(LogPathModel.END)) {
      return "(no further line)";
    }
    return Optional.ofNullable(templateTexts.get(templateId)).orElse(templateId);
  }

  /** Removes and returns the step counts (and first times) of every window up to {@code windowEnd}. */
  private Map<Step, Tuple2<Long, Long>> takeWindow(long windowEnd) throws Exception {
    Map<Step, Tuple2<Long, Long>> window = new HashMap<>();
    Set<Tuple3<Long, String, String>> taken = new HashSet<>();
    for (var entry : counts.entries()) {
      if (entry.getKey().f0 <= windowEnd) {
        taken.add(entry.getKey());
        window.merge(new Step(entry.getKey().f1, entry.getKey().f2), entry.getValue(), (a, b) -> Tuple2.of(a.f0 + b.f0, Math.min(a.f1, b.f1)));
      }
    }
    for (var key : taken) {
      counts.remove(key);
    }
    return window;
  }
}
