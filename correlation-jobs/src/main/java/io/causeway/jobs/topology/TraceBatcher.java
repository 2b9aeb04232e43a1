package io.causeway.jobs.topology;

import io.causeway.core.topology.SpanView;
import io.causeway.jobs.FlushBeforeTimeMoves;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Gathers the spans of each trace in memory before they cross the network to the trace join, so
 * that a trace whose spans arrive together (spans are keyed by trace id on the topic, so one
 * partition holds a whole trace) reaches keyed state as one {@link TraceFragment}. The buffer is
 * emptied before every watermark (so no span becomes late by waiting here) and before every
 * checkpoint barrier (so nothing buffered is lost on recovery); between those it holds at most
 * {@code maxSpans} spans. Each fragment carries the timestamp of its first span, and its join
 * worked out here, where its spans are still objects, for the case that it opens its trace ({@link
 * FreshTraceJoin}, under the join's cap of {@code maxSpansPerTrace}).
 */
final class TraceBatcher extends FlushBeforeTimeMoves<SpanView, TraceFragment> {

  private static final long serialVersionUID = 1L;

  private final int maxSpans;
  private final int maxSpansPerTrace;
  private transient Map<String, Batch> buffer;
  private transient DataOutputSerializer scratch;
  private transient int buffered;

  private static final class Batch {
    final long timestamp;
    final List<SpanView> spans = new ArrayList<>(8);

    Batch(long timestamp) {
      this.timestamp = timestamp;
    }
  }

  TraceBatcher(int maxSpans, int maxSpansPerTrace) {
    this.maxSpans = maxSpans;
    this.maxSpansPerTrace = maxSpansPerTrace;
  }

  @Override
  public void open() throws Exception {
    super.open();
    buffer = new LinkedHashMap<>();
    scratch = new DataOutputSerializer(4096);
  }

  @Override
  public void processElement(StreamRecord<SpanView> element) {
    SpanView span = element.getValue();
    buffer.computeIfAbsent(span.traceId(), id -> new Batch(element.getTimestamp())).spans.add(span);
    if (++buffered >= maxSpans) {
      flush();
    }
  }

  @Override
  protected void flush() {
    StreamRecord<TraceFragment> reuse = new StreamRecord<>(null);
    buffer.forEach((traceId, batch) -> output.collect(reuse.replace(TraceFragment.joined(traceId, batch.spans, maxSpansPerTrace, scratch), batch.timestamp)));
    buffer.clear();
    buffered = 0;
  }
}
