package io.causeway.runtime;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * A Flink MiniCluster in this JVM, its REST endpoint on a free loopback port, with the RocksDB
 * state backend and checkpoints under {@code workDir}. Jobs are submitted to it exactly as to a
 * remote session cluster ({@link JobSubmitter}), so the embedded default and a real cluster share
 * one code path.
 */
public final class EmbeddedFlink implements AutoCloseable {

  private final MiniCluster cluster;
  private final URI restAddress;
  private final Path workDir;

  private EmbeddedFlink(MiniCluster cluster, URI restAddress, Path workDir) {
    this.cluster = cluster;
    this.restAddress = restAddress;
    this.workDir = workDir;
  }

  public static EmbeddedFlink start(Path workDir, int slots) throws Exception {
    return start(workDir, slots, Map.of());
  }

  /** As {@link #start(Path, int)}, with further cluster settings (a metric reporter, say). */
  public static EmbeddedFlink start(Path workDir, int slots, Map<String, String> extraSettings) throws Exception {
    Files.createDirectories(workDir);
    Map<String, String> settings = clusterSettings(workDir);
    settings.putAll(extraSettings);
    Configuration config = Configuration.fromMap(settings);
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(config)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
    return new EmbeddedFlink(cluster, cluster.getRestAddress().get(), workDir);
  }

  public String restHost() {
    return restAddress.getHost();
  }

  public int restPort() {
    return restAddress.getPort();
  }

  /**
   * Job settings that make every job checkpoint into this cluster's work folder, with RocksDB's
   * bloom filters on: the keyed functions look up many keys that are not there (a trace's first
   * fragment finds no state), and without a filter each such lookup searches every SST file that
   * checkpoints flushed (as {@code deploy/flink/config.yaml} sets for a session cluster).
   */
  public Map<String, String> jobDefaults() {
    return Map.of(
        "state.backend.type", "rocksdb",
        "execution.checkpointing.dir", workDir.resolve("checkpoints").toUri().toString(),
        "execution.checkpointing.interval", "2 s",
        "execution.checkpointing.min-pause", "500 ms",
        "state.backend.rocksdb.use-bloom-filter", "true");
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }

  private static Map<String, String> clusterSettings(Path workDir) {
    Map<String, String> settings = new HashMap<>();
    settings.put("rest.bind-address", "127.0.0.1");
    settings.put("rest.address", "127.0.0.1");
    settings.put("rest.port", "0");
    settings.put("jobmanager.bind-host", "127.0.0.1");
    settings.put("taskmanager.bind-host", "127.0.0.1");
    settings.put("taskmanager.host", "127.0.0.1");
    settings.put("io.tmp.dirs", workDir.resolve("tmp").toString());
    settings.put("state.backend.type", "rocksdb");
    settings.put("state.backend.rocksdb.localdir", workDir.resolve("rocksdb").toString());
    settings.put("taskmanager.memory.managed.size", "256m");
    settings.put("taskmanager.memory.network.min", "64m");
    settings.put("taskmanager.memory.network.max", "64m");
    settings.put("restart-strategy.type", "exponential-delay");
    return settings;
  }
}
