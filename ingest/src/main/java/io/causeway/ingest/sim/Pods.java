package io.causeway.ingest.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pod names in the form Kubernetes gives Deployment pods, {@code
 * cartservice-5b7d8c9f4-x2k9p}: fixed per service for a given seed.
 */
final class Pods {

  /** The alphabet Kubernetes uses for generated name suffixes (no vowels, no 0/1/3). */
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final Map<String, String> names;

  Pods(long seed) {
    SeededRandom random = SeededRandom.stream(seed, 5);
    Map<String, String> pods = new LinkedHashMap<>();
    for (String service : OnlineBoutique.services()) {
      pods.put(service, service + "-" + random.chars(ALPHABET, 9) + "-"
          + random.chars(ALPHABET, 5));
    }
    this.names = Map.copyOf(pods);
  }

  String of(String service) {
    String pod = names.get(service);
    if (pod == null) {
      throw new IllegalArgumentException("unknown service " + service);
    }
    return pod;
  }
}
