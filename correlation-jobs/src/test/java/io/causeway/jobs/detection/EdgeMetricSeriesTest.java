package io.causeway.jobs.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Anomaly;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.MetricType;
import io.causeway.avro.SignalKind;
import io.causeway.core.detection.SeriesPoint;
import io.causeway.jobs.Harnesses;
import io.causeway.schemas.EdgeMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Edge metrics (a mesh's per-edge latency, {@link EdgeMetrics}) become edge series, as the edges from traces do. */
class EdgeMetricSeriesTest {

  private static final String EMAIL = "emailservice";
  private static final String CHECKOUT_TO_EMAIL = "checkoutservice->" + EMAIL;
  private static final Instant START = Instant.parse("2022-08-22T05:30:00Z");

  private KeyedOneInputStreamOperatorTestHarness<String, SeriesPoint, Anomaly> detectors;

  @AfterEach
  void closeHarness() throws Exception {
    if (detectors != null) {
      detectors.close();
    }
  }

  @Test
  void anEdgeMetricIsASeriesOfItsEdgeOnTheCallee() {
    SeriesPoint point = DetectionJob.seriesPoint(edgeLatency(0, 3.0, Map.of(EdgeMetrics.CALLER, "checkoutservice")));

    assertThat(point.seriesId()).isEqualTo(CHECKOUT_TO_EMAIL + "/" + EdgeMetrics.LATENCY_P50);
    assertThat(point.service()).isEqualTo(EMAIL);
    assertThat(point.kind()).isEqualTo("LATENCY");
    assertThat(EdgeSeries.edgeOf(point)).isEqualTo(CHECKOUT_TO_EMAIL);
  }

  @Test
  void itsOtherLabelsStillSetItsSeriesApartAndItStillNamesItsEdge() {
    SeriesPoint bySource = DetectionJob.seriesPoint(edgeLatency(0, 3.0, Map.of(EdgeMetrics.CALLER, "checkoutservice", "reporter", "source")));
    SeriesPoint byDestination = DetectionJob.seriesPoint(edgeLatency(0, 3.0, Map.of(EdgeMetrics.CALLER, "checkoutservice", "reporter", "destination")));

    assertThat(bySource.seriesId()).isNotEqualTo(byDestination.seriesId());
    assertThat(EdgeSeries.edgeOf(bySource)).isEqualTo(CHECKOUT_TO_EMAIL);
  }

  @Test
  void aServiceMetricWithLabelsKeepsItsServiceSeries() {
    MetricPoint cpu = MetricPoint.newBuilder(edgeLatency(0, 0.5, Map.of("pod", "emailservice-55fdc5b988-f6xth")))
        .setName("container.cpu.utilization").build();

    SeriesPoint point = DetectionJob.seriesPoint(cpu);

    assertThat(point.seriesId()).isEqualTo(EMAIL + "/container.cpu.utilization,pod=emailservice-55fdc5b988-f6xth");
    assertThat(EdgeSeries.edgeOf(point)).isNull();
  }

  @Test
  void aDelayOnTheCalleesNetworkIsAnAnomalyOfTheCalleeNamingTheEdge() throws Exception {
    // As the caller's proxy saw Online Boutique's email delay: 3 ms a call, then 750 ms for three minutes.
    detectors = Harnesses.keyed(new SeriesDetectorFunction(Duration.ofHours(6), 6), SeriesPoint::seriesId, Types.STRING);
    double[] normal = {3, 3.2, 2.9, 3, 3.1, 3, 2.8, 3, 3.3, 3};
    for (int minute = 0; minute < normal.length; minute++) {
      judge(minute, normal[minute]);
    }
    for (int minute = normal.length; minute < normal.length + 3; minute++) {
      judge(minute, 750);
    }

    assertThat(detectors.extractOutputValues()).singleElement().satisfies(anomaly -> {
      assertThat(anomaly.getService()).isEqualTo(EMAIL);
      assertThat(anomaly.getKind()).isEqualTo(SignalKind.LATENCY);
      assertThat(anomaly.getSignal()).isEqualTo(EdgeMetrics.LATENCY_P50);
      assertThat(anomaly.getEdge()).isEqualTo(CHECKOUT_TO_EMAIL);
    });
  }

  private void judge(int minute, double millis) throws Exception {
    SeriesPoint point = DetectionJob.seriesPoint(edgeLatency(minute, millis, Map.of(EdgeMetrics.CALLER, "checkoutservice")));
    detectors.processElement(point, point.timestampMillis());
  }

  private static MetricPoint edgeLatency(int minute, double millis, Map<String, String> labels) {
    return MetricPoint.newBuilder()
        .setService(EMAIL)
        .setName(EdgeMetrics.LATENCY_P50)
        .setLabels(labels)
        .setTimestamp(START.plus(Duration.ofMinutes(minute)))
        .setValue(millis)
        .setType(MetricType.GAUGE)
        .setUnit("ms")
        .build();
  }
}
