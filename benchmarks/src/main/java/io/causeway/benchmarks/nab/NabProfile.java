package io.causeway.benchmarks.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One of NAB's application profiles: the weights of a detected window (A_TP), a false positive
 * (A_FP) and a missed window (A_FN), as in NAB's {@code config/profiles.json}.
 */
public record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight) {

  public static final String STANDARD = "standard";
  public static final String LOW_FP = "reward_low_FP_rate";
  public static final String LOW_FN = "reward_low_FN_rate";

  public NabProfile {
    if (tpWeight <= 0 || fpWeight < 0 || fnWeight < 0) {
      throw new IllegalArgumentException("profile " + name + ": weights must be tp > 0, fp >= 0, fn >= 0");
    }
  }

  /** Reads every profile of a NAB {@code profiles.json}, in file order. */
  public static List<NabProfile> read(Path profilesJson) throws IOException {
    JsonNode root = new ObjectMapper().readTree(profilesJson.toFile());
    List<NabProfile> profiles = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode costs = entry.getValue().path("CostMatrix");
      profiles.add(new NabProfile(
          entry.getKey(),
          required(costs, "tpWeight", profilesJson),
          required(costs, "fpWeight", profilesJson),
          required(costs, "fnWeight", profilesJson)));
    }
    return profiles;
  }

  private static double required(JsonNode costs, String field, Path file) {
    JsonNode value = costs.get(field);
    if (value == null || !value.isNumber()) {
      throw new IllegalArgumentException(file + ": a profile's CostMatrix has no numeric " + field);
    }
    return value.asDouble();
  }
}
