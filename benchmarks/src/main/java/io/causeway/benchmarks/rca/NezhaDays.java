package io.causeway.benchmarks.rca;

import io.causeway.ingest.nezha.NezhaFaults;
import io.causeway.ingest.nezha.NezhaFaults.Fault;
import io.causeway.ingest.nezha.NezhaReplay;
import io.causeway.ingest.nezha.PodNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The Nezha days a replay bench runs: where they are, their faults, and how much of each to replay. */
final class NezhaDays {

  private static final String FAULT_LIST = ".*fault_list\\.json";

  private NezhaDays() {}

  /** Every day folder (one with a {@code *fault_list.json}) at or one level below {@code root}, in name order. */
  static List<Path> under(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root, 2)) {
      return files.filter(p -> p.getFileName().toString().matches(FAULT_LIST)).map(Path::getParent).sorted().toList();
    }
  }

  /** The day's faults in injection order; only the first {@code firstFaults} when that is set. */
  static List<Fault> faults(Path day, Integer firstFaults) throws IOException {
    Path list;
    try (Stream<Path> files = Files.list(day)) {
      list = files.filter(p -> p.getFileName().toString().matches(FAULT_LIST)).findFirst().orElseThrow();
    }
    List<Fault> faults = NezhaFaults.read(list, PodNames.defaults()).stream().sorted(Comparator.comparing(Fault::injectedAt)).toList();
    return firstFaults == null ? faults : faults.subList(0, Math.min(firstFaults, faults.size()));
  }

  /** The whole day, or up to a few minutes after the last fault scored when only the first few are. */
  static NezhaReplay.Window window(List<Fault> faults, Integer firstFaults) {
    Instant end = firstFaults == null || faults.isEmpty()
        ? Instant.MAX
        : faults.get(faults.size() - 1).injectedAt().plus(RcaScoring.FOLLOW).plus(Duration.ofMinutes(4));
    return new NezhaReplay.Window(Instant.MIN, end, null, true);
  }
}
