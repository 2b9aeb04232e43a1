package io.causeway.jobs.detection;

import io.causeway.avro.Anomaly;
import io.causeway.avro.Severity;
import io.causeway.avro.SignalKind;
import io.causeway.core.detection.SeriesPoint;
import io.causeway.core.logs.LogTemplate;
import java.time.Instant;

/**
 * The signals made of mined log templates, as records the rest of the pipeline knows: a {@code
 * log.new-template} anomaly, and the per-window points of an error template's series.
 */
final class LogTemplateSignals {

  static final String NEW_TEMPLATE = io.causeway.core.detection.SignalCatalog.NEW_LOG_TEMPLATE;
  static final String TEMPLATE_SERIES = "log.template";

  /**
   * Score of a new-template anomaly. The ranker takes {@code log1p(score)} per signal (capped at
   * 5): 10 weighs about 2.4, as much as a 10-sigma metric anomaly — strong evidence, but one
   * signal, which an anomalous dependency can still explain away.
   */
  static final double NEW_TEMPLATE_SCORE = 10.0;

  /** Template text and line each keep at most this many characters in evidence (hostile lines). */
  static final int EVIDENCE_CHARS = 500;

  private LogTemplateSignals() {}

  /** WARN, ERROR and FATAL lines can announce a new template. */
  static boolean isWarningOrWorse(Severity severity) {
    return severity == Severity.WARN || isError(severity);
  }

  /** ERROR and FATAL lines are counted per template. */
  static boolean isError(Severity severity) {
    return severity == Severity.ERROR || severity == Severity.FATAL;
  }

  /**
   * The anomaly for a new {@code template} of {@code service}, first seen at {@code firstMillis} in
   * {@code firstLine} and confirmed at {@code confirmedMillis}; same template and first line, same id.
   */
  static Anomaly newTemplate(String service, LogTemplate template, long firstMillis, String firstLine, long confirmedMillis) {
    return Anomaly.newBuilder()
        .setId(SeriesDetectorFunction.anomalyId(service + "/" + NEW_TEMPLATE + "/" + template.id(), firstMillis))
        .setService(service)
        .setSignal(NEW_TEMPLATE)
        .setKind(SignalKind.LOG)
        .setEdge(null)
        .setOnset(Instant.ofEpochMilli(firstMillis))
        .setDetectedAt(Instant.ofEpochMilli(confirmedMillis))
        .setScore(NEW_TEMPLATE_SCORE)
        .setObserved(template.count())
        .setExpected(0.0)
        .setSample(sample(template.text(), firstLine))
        .build();
  }

  /** One window's count of an error template: {@code <service>/log.template/<id>}, kind LOG. */
  static SeriesPoint templateCount(String service, LogTemplate template, long windowEnd, long count, String sampleLine) {
    String signal = TEMPLATE_SERIES + "/" + template.id();
    return new SeriesPoint(service + "/" + signal, service, signal, SignalKind.LOG.name(), windowEnd, count, sample(template.text(), sampleLine));
  }

  /** Evidence text: {@code template: <text> | line: <line>}, the line left out when there is none. */
  static String sample(String templateText, String line) {
    String evidence = "template: " + clip(templateText);
    return line == null ? evidence : evidence + " | line: " + clip(line);
  }

  static String clip(String text) {
    return clip(text, EVIDENCE_CHARS);
  }

  static String clip(String text, int maxChars) {
    return text.length() <= maxChars ? text : text.substring(0, maxChars) + "…";
  }
}
