package io.causeway.jobs.detection;

import io.causeway.core.logs.MinerSettings;
import io.causeway.jobs.CausewayOptions;
import io.causeway.jobs.JobSettings;
import java.io.Serializable;
import java.time.Duration;

/**
 * How {@link LogTemplateFunction} mines and judges a service's log templates; checked when built,
 * with messages naming the configuration key to fix.
 *
 * @param window width of a count window; each window is one point of a template's series
 * @param warmUpLines lines a service's miner learns from before new templates are reported
 * @param confirmLines lines a new template needs within {@code confirmWithin} of its first to be reported
 * @param confirmWithin event time from a new template's first line in which it must be confirmed
 * @param miner the miner's settings, its template cap among them
 * @param stateTtl a service's miner is dropped after this long without a log line
 */
record LogTemplateSettings(
    Duration window, int warmUpLines, int confirmLines, Duration confirmWithin, MinerSettings miner, Duration stateTtl)
    implements Serializable {

  LogTemplateSettings {
    Windows.requirePositive(window, CausewayOptions.WINDOW.key());
    Windows.requirePositive(confirmWithin, CausewayOptions.LOG_CONFIRM_WITHIN.key());
    if (confirmLines < 1) {
      throw new IllegalArgumentException(
          CausewayOptions.LOG_CONFIRM_LINES.key() + " must be at least 1 line, was " + confirmLines);
    }
    Windows.requirePositive(stateTtl, CausewayOptions.SERIES_TTL.key());
    if (warmUpLines < 0) {
      throw new IllegalArgumentException(
          CausewayOptions.LOG_WARM_UP_LINES.key() + " must be 0 or more log lines, was " + warmUpLines);
    }
  }

  static LogTemplateSettings from(JobSettings settings) {
    int maxTemplates = settings.get(CausewayOptions.LOG_MAX_TEMPLATES);
    if (maxTemplates < 1) {
      throw new IllegalArgumentException(
          CausewayOptions.LOG_MAX_TEMPLATES.key() + " must be at least 1 template per service, was " + maxTemplates);
    }
    MinerSettings defaults = MinerSettings.DEFAULT;
    return new LogTemplateSettings(
        settings.get(CausewayOptions.WINDOW),
        settings.get(CausewayOptions.LOG_WARM_UP_LINES),
        settings.get(CausewayOptions.LOG_CONFIRM_LINES),
        settings.get(CausewayOptions.LOG_CONFIRM_WITHIN),
        new MinerSettings(defaults.similarity(), maxTemplates, defaults.maxChildren(), defaults.maxTokens()),
        settings.get(CausewayOptions.SERIES_TTL));
  }

  /** End (exclusive) of the window holding {@code timestampMillis}, aligned as Flink's tumbling windows. */
  long windowEnd(long timestampMillis) {
    return Windows.endOf(timestampMillis, window);
  }
}
