package io.causeway.runtime;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A standalone Flink session cluster of separate JVM processes on loopback: one JobManager and N
 * TaskManagers, started from the Flink jars on this JVM's classpath (flink-dist is not on Maven
 * Central), configured from a {@code config.yaml} (ours is {@code deploy/flink/config.yaml}) plus
 * local settings passed as {@code -D} options: free ports, folders under the work folder, small
 * memory. Each process logs to {@code <work>/log}.
 */
public final class FlinkCluster implements AutoCloseable {

  private static final String JOBMANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  private static final String TASKMANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  /** Marks our processes early on their command line (Java may cut a long one off before the main class). */
  private static final String PROCESS_MARK = "-Dcauseway.cluster.process=";
  private static final Duration STARTUP = Duration.ofSeconds(90);

  /** Flink's stock {@code --add-opens} list (its config.yaml's env.java.opts.all), needed on Java 17; the launcher script reads the same file. */
  private static final List<String> JAVA17_OPENS = javaArguments("flink-java17.args");

  private final Path workDir;
  private final Path confDir;
  private final Map<String, String> settings;
  private final int restPort;
  private final Process jobManager;
  private final List<Process> taskManagers = new ArrayList<>();

  private FlinkCluster(Path workDir, Map<String, String> settings, int restPort, Process jobManager) {
    this.workDir = workDir;
    this.confDir = workDir.resolve("conf");
    this.settings = settings;
    this.restPort = restPort;
    this.jobManager = jobManager;
  }

  /**
   * Starts the JobManager and {@code taskManagers} TaskManagers and waits until all have registered.
   * {@code extraSettings} override both the base file and the local settings.
   */
  public static FlinkCluster start(Path workDir, Path baseConfig, int taskManagers, Map<String, String> extraSettings) throws Exception {
    Path confDir = Files.createDirectories(workDir.resolve("conf"));
    Files.createDirectories(workDir.resolve("log"));
    Files.copy(baseConfig, confDir.resolve("config.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(confDir.resolve("log4j.properties"), LOG4J);
    int restPort = freePort();
    Map<String, String> settings = localSettings(workDir, restPort);
    settings.putAll(extraSettings);
    FlinkCluster cluster = new FlinkCluster(workDir, settings, restPort, launchJobManager(workDir, confDir, settings));
    try {
      for (int i = 0; i < taskManagers; i++) {
        cluster.addTaskManager();
      }
      cluster.awaitTaskManagers(taskManagers);
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  public String restUrl() {
    return "http://127.0.0.1:" + restPort;
  }

  public int restPort() {
    return restPort;
  }

  public long jobManagerPid() {
    return jobManager.pid();
  }

  public List<Long> taskManagerPids() {
    return taskManagers.stream().map(Process::pid).toList();
  }

  /** Starts one more TaskManager process; it registers with the JobManager on its own. */
  public void addTaskManager() throws Exception {
    int index = taskManagers.size();
    Configuration config = GlobalConfiguration.loadConfiguration(confDir.toString(), Configuration.fromMap(settings));
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(config);
    List<String> command = new ArrayList<>(javaCommand(config, "taskmanager-" + index));
    command.addAll(Arrays.asList(ProcessMemoryUtils.generateJvmParametersStr(spec).trim().split("\\s+")));
    command.add(TASKMANAGER_MAIN);
    command.addAll(List.of("--configDir", confDir.toString()));
    command.addAll(dynamicOptions(settings));
    // A resource id that names the process, so that REST answers (which TaskManager runs a job) map to an index.
    command.addAll(List.of("-D", "taskmanager.resource-id=" + taskManagerId(index)));
    command.addAll(Arrays.asList(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec).trim().split("\\s+")));
    taskManagers.add(launch(command, "taskmanager-" + index));
  }

  /** The resource id TaskManager {@code index} registers with, as Flink's REST API reports it. */
  public static String taskManagerId(int index) {
    return "taskmanager-" + index;
  }

  /** Kills TaskManager {@code index} as a crash would (SIGKILL), and waits until the process is gone. */
  public void killTaskManager(int index) throws InterruptedException {
    Process process = taskManagers.get(index);
    process.destroyForcibly();
    process.waitFor();
  }

  /** Blocks until the JobManager reports {@code count} registered TaskManagers. */
  public void awaitTaskManagers(int count) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + STARTUP.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!jobManager.isAlive()) {
        throw new IllegalStateException("the Flink JobManager exited (" + jobManager.exitValue() + "); see " + workDir.resolve("log"));
      }
      try {
        HttpResponse<String> response = http.send(
            HttpRequest.newBuilder(URI.create(restUrl() + "/taskmanagers")).timeout(Duration.ofSeconds(5)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        last = response.body();
        if (response.statusCode() == 200 && registered(last) >= count) {
          return;
        }
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("fewer than " + count + " TaskManagers registered within " + STARTUP + ": " + last);
  }

  /**
   * Writes the pids of every process to {@code <work>/cluster.pid} (JobManager first) and leaves
   * them running after this JVM exits, for {@link #stopRecorded(Path)}.
   */
  public Path detach() throws IOException {
    List<String> pids = new ArrayList<>();
    pids.add(String.valueOf(jobManager.pid()));
    taskManagers.forEach(process -> pids.add(String.valueOf(process.pid())));
    return Files.write(pidFile(workDir), pids);
  }

  /** Stops the processes a {@link #detach()}ed cluster in {@code workDir} left; answers how many were alive. */
  public static int stopRecorded(Path workDir) throws IOException, InterruptedException {
    Path pidFile = pidFile(workDir);
    if (!Files.exists(pidFile)) {
      throw new IllegalStateException("no cluster started in " + workDir + " (" + pidFile + " is missing)");
    }
    List<String> pids = new ArrayList<>(Files.readAllLines(pidFile));
    java.util.Collections.reverse(pids);
    // A pid of a process that died long ago may have been reused: stop only Flink's own processes.
    List<ProcessHandle> alive = pids.stream()
        .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid.trim())).stream())
        .filter(ProcessHandle::isAlive)
        .filter(process -> process.info().commandLine().map(line -> line.contains(PROCESS_MARK)).orElse(true))
        .toList();
    for (ProcessHandle process : alive) {
      process.destroy();
      try {
        process.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        process.destroyForcibly();
      }
    }
    Files.delete(pidFile);
    deleteTree(workDir.resolve("tmp"));
    return alive.size();
  }

  private static Path pidFile(Path workDir) {
    return workDir.resolve("cluster.pid");
  }

  /** Stops every process (TaskManagers first) and deletes the cluster's temporary folders. */
  @Override
  public void close() throws Exception {
    for (Process process : taskManagers) {
      stop(process);
    }
    if (jobManager != null) {
      stop(jobManager);
    }
    deleteTree(workDir.resolve("tmp"));
  }

  static int registered(String taskManagersJson) {
    int count = 0;
    for (int at = taskManagersJson.indexOf("\"id\""); at >= 0; at = taskManagersJson.indexOf("\"id\"", at + 1)) {
      count++;
    }
    return count;
  }

  private static Process launchJobManager(Path workDir, Path confDir, Map<String, String> settings) throws IOException {
    Configuration config = GlobalConfiguration.loadConfiguration(confDir.toString(), Configuration.fromMap(settings));
    List<String> command = new ArrayList<>(javaCommand(config, "jobmanager"));
    command.addAll(List.of("-Xmx" + settings.getOrDefault("causeway.cluster.jobmanager-heap", "384m"), JOBMANAGER_MAIN, "--configDir", confDir.toString()));
    command.addAll(dynamicOptions(settings));
    return launch(command, workDir, "jobmanager");
  }

  private static List<String> javaCommand(Configuration config, String logName) {
    Path logDir = Path.of(config.getString("causeway.cluster.log-dir", "."));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(PROCESS_MARK + logName);
    command.addAll(JAVA17_OPENS);
    String opts = config.getString("env.java.opts.all", "");
    if (!opts.isBlank()) {
      command.addAll(Arrays.asList(opts.trim().split("\\s+")));
    }
    command.add("-Dlog.file=" + logDir.resolve(logName + ".log"));
    command.add("-Dlog4j.configurationFile=" + Path.of(config.getString("causeway.cluster.conf-dir", ".")).resolve("log4j.properties").toUri());
    command.add("-Djava.io.tmpdir=" + config.getString("io.tmp.dirs", System.getProperty("java.io.tmpdir")));
    command.addAll(List.of("-cp", config.getString("causeway.cluster.classpath", System.getProperty("java.class.path"))));
    return command;
  }

  private Process launch(List<String> command, String name) throws IOException {
    return launch(command, workDir, name);
  }

  private static Process launch(List<String> command, Path workDir, String name) throws IOException {
    Path log = workDir.resolve("log");
    return new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectOutput(log.resolve(name + ".out").toFile())
        .redirectError(log.resolve(name + ".err").toFile())
        .start();
  }

  /** The settings that make this a private cluster on loopback; keys under causeway.cluster.* are ours, not Flink's. */
  private static Map<String, String> localSettings(Path workDir, int restPort) throws IOException {
    Path tmp = Files.createDirectories(workDir.resolve("tmp"));
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("causeway.cluster.log-dir", workDir.resolve("log").toString());
    settings.put("causeway.cluster.conf-dir", workDir.resolve("conf").toString());
    settings.put("causeway.cluster.classpath", flinkClasspath());
    settings.put("jobmanager.rpc.address", "127.0.0.1");
    settings.put("jobmanager.rpc.port", String.valueOf(freePort()));
    settings.put("jobmanager.bind-host", "127.0.0.1");
    settings.put("taskmanager.bind-host", "127.0.0.1");
    settings.put("taskmanager.host", "127.0.0.1");
    settings.put("rest.address", "127.0.0.1");
    settings.put("rest.bind-address", "127.0.0.1");
    settings.put("rest.port", String.valueOf(restPort));
    settings.put("blob.server.port", "0");
    settings.put("io.tmp.dirs", tmp.toString());
    settings.put("web.tmpdir", tmp.toString());
    settings.put("web.upload.dir", tmp.toString());
    settings.put("execution.checkpointing.dir", workDir.resolve("checkpoints").toUri().toString());
    settings.put("state.backend.rocksdb.localdir", workDir.resolve("rocksdb").toString());
    settings.put("taskmanager.numberOfTaskSlots", "2");
    settings.put("taskmanager.memory.process.size", "800m");
    settings.put("taskmanager.memory.jvm-metaspace.size", "160m");
    settings.put("taskmanager.memory.jvm-overhead.min", "64m");
    settings.put("taskmanager.memory.managed.size", "128m");
    settings.put("taskmanager.memory.network.min", "32m");
    settings.put("taskmanager.memory.network.max", "32m");
    // A killed TaskManager is noticed in seconds, not after the default 50 s heartbeat timeout.
    settings.put("heartbeat.interval", "1000");
    settings.put("heartbeat.timeout", "8000");
    settings.put("restart-strategy.type", "fixed-delay");
    settings.put("restart-strategy.fixed-delay.attempts", "20");
    settings.put("restart-strategy.fixed-delay.delay", "2 s");
    return settings;
  }

  private static List<String> dynamicOptions(Map<String, String> settings) {
    List<String> options = new ArrayList<>();
    settings.forEach((key, value) -> {
      if (!key.startsWith("causeway.cluster.")) {
        options.add("-D");
        options.add(key + "=" + value);
      }
    });
    return options;
  }

  /**
   * This JVM's jars as a Flink distribution's lib folder would hold them: the runtime and logging,
   * without what the job jar brings. Flink loads {@code org.apache.flink.*} parent-first, so a
   * Kafka connector here would bind to the cluster's Kafka classes, not the job jar's, and fail with
   * a loader constraint violation.
   */
  static String flinkClasspath() {
    return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> entry.endsWith(".jar"))
        .filter(entry -> !isJobJarContent(Path.of(entry).getFileName().toString()))
        .reduce((a, b) -> a + File.pathSeparator + b)
        .orElseThrow();
  }

  private static boolean isJobJarContent(String jarName) {
    return Stream.of("causeway-", "flink-connector-kafka", "flink-avro", "kafka", "avro-", "flink-test-utils")
            .anyMatch(jarName::startsWith)
        || jarName.endsWith("-tests.jar");
  }

  private static void stop(Process process) throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  private static final String LOG4J = """
      rootLogger.level = INFO
      rootLogger.appenderRef.file.ref = MainAppender
      appender.main.name = MainAppender
      appender.main.type = File
      appender.main.append = true
      appender.main.fileName = ${sys:log.file}
      appender.main.layout.type = PatternLayout
      appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
      """;

  /** The arguments of a Java argument file beside this class, one per line. */
  private static List<String> javaArguments(String resource) {
    try (java.io.InputStream in = FlinkCluster.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource + " beside " + FlinkCluster.class.getName());
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + resource, e);
    }
  }
}
