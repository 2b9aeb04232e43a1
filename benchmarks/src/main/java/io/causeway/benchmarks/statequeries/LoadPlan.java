package io.causeway.benchmarks.statequeries;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * What the load driver does, handed from the bench to the child JVM as a JSON file: for each
 * target in order, {@code warmup} unmeasured requests, then up to {@code requests} measured ones
 * within {@code seconds}, from {@code concurrency} threads, cycling through the target's paths.
 */
record LoadPlan(String baseUrl, int concurrency, int requests, int seconds, int warmup, List<Target> targets) {

  /** One endpoint under test: its name in the report and the concrete paths (with query) to request. */
  record Target(String endpoint, List<String> paths) {
    Target {
      if (paths.isEmpty()) {
        throw new IllegalArgumentException("target " + endpoint + " has no paths to request");
      }
      paths = List.copyOf(paths);
    }
  }

  LoadPlan {
    targets = List.copyOf(targets);
    if (concurrency < 1 || requests < 1 || seconds < 1 || warmup < 0) {
      throw new IllegalArgumentException("concurrency, requests and seconds must be at least 1 and warm-up at least 0; were "
          + concurrency + ", " + requests + ", " + seconds + ", " + warmup);
    }
  }

  /** The base URL, checked to point at this machine: the driver only ever loads loopback. */
  URI loopbackBase() {
    URI uri = URI.create(baseUrl);
    try {
      if (!"http".equals(uri.getScheme()) || uri.getHost() == null || !InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
        throw new IllegalArgumentException("the load driver only targets http on loopback, not " + baseUrl);
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host in " + baseUrl, e);
    }
    return uri;
  }
}
