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
import static io.causeway.ingest.sim.OnlineBoutique.REDIS_CART;
import static io.causeway.ingest.sim.OnlineBoutique.SHIPPING;

import java.util.Map;

/**
 * How one service behaves when healthy: its own service time per request (lognormal, median and
 * log-spread), CPU as a base load plus a cost per request per second, and memory working set.
 *
 * @param medianMillis median of the service's own time per request, children excluded
 * @param sigma spread of the logarithm of the service time
 * @param cpuBase utilisation with no traffic
 * @param cpuPerRps utilisation added by each request per second it serves
 * @param memoryBytes typical working set
 * @param language implementation language, which decides how its exceptions read
 * @param version image tag running before any simulated deploy
 */
record ServiceProfile(
    String service,
    double medianMillis,
    double sigma,
    double cpuBase,
    double cpuPerRps,
    long memoryBytes,
    Language language,
    String version) {

  enum Language {
    GO,
    JAVA,
    NODE,
    PYTHON,
    CSHARP,
    REDIS
  }

  private static final long MIB = 1024L * 1024L;
  private static final String TAG = "v0.10.2";

  private static final Map<String, ServiceProfile> PROFILES =
      Map.ofEntries(
          entry(FRONTEND, 4.0, 0.5, 0.04, 0.011, 48 * MIB, Language.GO),
          entry(CART, 1.5, 0.5, 0.05, 0.012, 110 * MIB, Language.CSHARP),
          entry(PRODUCT_CATALOG, 0.8, 0.5, 0.02, 0.006, 24 * MIB, Language.GO),
          entry(CURRENCY, 1.2, 0.5, 0.04, 0.006, 64 * MIB, Language.NODE),
          entry(PAYMENT, 1.8, 0.5, 0.03, 0.02, 58 * MIB, Language.NODE),
          entry(SHIPPING, 0.7, 0.5, 0.02, 0.01, 20 * MIB, Language.GO),
          entry(EMAIL, 3.0, 0.5, 0.05, 0.03, 72 * MIB, Language.PYTHON),
          entry(CHECKOUT, 2.0, 0.5, 0.02, 0.03, 26 * MIB, Language.GO),
          entry(RECOMMENDATION, 2.5, 0.5, 0.06, 0.012, 84 * MIB, Language.PYTHON),
          entry(AD, 1.5, 0.5, 0.08, 0.012, 230 * MIB, Language.JAVA),
          entry(REDIS_CART, 0.25, 0.4, 0.01, 0.004, 9 * MIB, Language.REDIS));

  private static Map.Entry<String, ServiceProfile> entry(
      String service,
      double medianMillis,
      double sigma,
      double cpuBase,
      double cpuPerRps,
      long memoryBytes,
      Language language) {
    String version = language == Language.REDIS ? "7.2.4" : TAG;
    return Map.entry(
        service,
        new ServiceProfile(
            service, medianMillis, sigma, cpuBase, cpuPerRps, memoryBytes, language, version));
  }

  static ServiceProfile of(String service) {
    ServiceProfile profile = PROFILES.get(service);
    if (profile == null) {
      throw new IllegalArgumentException("no profile for service " + service);
    }
    return profile;
  }
}
