package io.causeway.benchmarks.pipeline;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Span;
import io.causeway.ingest.sim.OnlineBoutique;
import io.causeway.ingest.sim.Simulator;
import io.causeway.ingest.sim.SimulatorConfig;
import io.causeway.ingest.sim.TelemetrySink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Traffic of many services: copies of the Online Boutique simulator ("shops"), each with its own
 * seed and its services renamed {@code shop-007-frontend}, so that {@code services} services (rounded
 * up to whole shops) send metrics, logs, traces and changes side by side. Each shop is the
 * simulator unchanged: its traces, its metric interval, its change during warm-up.
 */
final class ServiceFleet {

  private final List<Simulator> shops = new ArrayList<>();
  private final int services;

  ServiceFleet(int services, double requestsPerShop, long seed, Instant start, TelemetrySink target) {
    int perShop = OnlineBoutique.services().size();
    int count = Math.max(1, (services + perShop - 1) / perShop);
    for (int shop = 0; shop < count; shop++) {
      SimulatorConfig config = SimulatorConfig.builder().seed(seed + shop).requestsPerSecond(requestsPerShop).start(start).build();
      shops.add(new Simulator(config, new Renamed(String.format(Locale.ROOT, "shop-%03d-", shop), target)));
    }
    this.services = count * perShop;
  }

  /** How many services the fleet has: whole shops. */
  int services() {
    return services;
  }

  /** Generates the next {@code simulated} time of every shop, one shop after the other. */
  void advance(Duration simulated) {
    shops.forEach(shop -> shop.advance(simulated));
  }

  /** Puts a shop's prefix before every service name (and the pod names derived from them) a record carries. */
  private static final class Renamed implements TelemetrySink {
    private final String prefix;
    private final TelemetrySink target;

    Renamed(String prefix, TelemetrySink target) {
      this.prefix = prefix;
      this.target = target;
    }

    @Override
    public void span(Span span) {
      Span.Builder renamed = Span.newBuilder(span).setService(prefix + span.getService()).setAttributes(attributes(span.getAttributes(), "server.address"));
      if (span.getInstance() != null) {
        renamed.setInstance(prefix + span.getInstance());
      }
      if (span.getPeerService() != null) {
        renamed.setPeerService(prefix + span.getPeerService());
      }
      target.span(renamed.build());
    }

    @Override
    public void metric(MetricPoint point) {
      target.metric(MetricPoint.newBuilder(point).setService(prefix + point.getService()).setLabels(attributes(point.getLabels(), "pod")).build());
    }

    @Override
    public void log(LogRecord record) {
      target.log(LogRecord.newBuilder(record).setService(prefix + record.getService()).setAttributes(attributes(record.getAttributes(), "k8s.pod.name")).build());
    }

    @Override
    public void change(ChangeEvent change) {
      target.change(ChangeEvent.newBuilder(change).setService(prefix + change.getService()).setId(prefix + change.getId()).build());
    }

    /** A copy of {@code attributes} with the value under {@code naming} (a service or pod name) prefixed. */
    private Map<String, String> attributes(Map<String, String> attributes, String naming) {
      if (attributes == null || !attributes.containsKey(naming)) {
        return attributes;
      }
      Map<String, String> renamed = new TreeMap<>(attributes);
      renamed.put(naming, prefix + attributes.get(naming));
      return renamed;
    }

    @Override
    public void flush() {
      target.flush();
    }

    @Override
    public void close() {}
  }
}
