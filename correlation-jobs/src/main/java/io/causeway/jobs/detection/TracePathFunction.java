package io.causeway.jobs.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gathers one trace's log lines in one service (keyed by service and trace id), and the starts of
 * the spans it served there, into a {@link LogPath}, emitted once the trace has been quiet in the
 * service for {@code quietGap} of event time.
 *
 * <p>State per key: the lines (at most {@code maxLines}; more are counted in {@code
 * logPathLinesDropped} and left out) and (last line's time, line count); all of it is cleared when
 * the path goes out. One timer per key: set at the first line's time plus the gap, and moved on
 * when it fires early because more lines came meanwhile (cheaper than moving it on every line).
 * A line that comes after its path went out starts a new path.
 */
final class TracePathFunction extends KeyedProcessFunction<String, TemplatedLine, LogPath> {

  private static final long serialVersionUID = 1L;

  private final long quietGapMillis;
  private final int maxLines;

  private transient ListState<TemplatedLine> lines;
  /** (time of the path's last line, lines kept). */
  private transient ValueState<Tuple2<Long, Integer>> progress;
  private transient Counter linesDropped;

  TracePathFunction(long quietGapMillis, int maxLines) {
    this.quietGapMillis = quietGapMillis;
    this.maxLines = maxLines;
  }

  @Override
  public void open(OpenContext context) {
    lines = getRuntimeContext().getListState(new ListStateDescriptor<>("path-lines", TypeInformation.of(TemplatedLine.class)));
    progress = getRuntimeContext().getState(new ValueStateDescriptor<>("path-progress", Types.TUPLE(Types.LONG, Types.INT)));
    linesDropped = getRuntimeContext().getMetricGroup().counter("logPathLinesDropped");
  }

  @Override
  public void processElement(TemplatedLine line, Context ctx, Collector<LogPath> out) throws Exception {
    Tuple2<Long, Integer> sofar = progress.value();
    if (sofar == null) {
      ctx.timerService().registerEventTimeTimer(line.at() + quietGapMillis);
      sofar = Tuple2.of(line.at(), 0);
    }
    if (sofar.f1 >= maxLines) {
      linesDropped.inc();
      return;
    }
    lines.add(line);
    progress.update(Tuple2.of(Math.max(sofar.f0, line.at()), sofar.f1 + 1));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<LogPath> out) throws Exception {
    Tuple2<Long, Integer> sofar = progress.value();
    if (sofar == null) {
      return;
    }
    if (sofar.f0 + quietGapMillis > timestamp) { // lines came since: wait for the gap after the last
      ctx.timerService().registerEventTimeTimer(sofar.f0 + quietGapMillis);
      return;
    }
    out.collect(pathOf(lines.get()));
    lines.clear();
    progress.clear();
  }

  /**
   * The lines in time order (arrival order among equal times), led by the first span start only:
   * later spans of the service in the trace are its inner work, which the lines already tell.
   * Mutable lists, which Flink's serializers can rebuild.
   */
  static LogPath pathOf(Iterable<TemplatedLine> gathered) {
    List<TemplatedLine> ordered = new ArrayList<>();
    gathered.forEach(ordered::add);
    ordered.sort(Comparator.comparingLong(TemplatedLine::at));
    TemplatedLine entry = ordered.stream().filter(TemplatedLine::isSpanStart).findFirst().orElse(null);
    ordered.removeIf(line -> line.isSpanStart() && line != entry);
    TemplatedLine first = ordered.get(0);
    return new LogPath(
        first.service(),
        first.at(),
        ordered.get(ordered.size() - 1).at(),
        ordered.stream().map(TemplatedLine::templateId).collect(Collectors.toCollection(ArrayList::new)),
        ordered.stream().map(TemplatedLine::template).collect(Collectors.toCollection(ArrayList::new)));
  }
}
