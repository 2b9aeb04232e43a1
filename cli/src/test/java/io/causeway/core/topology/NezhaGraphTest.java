package io.causeway.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.causeway.avro.Span;
import io.causeway.ingest.datasets.Datasets;
import io.causeway.ingest.nezha.NezhaTraces;
import io.causeway.ingest.nezha.PodNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * On the public TrainTicket traces, the edges built with the topology job's rules are exactly the
 * cross-service parent→child pairs of the span tables, computed here independently.
 */
class NezhaGraphTest {

  @Test
  void edgesEqualTheCrossServiceParentChildPairsOfTheSpanTables() throws IOException {
    Optional<Path> nezha = Datasets.dataset("nezha");
    assumeTrue(nezha.isPresent(), Datasets.whereToGet("nezha"));
    List<Path> files = NezhaTraces.traceFiles(nezha.get());
    assertThat(files).as("trace files under %s", nezha.get()).hasSizeGreaterThan(10);
    assertThat(files).anySatisfy(f -> assertThat(f.toString()).contains("normal"));

    GraphBuilder graph = new GraphBuilder();
    NezhaTraces reader = new NezhaTraces(PodNames.defaults());
    for (Path file : files) {
      for (Span span : reader.read(file)) {
        graph.add(SpanViews.of(span));
      }
    }
    NezhaSpanTable table = NezhaSpanTable.read(files);
    Set<String> built = new TreeSet<>(graph.build().keySet());

    assertThat(built).isEqualTo(table.crossServiceEdges());
    assertThat(graph.joinedCalls()).isEqualTo(table.crossServiceSpanPairs());
    System.out.printf("nezha graph: %d spans, %d calls joined, %d edges%n", graph.spans(), graph.joinedCalls(), built.size());
  }
}
