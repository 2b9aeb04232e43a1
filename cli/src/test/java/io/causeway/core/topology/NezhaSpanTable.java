package io.causeway.core.topology;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * The expected graph of Nezha span tables, computed independently of our code: straight from the
 * CSVs, with the service taken as the pod name less its two Kubernetes suffixes.
 */
public record NezhaSpanTable(Map<String, String> serviceBySpan, Map<String, String> parentBySpan) {

  public static NezhaSpanTable read(List<Path> files) throws IOException {
    NezhaSpanTable table = new NezhaSpanTable(new HashMap<>(), new HashMap<>());
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

  /** Every {@code parentService->childService} pair of a span whose parent is in another service. */
  public Set<String> crossServiceEdges() {
    Set<String> pairs = new TreeSet<>();
    parentBySpan.forEach((span, parent) -> {
      if (crosses(span, parent)) {
        pairs.add(serviceBySpan.get(parent) + "->" + serviceBySpan.get(span));
      }
    });
    return pairs;
  }

  public long crossServiceSpanPairs() {
    return parentBySpan.entrySet().stream().filter(e -> crosses(e.getKey(), e.getValue())).count();
  }

  private boolean crosses(String span, String parent) {
    String parentService = serviceBySpan.get(parent);
    return parentService != null && !parentService.equals(serviceBySpan.get(span));
  }
}
