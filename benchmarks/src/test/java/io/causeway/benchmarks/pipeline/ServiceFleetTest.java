package io.causeway.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Span;
import io.causeway.ingest.sim.InMemoryTelemetrySink;
import io.causeway.ingest.sim.OnlineBoutique;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ServiceFleetTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  private static InMemoryTelemetrySink run(int services, Duration simulated) {
    InMemoryTelemetrySink sink = new InMemoryTelemetrySink();
    new ServiceFleet(services, 5, 7, START, sink).advance(simulated);
    return sink;
  }

  @Test
  void roundsServicesUpToWholeShopsAndEveryServiceSendsSpansLogsAndMetrics() {
    int perShop = OnlineBoutique.services().size();
    InMemoryTelemetrySink sink = run(3 * perShop - 1, Duration.ofSeconds(60));

    assertThat(new ServiceFleet(3 * perShop - 1, 5, 7, START, new InMemoryTelemetrySink()).services()).isEqualTo(3 * perShop);
    Set<String> metricServices = sink.metrics().stream().map(m -> m.getService().toString()).collect(Collectors.toSet());
    assertThat(metricServices).hasSize(3 * perShop).allMatch(s -> s.matches("shop-00[0-2]-.+"));
    assertThat(sink.logs()).isNotEmpty().allMatch(log -> metricServices.contains(log.getService().toString()));
    assertThat(sink.spans().stream().map(s -> s.getService().toString()).collect(Collectors.toSet())).isSubsetOf(metricServices).hasSizeGreaterThan(2 * perShop);
  }

  /** A shop's calls stay inside it: the topology sees copies of one graph side by side, not one graph with more traffic. */
  @Test
  void callsAndTracesStayWithinTheirShop() {
    InMemoryTelemetrySink sink = run(2 * OnlineBoutique.services().size(), Duration.ofSeconds(30));

    Map<String, Set<String>> shopsByTrace = sink.spans().stream().collect(Collectors.groupingBy(s -> s.getTraceId().toString(),
        Collectors.mapping(s -> shop(s.getService().toString()), Collectors.toSet())));
    assertThat(shopsByTrace).isNotEmpty().allSatisfy((trace, shops) -> assertThat(shops).hasSize(1));
    for (Span span : sink.spans()) {
      if (span.getPeerService() != null) {
        assertThat(shop(span.getPeerService().toString())).isEqualTo(shop(span.getService().toString()));
      }
      if (span.getAttributes().containsKey("server.address")) {
        assertThat(span.getAttributes().get("server.address").toString()).isEqualTo(span.getPeerService().toString());
      }
    }
  }

  private static String shop(String service) {
    return service.substring(0, "shop-000".length());
  }
}
