package io.causeway.statequeries.query;

import static io.causeway.statequeries.Fixtures.NOW;
import static io.causeway.statequeries.Fixtures.T0;
import static io.causeway.statequeries.Fixtures.T1;
import static io.causeway.statequeries.Fixtures.T2;
import static io.causeway.statequeries.Fixtures.T3;
import static io.causeway.statequeries.Fixtures.anomaly;
import static io.causeway.statequeries.Fixtures.change;
import static io.causeway.statequeries.Fixtures.edge;
import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Anomaly;
import io.causeway.avro.ChangeEvent;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.StoreFixture;
import io.causeway.statequeries.materialize.Retention;
import io.causeway.statequeries.views.EdgeView;
import io.causeway.statequeries.views.PageRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceQueriesTest {

  @TempDir Path dir;
  private StoreFixture fixture;
  private ServiceQueries services;

  @BeforeEach
  void open() throws Exception {
    fixture = new StoreFixture(dir);
    services = new ServiceQueries(fixture.store(), new GraphQueries(fixture.store()), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(2));
    fixture.apply(Topic.EDGES, null,
        edge("frontend", "cartservice", 100, 10, 50, T3),
        edge("checkoutservice", "cartservice", 100, 0, 200, T3),
        edge("cartservice", "redis-cart", 80, 0, 4, T3));
    fixture.apply(Topic.ANOMALIES, "cartservice",
        anomaly("a-old", "cartservice", T0, T1),
        anomaly("a-open", "cartservice", T2, NOW.minusSeconds(30)));
    fixture.apply(Topic.ANOMALIES, "cart", anomaly("a-prefix", "cart", T2, NOW));
    fixture.apply(Topic.CHANGES, "cartservice", change("c-1", "cartservice", T1), change("c-2", "cartservice", T2), change("c-3", "cartservice", T3));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void describesAServiceByItsEdgesFiguresOpenAnomaliesAndRecentChanges() {
    ServiceView cart = services.service("cartservice", T1.plusSeconds(1), 10).orElseThrow();

    assertThat(cart.dependencies()).extracting(EdgeView::callee).containsExactly("redis-cart");
    assertThat(cart.dependents()).extracting(EdgeView::caller).containsExactlyInAnyOrder("frontend", "checkoutservice");
    assertThat(cart.red().requestsPerSecond()).isEqualTo(40.0);
    assertThat(cart.red().errorRatio()).isEqualTo(0.05);
    assertThat(cart.red().latencyP99Ms()).isEqualTo(200.0);
    assertThat(cart.openAnomalies()).extracting(a -> a.getId().toString()).containsExactly("a-open");
    assertThat(cart.recentChanges()).extracting(c -> c.getId().toString()).containsExactly("c-3", "c-2");
  }

  @Test
  void anUnknownServiceHasNoView() {
    assertThat(services.service("nosuchservice", T0, 10)).isEmpty();
  }

  @Test
  void listsAnomaliesOfOneServiceOrAllByOnsetWithinTheRange() {
    assertThat(services.anomalies("cartservice", T0, NOW, new PageRequest(10, 0)).items())
        .extracting(a -> a.getId().toString()).containsExactly("a-old", "a-open");
    assertThat(services.anomalies("cartservice", T1, NOW, new PageRequest(10, 0)).items())
        .extracting(a -> a.getId().toString()).containsExactly("a-open");
    assertThat(services.anomalies(null, T2, T2, new PageRequest(10, 0)).items())
        .extracting(a -> a.getId().toString()).containsExactly("a-prefix", "a-open");
    assertThat(services.openAnomalyCounts()).containsExactly(java.util.Map.entry("cart", 1), java.util.Map.entry("cartservice", 1));
  }

  @Test
  void retentionDropsAnomaliesAndChangesOlderThanItByTheirLatestTime() {
    Retention.Removed removed = new Retention(fixture.store(), Duration.between(T1.plusSeconds(1), NOW)).run(NOW);

    assertThat(removed.anomalies()).isEqualTo(1);
    assertThat(removed.changes()).isEqualTo(1);
    assertThat(services.anomalies("cartservice", T0, NOW, new PageRequest(10, 0)).items()).extracting(Anomaly::getId).hasSize(1);
    assertThat(services.recentChanges("cartservice", T0, 10)).extracting(ChangeEvent::getId).hasSize(2);
  }
}
