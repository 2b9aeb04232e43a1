package io.causeway.statequeries.query;

import static io.causeway.statequeries.Fixtures.NOW;
import static io.causeway.statequeries.Fixtures.T0;
import static io.causeway.statequeries.Fixtures.T1;
import static io.causeway.statequeries.Fixtures.T2;
import static io.causeway.statequeries.Fixtures.added;
import static io.causeway.statequeries.Fixtures.changed;
import static io.causeway.statequeries.Fixtures.edge;
import static io.causeway.statequeries.Fixtures.removed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.avro.DependencyEdge;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.StoreFixture;
import io.causeway.statequeries.materialize.Retention;
import io.causeway.statequeries.views.EdgeView;
import io.causeway.statequeries.views.Graph;
import io.causeway.statequeries.views.GraphDiff;
import io.causeway.statequeries.views.NodeView;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphQueriesTest {

  private static final DependencyEdge FRONTEND_CART = edge("frontend", "cartservice", 100, 1, 20, T0);
  private static final DependencyEdge FRONTEND_CART_SLOW = edge("frontend", "cartservice", 100, 1, 400, T1);
  private static final DependencyEdge CART_REDIS = edge("cartservice", "redis-cart", 80, 0, 4, T0);
  private static final DependencyEdge FRONTEND_ADS = edge("frontend", "adservice", 50, 0, 10, T1);

  @TempDir Path dir;
  private StoreFixture fixture;
  private GraphQueries graph;

  @BeforeEach
  void history() throws Exception {
    fixture = new StoreFixture(dir);
    graph = new GraphQueries(fixture.store());
    fixture.apply(Topic.DELTAS, null,
        added(FRONTEND_CART, T0), added(CART_REDIS, T0),
        changed(FRONTEND_CART, FRONTEND_CART_SLOW, T1, "latencyP99Ms 20 -> 400"), added(FRONTEND_ADS, T1),
        removed(CART_REDIS, T2));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void rebuildsTheGraphAtEachPastTimeFromTheDeltas() {
    assertThat(graph.at(T0.minusMillis(1)).edges()).isEmpty();
    assertThat(graph.at(T0).edges()).extracting(EdgeView::id).containsExactly("cartservice->redis-cart", "frontend->cartservice");
    assertThat(graph.at(T1).edges()).extracting(EdgeView::id, EdgeView::latencyP99Ms)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("cartservice->redis-cart", 4.0),
            org.assertj.core.groups.Tuple.tuple("frontend->adservice", 10.0),
            org.assertj.core.groups.Tuple.tuple("frontend->cartservice", 400.0));
    assertThat(graph.at(T2).edges()).extracting(EdgeView::id).containsExactly("frontend->adservice", "frontend->cartservice");
  }

  @Test
  void answersNodesWithTheFiguresOfTheCallsTheyReceive() {
    Graph atT1 = graph.at(T1);

    assertThat(atT1.nodes()).extracting(NodeView::id).containsExactly("adservice", "cartservice", "frontend", "redis-cart");
    NodeView cart = atT1.nodes().get(1);
    assertThat(cart.dependencies()).isEqualTo(1);
    assertThat(cart.dependents()).isEqualTo(1);
    assertThat(cart.requestsPerSecond()).isEqualTo(20.0);
    assertThat(cart.errorRatio()).isEqualTo(0.01);
  }

  @Test
  void diffListsAddedRemovedAndChangedEdgesBetweenTwoTimes() {
    GraphDiff diff = graph.diff(T0, T2);

    assertThat(diff.added()).extracting(EdgeView::id).containsExactly("frontend->adservice");
    assertThat(diff.removed()).extracting(EdgeView::id).containsExactly("cartservice->redis-cart");
    assertThat(diff.changed()).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo("frontend->cartservice");
      assertThat(c.before().latencyP99Ms()).isEqualTo(20.0);
      assertThat(c.after().latencyP99Ms()).isEqualTo(400.0);
      assertThat(c.reasons()).containsExactly("latencyP99Ms 20 -> 400");
    });
    assertThat(diff.deltas()).isEqualTo(3);
  }

  @Test
  void diffOfATimeWithItselfIsEmpty() {
    GraphDiff diff = graph.diff(T1, T1);

    assertThat(diff.added()).isEmpty();
    assertThat(diff.removed()).isEmpty();
    assertThat(diff.changed()).isEmpty();
  }

  @Test
  void foldsHistoryOlderThanTheRetentionIntoTheBaseAndStillRebuildsLaterTimes() {
    Graph atT2Before = graph.at(T2);

    Retention.Removed removed = new Retention(fixture.store(), Duration.between(T1.plusSeconds(1), NOW)).run(NOW);

    assertThat(removed.deltasFolded()).isEqualTo(4);
    assertThat(graph.at(T2)).isEqualTo(atT2Before);
    assertThat(graph.at(T1.plusSeconds(1)).edges()).extracting(EdgeView::id)
        .containsExactly("cartservice->redis-cart", "frontend->adservice", "frontend->cartservice");
    assertThatThrownBy(() -> graph.at(T1)).isInstanceOf(OutOfRangeException.class).hasMessageContaining("kept from " + T1.plusSeconds(1));
  }

  @Test
  void aLateDeltaOlderThanTheBaseGoesIntoTheBase() throws Exception {
    new Retention(fixture.store(), Duration.between(T2.plusSeconds(1), NOW)).run(NOW);

    fixture.apply(Topic.DELTAS, null, removed(FRONTEND_ADS, T2));

    assertThat(graph.at(NOW).edges()).extracting(EdgeView::id).containsExactly("frontend->cartservice");
  }

  @Test
  void currentGraphFollowsTheEdgesTopicAndItsTombstones() throws Exception {
    fixture.apply(Topic.EDGES, "frontend->cartservice", FRONTEND_CART, FRONTEND_CART_SLOW);
    fixture.apply(Topic.EDGES, "cartservice->redis-cart", CART_REDIS);
    fixture.applyRaw(Topic.EDGES, "cartservice->redis-cart", null);

    assertThat(graph.current().edges()).extracting(EdgeView::id, EdgeView::latencyP99Ms)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("frontend->cartservice", 400.0));
    assertThat(graph.current().nodes()).extracting(NodeView::id).containsExactly("cartservice", "frontend");
  }
}
