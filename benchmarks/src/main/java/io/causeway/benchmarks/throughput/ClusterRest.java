package io.causeway.benchmarks.throughput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a benchmark reads of a running job through Flink's REST API: its tasks' names (to tell
 * which job a task thread belongs to) and an operator counter summed over subtasks, for jobs in
 * other processes where {@link LiveCounters} cannot reach. The JobManager serves metrics as its
 * fetcher last saw them ({@code metrics.fetcher.update-interval}).
 */
public final class ClusterRest {

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  public ClusterRest(String restUrl) {
    this.base = restUrl;
  }

  /** The names of the job's tasks (chains of operators), as their threads are named. */
  public List<String> taskNames(String jobId) throws IOException, InterruptedException {
    List<String> names = new ArrayList<>();
    for (JsonNode vertex : get("/jobs/" + jobId).get("vertices")) {
      names.add(vertex.get("name").asText());
    }
    return names;
  }

  /**
   * The sum over subtasks (and over tasks) of every operator metric of the job whose name ends with
   * {@code suffix} (e.g. {@code ".causeway.spans"}); 0 while the fetcher has not seen one yet.
   */
  public long operatorMetricSum(String jobId, String suffix) throws IOException, InterruptedException {
    long sum = 0;
    for (JsonNode vertex : get("/jobs/" + jobId).get("vertices")) {
      String path = "/jobs/" + jobId + "/vertices/" + vertex.get("id").asText() + "/subtasks/metrics";
      List<String> names = new ArrayList<>();
      for (JsonNode metric : get(path)) {
        if (metric.get("id").asText().endsWith(suffix)) {
          names.add(metric.get("id").asText());
        }
      }
      if (!names.isEmpty()) {
        for (JsonNode value : get(path + "?agg=sum&get=" + URLEncoder.encode(String.join(",", names), StandardCharsets.UTF_8))) {
          sum += Math.round(value.get("sum").asDouble());
        }
      }
    }
    return sum;
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return json.readTree(response.body());
  }
}
