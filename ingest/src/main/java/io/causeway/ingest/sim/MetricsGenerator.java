package io.causeway.ingest.sim;

import io.causeway.avro.MetricPoint;
import io.causeway.avro.MetricType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Container metrics per service: CPU utilisation from a base load plus the request rate served in
 * the last interval, and a memory working set that drifts slowly around its typical size. The
 * fault model may pin a service's CPU near saturation.
 */
final class MetricsGenerator {

  static final String CPU = "container.cpu.utilization";
  static final String MEMORY = "container.memory.working_set";

  private static final double CPU_NOISE = 0.015;
  private static final double CPU_FLOOR = 0.005;
  private static final double MEMORY_PULL = 0.05;
  private static final double MEMORY_STEP = 0.004;
  private static final double MEMORY_NOISE = 0.002;

  private final SeededRandom rng;
  private final Pods pods;
  private final FaultModel faults;
  /** Current drifting working set per service; one entry per service, so bounded. */
  private final Map<String, Double> memory = new LinkedHashMap<>();

  MetricsGenerator(long seed, Pods pods, FaultModel faults) {
    this.rng = SeededRandom.stream(seed, 3);
    this.pods = pods;
    this.faults = faults;
    for (String service : OnlineBoutique.services()) {
      long typical = ServiceProfile.of(service).memoryBytes();
      memory.put(service, typical * (1 + 0.03 * rng.gaussian()));
    }
  }

  /**
   * One CPU and one memory point per service, stamped {@code atMicros}.
   *
   * @param requests requests each service served during the interval that ends now
   */
  List<MetricPoint> sample(long atMicros, Map<String, Integer> requests, double intervalSeconds) {
    List<MetricPoint> points = new ArrayList<>();
    for (String service : OnlineBoutique.services()) {
      double rate = requests.getOrDefault(service, 0) / intervalSeconds;
      points.add(point(service, CPU, atMicros, cpu(service, rate, atMicros), "1"));
      points.add(point(service, MEMORY, atMicros, memory(service), "By"));
    }
    return points;
  }

  private double cpu(String service, double requestsPerSecond, long atMicros) {
    ServiceProfile profile = ServiceProfile.of(service);
    double noise = CPU_NOISE * rng.gaussian();
    double saturated = rng.between(FaultModel.CPU_MIN, FaultModel.CPU_MAX);
    if (faults.saturatesCpu(service, atMicros)) {
      return saturated;
    }
    double load = profile.cpuBase() + profile.cpuPerRps() * requestsPerSecond + noise;
    return Math.min(1.0, Math.max(CPU_FLOOR, load));
  }

  /** A mean-reverting random walk around the typical size, plus measurement noise. */
  private double memory(String service) {
    double typical = ServiceProfile.of(service).memoryBytes();
    double current = memory.get(service);
    current += MEMORY_PULL * (typical - current) + MEMORY_STEP * typical * rng.gaussian();
    memory.put(service, current);
    return Math.rint(current + MEMORY_NOISE * typical * rng.gaussian());
  }

  /** Sorted, so the encoded bytes are the same on every JVM. */
  private Map<String, String> labels(String service) {
    Map<String, String> labels = new TreeMap<>();
    labels.put("namespace", OnlineBoutique.NAMESPACE);
    labels.put("pod", pods.of(service));
    return labels;
  }

  private MetricPoint point(String service, String name, long atMicros, double value, String unit) {
    return MetricPoint.newBuilder()
        .setService(service)
        .setName(name)
        .setLabels(labels(service))
        .setTimestamp(TraceGenerator.instant(atMicros))
        .setValue(value)
        .setType(MetricType.GAUGE)
        .setUnit(unit)
        .build();
  }
}
