package io.causeway.jobs.detection;

import io.causeway.avro.LogRecord;
import io.causeway.core.detection.SeriesPoint;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Runs {@link LogTemplateFunction} and, before each checkpoint barrier, has it write the miners
 * it holds on the heap to keyed state, one service (key) at a time.
 */
final class LogTemplateOperator extends KeyedProcessOperator<String, LogRecord, SeriesPoint> {

  private static final long serialVersionUID = 1L;

  LogTemplateOperator(LogTemplateFunction function) {
    super(function);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    ((LogTemplateFunction) getUserFunction()).writeMiners(this::setCurrentKey);
  }
}
