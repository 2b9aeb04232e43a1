package io.causeway.launcher;

import io.causeway.runtime.FlinkCluster;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A local standalone Flink session cluster of separate processes, to submit the shaded job jar to. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "Start or stop a local Flink session cluster (a JobManager and TaskManagers as separate processes, on loopback).",
    subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class})
final class ClusterCommand {

  static final Path DEFAULT_WORK_DIR = Path.of(".causeway", "cluster");

  @Command(name = "start", mixinStandardHelpOptions = true,
      description = "Start the cluster from deploy/flink/config.yaml; prints its REST URL (use it as run --jobmanager or for deploy/flink/submit-jobs.sh).")
  static final class Start implements Callable<Integer> {

    @Option(names = "--taskmanagers", defaultValue = "2", description = "TaskManager processes (default: ${DEFAULT-VALUE}).")
    int taskManagers;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Configuration, logs, checkpoints and the pid file (default: .causeway/cluster).")
    Path workDir = DEFAULT_WORK_DIR;

    @Override
    public Integer call() throws Exception {
      Path baseConfig = Path.of(System.getProperty("causeway.home", "."), "deploy", "flink", "config.yaml");
      FlinkCluster cluster = FlinkCluster.start(workDir.toAbsolutePath(), baseConfig, taskManagers, Map.of());
      Path pidFile = cluster.detach();
      System.out.println("Flink cluster running: " + cluster.restUrl() + " (" + taskManagers + " TaskManagers; logs in "
          + workDir.resolve("log") + ", pids in " + pidFile + ")");
      return 0;
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the cluster started in --work-dir.")
  static final class Stop implements Callable<Integer> {

    @Option(names = "--work-dir", paramLabel = "DIR", description = "The folder given to cluster start (default: .causeway/cluster).")
    Path workDir = DEFAULT_WORK_DIR;

    @Override
    public Integer call() throws Exception {
      int stopped = FlinkCluster.stopRecorded(workDir.toAbsolutePath());
      System.out.println("Flink cluster stopped (" + stopped + " processes)");
      return 0;
    }
  }
}
