package io.causeway.jobs;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Sums measurements per key and window in memory before they reach keyed state, so the window
 * stage sees a few partial sums per watermark instead of every call (RocksDB state costs a
 * (de)serialisation per access). The buffer is emptied downstream before every watermark (so no
 * partial is ever late) and before every checkpoint barrier (so nothing buffered is lost on
 * recovery); between those it holds at most {@code maxKeys} entries.
 */
final class PreAggregateRed extends FlushBeforeTimeMoves<Measurement, PartialRed> {

  private static final long serialVersionUID = 1L;

  private final long windowMillis;
  private final int maxKeys;
  private transient Map<WindowKey, RedAccumulator> buffer;

  private record WindowKey(String key, long windowEnd) {}

  PreAggregateRed(long windowMillis, int maxKeys) {
    this.windowMillis = windowMillis;
    this.maxKeys = maxKeys;
  }

  @Override
  public void open() throws Exception {
    super.open();
    buffer = new HashMap<>();
  }

  @Override
  public void processElement(StreamRecord<Measurement> element) {
    long timestamp = element.getTimestamp();
    long windowEnd = timestamp - Math.floorMod(timestamp, windowMillis) + windowMillis;
    Measurement m = element.getValue();
    buffer.computeIfAbsent(new WindowKey(m.key(), windowEnd), k -> new RedAccumulator()).add(m);
    if (buffer.size() >= maxKeys) {
      flush();
    }
  }

  /** Each partial carries its window's last instant as timestamp, so it lands in that window. */
  @Override
  protected void flush() {
    StreamRecord<PartialRed> reuse = new StreamRecord<>(null);
    buffer.forEach((k, red) -> output.collect(reuse.replace(new PartialRed(k.key(), red), k.windowEnd() - 1)));
    buffer.clear();
  }
}
