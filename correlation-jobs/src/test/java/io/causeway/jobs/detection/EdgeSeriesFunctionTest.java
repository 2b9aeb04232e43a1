package io.causeway.jobs.detection;

import static io.causeway.jobs.Harnesses.keysWithState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.causeway.avro.Anomaly;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.EdgeKind;
import io.causeway.avro.SignalKind;
import io.causeway.core.detection.SeriesPoint;
import io.causeway.jobs.Harnesses;
import io.causeway.jobs.Harnesses.Backend;
import io.causeway.jobs.RecordingMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EdgeSeriesFunctionTest {

  private static final Duration SERIES_TTL = Duration.ofHours(6);
  private static final int MIN_CALLS = 3;
  private static final Duration WINDOW = Duration.ofSeconds(5);

  private static final String CATALOG = "productcatalogservice";
  private static final String FRONTEND_TO_CATALOG = "frontend->" + CATALOG;

  /** Window i of every edge covers [FIRST_WINDOW + i·5s, FIRST_WINDOW + (i+1)·5s). */
  private static final Instant FIRST_WINDOW = Instant.parse("2025-03-01T10:00:00Z");

  /** p90 latency in ms of the healthy edge over ten windows; the detector needs eight to warm up. */
  private static final double[] WARM_UP = {20, 21, 19, 20.5, 19.5, 22, 18, 20, 20.2, 19.8};

  private static final double FAULTY_MS = 60.0;

  private final RecordingMetrics metrics = new RecordingMetrics();
  private KeyedOneInputStreamOperatorTestHarness<String, DependencyEdge, SeriesPoint> edges;
  private KeyedOneInputStreamOperatorTestHarness<String, SeriesPoint, Anomaly> detectors;

  @AfterEach
  void closeHarnesses() throws Exception {
    if (edges != null) {
      edges.close();
    }
    if (detectors != null) {
      detectors.close();
    }
  }

  @Test
  void turnsAnEdgeWindowIntoLatencyErrorAndCallRatePointsOfTheCalleeAtTheWindowEnd() throws Exception {
    openEdges();

    edges.processElement(edge("frontend", CATALOG, 0, 100, 2, 25.0), windowEnd(0).toEpochMilli());

    long end = windowEnd(0).toEpochMilli();
    assertThat(edges.extractOutputValues())
        .extracting(SeriesPoint::seriesId, SeriesPoint::service, SeriesPoint::signal, SeriesPoint::kind, SeriesPoint::timestampMillis, SeriesPoint::value)
        .containsExactly(
            tuple(FRONTEND_TO_CATALOG + "/edge.latency.p90", CATALOG, "edge.latency.p90", "LATENCY", end, 25.0),
            tuple(FRONTEND_TO_CATALOG + "/edge.error.ratio", CATALOG, "edge.error.ratio", "ERRORS", end, 0.02),
            tuple(FRONTEND_TO_CATALOG + "/edge.call.rate", CATALOG, "edge.call.rate", "TRAFFIC", end, 20.0));
  }

  @Test
  void judgesEachWindowOnceWhenTheTopicIsReReadOrTheTopologyJobReplays() throws Exception {
    openEdges();

    process(edge("frontend", CATALOG, 1, 100, 0, 20.0));
    process(edge("frontend", CATALOG, 1, 100, 0, 20.0)); // the same record again
    process(edge("frontend", CATALOG, 0, 100, 0, 20.0)); // an older window, late
    process(edge("frontend", CATALOG, 2, 100, 0, 20.0));

    assertThat(edges.extractOutputValues())
        .extracting(SeriesPoint::timestampMillis)
        .containsExactly(
            windowEnd(1).toEpochMilli(), windowEnd(1).toEpochMilli(), windowEnd(1).toEpochMilli(),
            windowEnd(2).toEpochMilli(), windowEnd(2).toEpochMilli(), windowEnd(2).toEpochMilli());
    assertThat(metrics.causewayCounter("staleEdgeWindows")).isEqualTo(2);
  }

  @Test
  void keepsOnlyTheCallRateOfAWindowWithTooFewCalls() throws Exception {
    openEdges();

    process(edge("frontend", CATALOG, 0, MIN_CALLS - 1, 1, 900.0));

    assertThat(edges.extractOutputValues()).extracting(SeriesPoint::signal).containsExactly("edge.call.rate");
  }

  @Test
  void judgesTheLatencyP90OnlyOfAWindowWithEnoughCallsToHaveOne() throws Exception {
    openEdges();

    process(edge("frontend", CATALOG, 0, EdgeSeries.MIN_CALLS_FOR_P90 - 1, 0, 900.0));
    process(edge("frontend", CATALOG, 1, EdgeSeries.MIN_CALLS_FOR_P90, 0, 20.0));

    assertThat(edges.extractOutputValues()).extracting(p -> p.timestampMillis() == windowEnd(0).toEpochMilli() ? "w0 " + p.signal() : "w1 " + p.signal())
        .containsExactlyInAnyOrder("w0 edge.error.ratio", "w0 edge.call.rate", "w1 edge.latency.p90", "w1 edge.error.ratio", "w1 edge.call.rate");
  }

  @Test
  void keepsTheCallersOfOneServiceApart() throws Exception {
    openEdges();

    process(edge("frontend", CATALOG, 0, 100, 0, 20.0));
    process(edge("checkoutservice", CATALOG, 0, 10, 0, 20.0));
    process(edge("recommendationservice", CATALOG, 0, 50, 0, 20.0));

    assertThat(edges.extractOutputValues()).extracting(SeriesPoint::seriesId).doesNotHaveDuplicates().hasSize(9);
    assertThat(edges.extractOutputValues()).extracting(SeriesPoint::service).containsOnly(CATALOG);
    assertThat(keysWithState(edges, "last-window-end")).isEqualTo(3);
  }

  @Test
  void reportsASlowEdgeOnItsCalleeNamingTheEdgeAndCountsARepeatedWindowOnce() throws Exception {
    openEdges();
    detectors = Harnesses.keyed(new SeriesDetectorFunction(SERIES_TTL, 6), SeriesPoint::seriesId, Types.STRING);
    for (int i = 0; i < WARM_UP.length; i++) {
      judge(edge("frontend", CATALOG, i, 100, 0, WARM_UP[i]));
    }
    int fault = WARM_UP.length;

    for (int i = fault; i < fault + 2; i++) {
      judge(edge("frontend", CATALOG, i, 100, 0, FAULTY_MS));
      judge(edge("frontend", CATALOG, i, 100, 0, FAULTY_MS)); // delivered twice
    }
    assertThat(detectors.extractOutputValues()).as("two slow windows, each seen twice, are two points, not four").isEmpty();
    judge(edge("frontend", CATALOG, fault + 2, 100, 0, FAULTY_MS));

    assertThat(detectors.extractOutputValues())
        .singleElement()
        .satisfies(
            anomaly -> {
              assertThat(anomaly.getService()).isEqualTo(CATALOG);
              assertThat(anomaly.getSignal()).isEqualTo("edge.latency.p90");
              assertThat(anomaly.getKind()).isEqualTo(SignalKind.LATENCY);
              assertThat(anomaly.getEdge()).isEqualTo(FRONTEND_TO_CATALOG);
              assertThat(anomaly.getOnset()).as("the slow window's start, where the one before ended").isEqualTo(windowEnd(fault - 1));
              assertThat(anomaly.getObserved()).isEqualTo(FAULTY_MS);
              assertThat(anomaly.getId())
                  .isEqualTo(SeriesDetectorFunction.anomalyId(FRONTEND_TO_CATALOG + "/edge.latency.p90", windowEnd(fault - 1).toEpochMilli()));
            });
  }

  @Test
  void namesAnEdgeOnlyForEdgeSeries() {
    SeriesPoint edgePoint = EdgeSeries.points(edge("frontend", CATALOG, 0, 100, 0, 20.0), MIN_CALLS).get(0);
    SeriesPoint serviceLatency = new SeriesPoint(CATALOG + "/red.latency.p90", CATALOG, "red.latency.p90", "LATENCY", 0, 20, null);
    SeriesPoint metricNamedLikeAnEdgeSignal = new SeriesPoint(CATALOG + "/edge.latency.p90", CATALOG, "edge.latency.p90", "LATENCY", 0, 20, null);

    assertThat(EdgeSeries.edgeOf(edgePoint)).isEqualTo(FRONTEND_TO_CATALOG);
    assertThat(EdgeSeries.edgeOf(serviceLatency)).isNull();
    assertThat(EdgeSeries.edgeOf(metricNamedLikeAnEdgeSignal)).isNull();
  }

  // ---------------------------------------------------------------------------------------------

  private void openEdges() throws Exception {
    edges =
        Harnesses.keyed(
            new EdgeSeriesFunction(SERIES_TTL, MIN_CALLS), EdgeSeries::key, Types.STRING, Backend.ROCKSDB, null, metrics.environment());
  }

  private void process(DependencyEdge edge) throws Exception {
    edges.processElement(edge, edge.getWindowEnd().toEpochMilli());
  }

  /** Through the edge function, then what it emits through the detectors. */
  private void judge(DependencyEdge edge) throws Exception {
    process(edge);
    List<SeriesPoint> points = edges.extractOutputValues();
    edges.getOutput().clear();
    for (SeriesPoint point : points) {
      detectors.processElement(point, point.timestampMillis());
    }
  }

  /** Window {@code index} of {@code caller->callee}, as the topology job writes it. */
  private static DependencyEdge edge(String caller, String callee, int index, long calls, long errors, double p90Ms) {
    Instant start = FIRST_WINDOW.plus(WINDOW.multipliedBy(index));
    return DependencyEdge.newBuilder()
        .setCaller(caller)
        .setCallee(callee)
        .setKind(EdgeKind.RPC)
        .setWindowStart(start)
        .setWindowEnd(start.plus(WINDOW))
        .setCalls(calls)
        .setErrors(errors)
        .setCallsPerSecond(calls / (double) WINDOW.toSeconds())
        .setErrorRatio(errors / (double) calls)
        .setLatencyP50Ms(p90Ms * 0.8)
        .setLatencyP90Ms(p90Ms)
        .setLatencyP99Ms(p90Ms * 1.5)
        .setFirstSeen(FIRST_WINDOW)
        .setLastSeen(start.plus(WINDOW))
        .build();
  }

  private static Instant windowEnd(int index) {
    return FIRST_WINDOW.plus(WINDOW.multipliedBy(index + 1));
  }
}
