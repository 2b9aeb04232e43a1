package io.causeway.ingest.sim;

import static io.causeway.ingest.sim.OnlineBoutique.AD;
import static io.causeway.ingest.sim.OnlineBoutique.CART;
import static io.causeway.ingest.sim.OnlineBoutique.CHECKOUT;
import static io.causeway.ingest.sim.OnlineBoutique.CURRENCY;
import static io.causeway.ingest.sim.OnlineBoutique.EMAIL;
import static io.causeway.ingest.sim.OnlineBoutique.FRONTEND;
import static io.causeway.ingest.sim.OnlineBoutique.PAYMENT;
import static io.causeway.ingest.sim.OnlineBoutique.PRODUCT_CATALOG;
import static io.causeway.ingest.sim.OnlineBoutique.RECOMMENDATION;
import static io.causeway.ingest.sim.OnlineBoutique.SHIPPING;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.ChangeType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The change events of a run: one harmless feature-flag flip on a service away from the fault
 * during the warm-up (so "blame the latest change" is not a winning strategy), and for a {@code
 * bad-deploy} fault the deploy of the target at fault start.
 */
final class ChangeSchedule {

  static final String SOURCE = "simulator";

  /** Services a harmless flag flip may land on, in order of preference. */
  private static final List<String> BENIGN_CANDIDATES = List.of(AD, EMAIL);

  private static final Map<String, String> BENIGN_FLAGS =
      Map.of(
          AD, "feature flag ads.contextual-targeting switched from off to on",
          EMAIL, "feature flag email.html-template-v2 enabled for 10% of recipients");

  private static final List<String> AUTHORS =
      List.of("maria.ortiz", "devon.park", "ana.silva", "li.wei", "sam.okafor");

  private static final Map<String, String> DEPLOY_NOTES =
      Map.of(
          FRONTEND, "render product tiles from a shared view model",
          CART, "move cart serialisation to System.Text.Json",
          PRODUCT_CATALOG, "lazy-load the catalog and cache parsed products",
          CURRENCY, "read conversion rates from the new rates feed",
          PAYMENT, "validate card expiry with the new card library",
          SHIPPING, "compute quotes per item weight",
          EMAIL, "switch confirmation mails to the new template engine",
          CHECKOUT, "prepare order items concurrently",
          RECOMMENDATION, "filter recommendations by stock level",
          AD, "serve ads from the new targeting index");

  /** A change and the simulated instant, in microseconds, it happens. */
  record Scheduled(long atMicros, ChangeEvent event) {}

  private ChangeSchedule() {}

  static List<Scheduled> plan(SimulatorConfig config, long startMicros) {
    SeededRandom rng = SeededRandom.stream(config.seed(), 4);
    long faultMicros = startMicros + micros(config.faultAfter().toNanos());
    List<Scheduled> changes = new ArrayList<>();
    long benignAt = startMicros + (faultMicros - startMicros) / 3;
    changes.add(benign(benignTarget(config.fault()), benignAt, rng));
    config.faults().stream()
        .filter(fault -> fault.type() == FaultType.BAD_DEPLOY)
        .forEach(fault -> changes.add(deploy(fault.service(), faultMicros, rng)));
    changes.sort(Comparator.comparingLong(Scheduled::atMicros));
    return List.copyOf(changes);
  }

  /** The first candidate that is neither the fault target nor one of its direct neighbours. */
  static String benignTarget(Optional<FaultSpec> fault) {
    if (fault.isEmpty()) {
      return BENIGN_CANDIDATES.get(0);
    }
    String target = fault.get().service();
    return BENIGN_CANDIDATES.stream()
        .filter(candidate -> !candidate.equals(target))
        .filter(candidate -> !OnlineBoutique.callers(candidate).contains(target))
        .filter(candidate -> !OnlineBoutique.callees(candidate).contains(target))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no unrelated service for " + target));
  }

  private static Scheduled benign(String service, long atMicros, SeededRandom rng) {
    return new Scheduled(
        atMicros,
        event(service, ChangeType.FLAG, atMicros, null, rng.pick(AUTHORS),
            BENIGN_FLAGS.get(service)));
  }

  private static Scheduled deploy(String service, long atMicros, SeededRandom rng) {
    String commit = rng.hex(7);
    String version = "v0.10.3-" + commit;
    String description =
        "rolling update of " + service + " from " + ServiceProfile.of(service).version() + " to "
            + version + ": " + DEPLOY_NOTES.get(service);
    return new Scheduled(
        atMicros,
        event(service, ChangeType.DEPLOY, atMicros, version, rng.pick(AUTHORS), description));
  }

  private static ChangeEvent event(
      String service,
      ChangeType type,
      long atMicros,
      String version,
      String author,
      String description) {
    long millis = Math.floorDiv(atMicros, 1000);
    return ChangeEvent.newBuilder()
        .setId("sim-" + type.name().toLowerCase(Locale.ROOT) + "-" + service + "-" + millis)
        .setService(service)
        .setType(type)
        .setTimestamp(TraceGenerator.instant(atMicros))
        .setVersion(version)
        .setAuthor(author)
        .setDescription(description)
        .setSource(SOURCE)
        .build();
  }

  static long micros(long nanos) {
    return Math.floorDiv(nanos, 1000);
  }
}
