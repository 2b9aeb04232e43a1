package io.causeway.jobs.detection;

import io.causeway.core.logs.LogPathModel;
import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.JobSettings;
import java.io.Serializable;
import java.time.Duration;

/**
 * How the log-path detector gathers and judges paths; checked when built, with messages naming the
 * configuration key to fix.
 *
 * @param window width of a judgement window; its paths are compared with what was learned before
 * @param quietGap event time a trace's lines in a service must be quiet before its path is complete
 * @param maxLinesPerPath lines of one trace in one service kept in its path
 * @param model the judgement's knobs (threshold, minimum support, decay, bound)
 * @param stateTtl a service's model is dropped after this long without a path
 */
record LogPathSettings(Duration window, Duration quietGap, int maxLinesPerPath, LogPathModel.Settings model, Duration stateTtl)
    implements Serializable {

  static final int MAX_LINES_PER_PATH = 256;

  LogPathSettings {
    Windows.requirePositive(window, CausewayOptions.LOG_PATH_WINDOW.key());
    Windows.requirePositive(quietGap, CausewayOptions.LOG_PATH_QUIET_GAP.key());
    if (!(model.threshold() > 0)) {
      throw new IllegalArgumentException(CausewayOptions.LOG_PATH_THRESHOLD.key() + " must be positive, was " + model.threshold());
    }
  }

  static LogPathSettings from(JobSettings settings) {
    LogPathModel.Settings defaults = LogPathModel.Settings.DEFAULT;
    return new LogPathSettings(
        settings.get(CausewayOptions.LOG_PATH_WINDOW),
        settings.get(CausewayOptions.LOG_PATH_QUIET_GAP),
        MAX_LINES_PER_PATH,
        new LogPathModel.Settings(
            settings.get(CausewayOptions.LOG_PATH_THRESHOLD), defaults.minBaseline(), defaults.minPaths(), defaults.decay(), defaults.shiftedWeight(), defaults.maxTransitions()),
        settings.get(CausewayOptions.SERIES_TTL));
  }

  /** End (exclusive) of the window holding {@code timestampMillis}, aligned as Flink's tumbling windows. */
  long windowEnd(long timestampMillis) {
    return Windows.endOf(timestampMillis, window);
  }
}
