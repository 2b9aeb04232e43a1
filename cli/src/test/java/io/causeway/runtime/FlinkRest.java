package io.causeway.runtime;

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
import java.util.Map;
import java.util.TreeMap;

/** What a user sees of the jobs through Flink's REST API: job states, restarts, operator metrics. */
final class FlinkRest {

  record Job(String id, String name, String state) {}

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  FlinkRest(String webUrl) {
    this.base = webUrl;
  }

  List<Job> jobs() throws IOException, InterruptedException {
    List<Job> jobs = new ArrayList<>();
    for (JsonNode job : get("/jobs/overview").get("jobs")) {
      jobs.add(new Job(job.get("jid").asText(), job.get("name").asText(), job.get("state").asText()));
    }
    return jobs;
  }

  /** The path of the checkpoint the job was started from, if it was restored from one. */
  java.util.Optional<String> restoredFrom(String jobId) throws IOException, InterruptedException {
    JsonNode restored = get("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
    return restored.isMissingNode() || restored.isNull() ? java.util.Optional.empty() : java.util.Optional.of(restored.path("external_path").asText());
  }

  /** The resource ids of the TaskManagers that run some task of the job. */
  java.util.Set<String> taskManagersOf(String jobId) throws IOException, InterruptedException {
    java.util.Set<String> ids = new java.util.TreeSet<>();
    for (JsonNode vertex : get("/jobs/" + jobId).get("vertices")) {
      for (JsonNode taskManager : get("/jobs/" + jobId + "/vertices/" + vertex.get("id").asText() + "/taskmanagers").get("taskmanagers")) {
        ids.add(taskManager.get("taskmanager-id").asText());
      }
    }
    return ids;
  }

  String jobState(String jobId) throws IOException, InterruptedException {
    return get("/jobs/" + jobId).get("state").asText();
  }

  /** The job's failures as Flink's REST API reports them (GET /jobs/{id}/exceptions), as JSON text. */
  String exceptions(String jobId) throws IOException, InterruptedException {
    return get("/jobs/" + jobId + "/exceptions").toString();
  }

  /** The names of the job's vertices (chained operators share one, their names joined). */
  List<String> vertexNames(String jobId) throws IOException, InterruptedException {
    List<String> names = new ArrayList<>();
    for (JsonNode vertex : get("/jobs/" + jobId).get("vertices")) {
      names.add(vertex.get("name").asText());
    }
    return names;
  }

  /** Whether every task of the job runs (a job is RUNNING while its tasks still deploy or restore their state). */
  boolean allTasksRunning(String jobId) throws IOException, InterruptedException {
    for (JsonNode vertex : get("/jobs/" + jobId).get("vertices")) {
      if (!vertex.get("status").asText().equals("RUNNING")) {
        return false;
      }
    }
    return true;
  }

  long completedCheckpoints(String jobId) throws IOException, InterruptedException {
    return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
  }

  long numRestarts(String jobId) throws IOException, InterruptedException {
    JsonNode metric = get("/jobs/" + jobId + "/metrics?get=numRestarts");
    return metric.isEmpty() ? -1 : metric.get(0).get("value").asLong();
  }

  /**
   * The {@code causeway.deadLetters} counters of one job by reason (label {@code reason}), summed
   * over every operator and subtask; empty until Flink's metric fetcher has seen them.
   */
  Map<String, Long> deadLettersByReason(String jobId) throws IOException, InterruptedException {
    Map<String, Long> byReason = new TreeMap<>();
    for (JsonNode vertex : get("/jobs/" + jobId).get("vertices")) {
      String path = "/jobs/" + jobId + "/vertices/" + vertex.get("id").asText() + "/subtasks/metrics";
      List<String> names = new ArrayList<>();
      for (JsonNode metric : get(path)) {
        String name = metric.get("id").asText();
        if (name.endsWith(".deadLetters") && name.contains(".reason.")) {
          names.add(name);
        }
      }
      if (names.isEmpty()) {
        continue;
      }
      JsonNode sums = get(path + "?agg=sum&get=" + URLEncoder.encode(String.join(",", names), StandardCharsets.UTF_8));
      for (JsonNode sum : sums) {
        String name = sum.get("id").asText();
        String reason = name.substring(name.indexOf(".reason.") + ".reason.".length(), name.length() - ".deadLetters".length());
        byReason.merge(reason, Math.round(sum.get("sum").asDouble()), Long::sum);
      }
    }
    return byReason;
  }

  /** Uploads a job jar (POST /jars/upload, as {@code flink run} or the web UI do) and answers its jar id. */
  String uploadJar(java.nio.file.Path jar) throws IOException, InterruptedException {
    String boundary = "causeway-" + System.nanoTime();
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName()
        + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/jars/upload")).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
            HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail)))
        .build();
    String filename = answer("POST /jars/upload", http.send(request, HttpResponse.BodyHandlers.ofString())).get("filename").asText();
    return filename.substring(filename.lastIndexOf('/') + 1);
  }

  /** Runs {@code entryClass} of an uploaded jar with {@code args} (POST /jars/{id}/run) and answers the job id. */
  String runJar(String jarId, String entryClass, List<String> args) throws IOException, InterruptedException {
    return run(jarId, Map.of("entryClass", entryClass, "programArgsList", args));
  }

  /**
   * As {@link #runJar}, restoring the job from {@code savepoint} with {@code allowNonRestoredState}
   * false: the submit fails if any state in the savepoint maps to no operator of the new job.
   */
  String runJarFromSavepoint(String jarId, String entryClass, List<String> args, String savepoint) throws IOException, InterruptedException {
    return run(jarId, Map.of("entryClass", entryClass, "programArgsList", args, "savepointPath", savepoint, "allowNonRestoredState", false));
  }

  /**
   * Stops the job with a savepoint under {@code targetDirectory} (POST /jobs/{id}/stop, without
   * draining: event time does not jump to its end, so windows and timers carry on after the resume),
   * waits for it and answers the savepoint's path.
   */
  String stopWithSavepoint(String jobId, String targetDirectory, Duration patience) throws IOException, InterruptedException {
    String body = json.writeValueAsString(Map.of("targetDirectory", targetDirectory, "drain", false));
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "/stop")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    String trigger = answer("POST /jobs/" + jobId + "/stop", http.send(request, HttpResponse.BodyHandlers.ofString())).get("request-id").asText();
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
      if (status.path("status").path("id").asText().equals("COMPLETED")) {
        JsonNode operation = status.path("operation");
        if (operation.has("failure-cause")) {
          throw new IOException("stop-with-savepoint of " + jobId + " failed: " + operation.get("failure-cause"));
        }
        return operation.get("location").asText();
      }
      Thread.sleep(250);
    }
    throw new IOException("stop-with-savepoint of " + jobId + " did not complete within " + patience);
  }

  private String run(String jarId, Map<String, Object> request) throws IOException, InterruptedException {
    String body = json.writeValueAsString(request);
    HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/jars/" + jarId + "/run")).timeout(Duration.ofSeconds(180))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return answer("POST /jars/" + jarId + "/run", http.send(post, HttpResponse.BodyHandlers.ofString())).get("jobid").asText();
  }

  private JsonNode answer(String what, HttpResponse<String> response) throws IOException {
    if (response.statusCode() / 100 != 2) { // asynchronous operations (stop, savepoint) answer 202 Accepted
      throw new IOException(what + " answered " + response.statusCode() + ": " + response.body());
    }
    return json.readTree(response.body());
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
