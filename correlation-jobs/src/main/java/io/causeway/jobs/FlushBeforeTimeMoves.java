package io.causeway.jobs;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * An operator that holds records in memory to send fewer, larger ones downstream, and empties
 * its buffer before every watermark (so nothing it holds becomes late), before every checkpoint
 * barrier (so nothing it holds is lost on recovery) and at the end of input. Subclasses buffer in
 * {@code processElement} and send everything in {@link #flush()}.
 */
public abstract class FlushBeforeTimeMoves<IN, OUT> extends AbstractStreamOperator<OUT> implements OneInputStreamOperator<IN, OUT> {

  private static final long serialVersionUID = 1L;

  /** Sends everything buffered downstream and empties the buffer. */
  protected abstract void flush();

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    flush();
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    flush();
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }
}
