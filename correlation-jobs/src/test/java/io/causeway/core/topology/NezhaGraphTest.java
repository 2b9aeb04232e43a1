package io.causeway.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.causeway.avro.Span;
import io.causeway.ingest.datasets.Datasets;
import io.causeway.ingest.nezha.NezhaTraces;
import io.causeway.ingest.nezha.PodNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
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
    SpanTable table = SpanTable.read(files);
    Set<String> built = new TreeSet<>(graph.build().keySet());

    assertThat(built).isEqualTo(table.crossServiceEdges());
    assertThat(graph.joinedCalls()).isEqualTo(table.crossServiceSpanPairs());
    System.out.printf("nezha graph: %d spans, %d calls joined, %d edges%n", graph.spans(), graph.joinedCalls(), built.size());
  }

  /** Straight from the CSVs: the service is the pod name less its two Kubernetes suffixes. */
  private record SpanTable(Map<String, String> serviceBySpan, Map<String, String> parentBySpan) {

    static SpanTable read(List<Path> files) throws IOException {
      SpanTable table = new SpanTable(new HashMap<>(), new HashMap<>());
      for (Path file : files) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
          reader.readLine();
          for (String line; (line = reader.readLine()) != null; ) {
            String[] f = line.split(",");
            String pod = f[3];
            table.serviceBySpan.put(f[0] + "/" + f[1], pod.substring(0, pod.lastIndexOf('-', pod.lastIndexOf('-') - 1)));
            table.parentBySpan.put(f[0] + "/" + f[1], f[0] + "/" + f[2]);
          }
        }
      }
      return table;
    }

    Set<String> crossServiceEdges() {
      Set<String> pairs = new TreeSet<>();
      parentBySpan.forEach((span, parent) -> {
        if (crosses(span, parent)) {
          pairs.add(serviceBySpan.get(parent) + "->" + serviceBySpan.get(span));
        }
      });
      return pairs;
    }

    long crossServiceSpanPairs() {
      return parentBySpan.entrySet().stream().filter(e -> crosses(e.getKey(), e.getValue())).count();
    }

    private boolean crosses(String span, String parent) {
      String parentService = serviceBySpan.get(parent);
      return parentService != null && !parentService.equals(serviceBySpan.get(span));
    }
  }
}
