package io.causeway.launcher;

import io.causeway.ingest.sim.FaultSpec;
import io.causeway.ingest.sim.FaultType;
import java.util.List;
import java.util.Random;

/** The fault a demo injects when none is named: one of a few instructive ones, by seed. */
final class DefaultFault {

  private static final List<FaultSpec> INSTRUCTIVE =
      List.of(
          new FaultSpec("productcatalogservice", FaultType.LATENCY),
          new FaultSpec("paymentservice", FaultType.ERRORS),
          new FaultSpec("currencyservice", FaultType.CPU),
          new FaultSpec("cartservice", FaultType.BAD_DEPLOY));

  private DefaultFault() {}

  static FaultSpec forSeed(long seed) {
    return INSTRUCTIVE.get(new Random(seed).nextInt(INSTRUCTIVE.size()));
  }
}
