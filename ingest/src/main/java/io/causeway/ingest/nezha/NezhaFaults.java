package io.causeway.ingest.nezha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The ground truth of a Nezha day: {@code <day>-fault_list.json}, faults by hour. Know the data:
 * {@code inject_timestamp} is eight hours off the telemetry's clock (a time-zone slip in the
 * public files), while {@code inject_time} read as UTC matches the traces, logs and metrics — so
 * the injection instant is taken from {@code inject_time}.
 */
public final class NezhaFaults {

  private static final DateTimeFormatter INJECT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** One injected fault: when, on which pod and so which service, and what kind. */
  public record Fault(Instant injectedAt, String pod, String service, String type) {}

  private NezhaFaults() {}

  public static List<Fault> read(Path faultList, PodNames podNames) throws IOException {
    JsonNode hours = new ObjectMapper().readTree(faultList.toFile());
    List<Fault> faults = new ArrayList<>();
    for (JsonNode hour : hours) {
      for (JsonNode fault : hour) {
        String pod = fault.get("inject_pod").asText();
        Instant at = LocalDateTime.parse(fault.get("inject_time").asText(), INJECT_TIME).toInstant(ZoneOffset.UTC);
        faults.add(new Fault(at, pod, podNames.serviceOf(pod), fault.get("inject_type").asText()));
      }
    }
    faults.sort(Comparator.comparing(Fault::injectedAt));
    return faults;
  }
}
