package io.causeway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.jobs.ClusterEntryPoint;
import io.causeway.jobs.JobOptions;
import io.causeway.kafka.KafkaClientConfig;
import io.causeway.launcher.Causeway;
import io.causeway.statequeries.cli.StateQueriesCommand;
import io.causeway.statequeries.http.OpsRoutes;
import io.causeway.statequeries.http.Route;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * deploy/k8s validates without a cluster: the Flink resources against the operator's published
 * CRD schema (flink-kubernetes-operator-api 1.10.0, with the one stated exception that
 * spec.flinkVersion is widened to operator 1.15's values: see {@link OperatorCrdSchema}), the
 * built-in objects strictly against the Kubernetes model, broken copies are rejected, and the
 * manifests agree with the code they run.
 */
class KubernetesManifestsTest {

  private static final String FLINK_DEPLOYMENT = "FlinkDeployment";
  private static final String OPTIONS_CONFIG_MAP = "causeway-options";
  private static final String KAFKA_CLIENT_SECRET = "causeway-kafka-client";
  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\(([A-Z_]+)\\)");
  /** Parsing a 500 KB CRD takes a while: once per resource type. */
  private static final Map<String, OperatorCrdSchema> SCHEMAS = new ConcurrentHashMap<>();

  @Test
  void theKustomizationListsEveryManifestOnce() {
    List<String> resources = KubernetesManifests.kustomizationResources();

    assertThat(resources).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(resources)).containsExactlyElementsOf(KubernetesManifests.yamlFiles());
  }

  @Test
  void everyFlinkResourceConformsToThePublishedCrdSchemaWithFlinkVersionWidened() {
    List<Manifest> flink = KubernetesManifests.all().stream().filter(m -> m.apiVersion().startsWith("flink.apache.org/")).toList();

    assertThat(flink).hasSizeGreaterThanOrEqualTo(ClusterEntryPoint.allNames().size());
    for (Manifest manifest : flink) {
      assertThat(crdProblems(manifest.body())).as(manifest.toString()).isEmpty();
      assertThat(StrictKubernetesModel.metadataProblems(manifest.body())).as(manifest + " metadata").isEmpty();
    }
  }

  @Test
  void theWidenedFlinkVersionIsTheOnlyExceptionToThePublishedSchema() {
    for (Manifest deployment : KubernetesManifests.ofKind(FLINK_DEPLOYMENT)) {
      OperatorCrdSchema published = OperatorCrdSchema.asPublished(FLINK_DEPLOYMENT, deployment.apiVersion());

      assertThat(published.flinkVersions()).contains("v1_20").doesNotContain("v2_0", "v2_2");
      assertThat(deployment.at("/spec/flinkVersion").asText()).as(deployment.toString()).isEqualTo("v2_2");
      assertThat(published.problems(deployment.body())).as(deployment.toString()).singleElement().asString()
          .startsWith("$.spec.flinkVersion: does not have a value in the enumeration");
      assertThat(OperatorCrdSchema.widened(FLINK_DEPLOYMENT, deployment.apiVersion()).flinkVersions())
          .containsAll(published.flinkVersions())
          .containsSubsequence("v1_20", "v2_0", "v2_1", "v2_2");
    }
  }

  @Test
  void everyBuiltInObjectReadsStrictlyIntoTheKubernetesModel() {
    List<Manifest> builtIn = KubernetesManifests.all().stream().filter(m -> !m.apiVersion().startsWith("flink.apache.org/")).toList();

    assertThat(builtIn).extracting(Manifest::kind).contains("Deployment", "Service", "ConfigMap", "Secret");
    for (Manifest manifest : builtIn) {
      assertThat(StrictKubernetesModel.knows(manifest.body())).as(manifest + " has a model").isTrue();
      assertThat(StrictKubernetesModel.problems(manifest.body())).as(manifest.toString()).isEmpty();
    }
  }

  static List<Breakage> brokenFlinkDeployments() {
    return List.of(
        new Breakage("a misspelled job field", "upgardeMode", r -> job(r).set("upgardeMode", job(r).remove("upgradeMode"))),
        new Breakage("parallelism as a word", "parallelism", r -> job(r).put("parallelism", "two")),
        new Breakage("an unknown upgrade mode", "upgradeMode", r -> job(r).put("upgradeMode", "savepointt")),
        new Breakage("a Flink version no operator defines", "flinkVersion", r -> spec(r).put("flinkVersion", "v2_9")),
        new Breakage("a Flink setting that is not a string", "numberOfTaskSlots", r -> spec(r).with("flinkConfiguration").put("taskmanager.numberOfTaskSlots", 2)),
        new Breakage("a misspelled field deep in the pod template", "mountPth", r -> firstContainer(r.with("spec").with("podTemplate").with("spec"))
            .withArray("volumeMounts").add(r.objectNode().put("name", "flink-data").put("mountPth", "/flink-data"))),
        new Breakage("a memory size as a number", "memory", r -> spec(r).with("taskManager").with("resource").put("memory", 2048)),
        new Breakage("a misspelled top-level field", "sepc", r -> r.set("sepc", r.remove("spec"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFlinkDeployments")
  void theCrdSchemaRejectsABrokenFlinkDeployment(Breakage breakage) {
    ObjectNode broken = KubernetesManifests.named(FLINK_DEPLOYMENT, "causeway-detection").mutableCopy();
    breakage.apply().accept(broken);

    assertThat(crdProblems(broken)).as(breakage.what()).singleElement().asString().contains(breakage.field());
  }

  static List<Breakage> brokenStateQueries() {
    return List.of(
        new Breakage("a misspelled probe field", "readinesProbe", r -> firstContainer(podSpec(r)).set("readinesProbe", firstContainer(podSpec(r)).remove("readinessProbe"))),
        new Breakage("a port written as a string", "containerPort", r -> ((ObjectNode) firstContainer(podSpec(r)).withArray("ports").get(0)).put("containerPort", "8080")),
        new Breakage("replicas as a word", "replicas", r -> r.with("spec").put("replicas", "one")),
        new Breakage("an unknown metadata field", "lables", r -> r.with("metadata").put("lables", "x")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenStateQueries")
  void theKubernetesModelRejectsABrokenDeployment(Breakage breakage) {
    ObjectNode broken = KubernetesManifests.named("Deployment", "causeway-state-queries").mutableCopy();
    breakage.apply().accept(broken);

    assertThat(StrictKubernetesModel.problems(broken)).as(breakage.what()).singleElement().asString().contains(breakage.field());
  }

  @Test
  void theKubernetesModelRejectsABrokenServiceAndConfigMap() {
    ObjectNode service = KubernetesManifests.named("Service", "causeway-state-queries").mutableCopy();
    service.with("spec").put("selectr", "x");
    ObjectNode configMap = KubernetesManifests.named("ConfigMap", OPTIONS_CONFIG_MAP).mutableCopy();
    configMap.with("data").putArray("causeway.window").add("10 s");

    assertThat(StrictKubernetesModel.problems(service)).singleElement().asString().contains("selectr");
    assertThat(StrictKubernetesModel.problems(configMap)).singleElement().asString().contains("causeway.window");
  }

  @Test
  void everyJobHasAnApplicationDeploymentOfTheShadedJarsEntryPoint() throws Exception {
    Map<String, Manifest> byJob = new TreeMap<>();
    for (Manifest deployment : KubernetesManifests.ofKind(FLINK_DEPLOYMENT)) {
      byJob.put(argument(deployment, "--job"), deployment);
      assertThat(deployment.at("/spec/job/entryClass").asText()).isEqualTo(ClusterEntryPoint.class.getName());
      assertThat(deployment.at("/spec/job/jarURI").asText()).isEqualTo("local:///opt/flink/usrlib/" + shadedJarName());
    }

    assertThat(byJob.keySet()).containsExactlyInAnyOrderElementsOf(ClusterEntryPoint.allNames());
    assertThat(Files.readString(KubernetesManifests.DIR.resolve("Dockerfile.jobs")))
        .contains("correlation-jobs/target/" + shadedJarName() + " /opt/flink/usrlib/" + shadedJarName());
  }

  @Test
  void theStateQueriesImageRunsTheLauncherJarAsTheManifestCallsIt() throws Exception {
    String dockerfile = Files.readString(KubernetesManifests.DIR.resolve("Dockerfile.cli"));
    String cliJar = PomCoordinates.of(KubernetesManifests.DIR.resolve("../../cli/pom.xml")).jarName();

    assertThat(dockerfile).contains("cli/target/" + cliJar, Causeway.class.getName(), "COPY deploy/k8s/log4j2-console.xml ");
    assertThat(KubernetesManifests.DIR.resolve("log4j2-console.xml")).exists();
    assertThat(stateQueries().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).startsWith("state-queries");
  }

  @Test
  void jobsUseRocksDbAndTheirOwnCheckpointAndSavepointFoldersAndUpgradeBySavepoint() {
    Set<String> folders = new TreeSet<>();
    for (Manifest deployment : KubernetesManifests.ofKind(FLINK_DEPLOYMENT)) {
      JsonNode flink = deployment.at("/spec/flinkConfiguration");
      assertThat(deployment.at("/spec/job/upgradeMode").asText()).as(deployment.toString()).isEqualTo("savepoint");
      assertThat(flink.path("state.backend.type").asText()).as(deployment.toString()).isEqualTo("rocksdb");
      for (String key : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir", "high-availability.storageDir")) {
        assertThat(flink.path(key).asText()).as(deployment + " " + key).startsWith("file:///flink-data/");
        folders.add(flink.path(key).asText());
      }
      assertThat(flink.path("execution.checkpointing.interval").asText()).isNotBlank();
    }
    assertThat(folders).as("no two jobs share a state folder").hasSize(3 * ClusterEntryPoint.allNames().size());
  }

  @Test
  void everyFlinkSettingIsAFlinkOption() {
    Set<String> known = FlinkOptionKeys.all();
    for (Manifest deployment : KubernetesManifests.ofKind(FLINK_DEPLOYMENT)) {
      deployment.at("/spec/flinkConfiguration").fieldNames()
          .forEachRemaining(key -> assertThat(known).as(deployment + ": Flink option " + key).contains(key));
    }
  }

  @Test
  void everyCausewayOptionTheManifestsSetIsOneTheJobsRead() {
    Set<String> used = new TreeSet<>(KubernetesManifests.named("ConfigMap", OPTIONS_CONFIG_MAP).at("/data").properties()
        .stream().map(Map.Entry::getKey).toList());
    for (Manifest deployment : KubernetesManifests.ofKind(FLINK_DEPLOYMENT)) {
      deployment.at("/spec/job/args").forEach(arg -> {
        if (arg.asText().startsWith("--causeway.")) {
          used.add(arg.asText().substring(2));
        }
      });
    }
    Set<String> jobOptions = JobOptions.all().stream().map(ConfigOption::key).collect(Collectors.toSet());

    assertThat(used).contains("causeway.kafka.bootstrap-servers", "causeway.options-dir", KafkaClientConfig.FILE_OPTION);
    assertThat(used).allSatisfy(key -> assertThat(jobOptions.contains(key) || key.equals(KafkaClientConfig.FILE_OPTION)
        || key.startsWith(KafkaClientConfig.PREFIX)).as("a known job option: " + key).isTrue());
  }

  @Test
  void theJobsFindTheOptionsAndKafkaClientFilesWhereThePodsMountThem() {
    String clientConfig = KubernetesManifests.named("ConfigMap", OPTIONS_CONFIG_MAP).at("/data").path(KafkaClientConfig.FILE_OPTION).asText();
    for (Manifest deployment : KubernetesManifests.ofKind(FLINK_DEPLOYMENT)) {
      JsonNode pod = deployment.at("/spec/podTemplate/spec");
      assertThat(mountOf(pod, "configMap", OPTIONS_CONFIG_MAP)).as(deployment.toString()).isEqualTo(argument(deployment, "--causeway.options-dir"));
      assertThat(mountOf(pod, "secret", KAFKA_CLIENT_SECRET) + "/client.properties").as(deployment.toString()).isEqualTo(clientConfig);
    }
    Deployment stateQueries = stateQueries();
    JsonNode pod = KubernetesManifests.named("Deployment", "causeway-state-queries").at("/spec/template/spec");
    assertThat(mountOf(pod, "secret", KAFKA_CLIENT_SECRET) + "/client.properties").isEqualTo(clientConfig);
    assertThat(env(stateQueries.getSpec().getTemplate().getSpec().getContainers().get(0), KafkaClientConfig.FILE_ENV).getValueFrom()
        .getConfigMapKeyRef().getKey()).isEqualTo(KafkaClientConfig.FILE_OPTION);
  }

  @Test
  void theKafkaClientSecretHoldsOnlySettingsCausewayPassesThrough() throws IOException {
    Secret secret = StrictKubernetesModel.read(KubernetesManifests.named("Secret", KAFKA_CLIENT_SECRET).body(), Secret.class);
    Properties client = new Properties();
    client.load(new StringReader(secret.getStringData().get("client.properties")));
    Map<String, String> settings = new TreeMap<>();
    client.stringPropertyNames().forEach(name -> settings.put(name, client.getProperty(name)));

    assertThat(KafkaClientConfig.of(settings).properties()).containsEntry("security.protocol", "PLAINTEXT");
  }

  @Test
  void stateQueriesArgumentsParseAndItsProbesAreItsOpenHealthEndpoints() {
    Container container = stateQueries().getSpec().getTemplate().getSpec().getContainers().get(0);
    List<String> args = expanded(container);

    assertThat(args.get(0)).isEqualTo("state-queries");
    CommandLine.ParseResult parsed = new CommandLine(new StateQueriesCommand()).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
    assertThat(parsed.matchedOptionValue("--bootstrap-servers", ""))
        .isEqualTo(KubernetesManifests.named("ConfigMap", OPTIONS_CONFIG_MAP).at("/data/causeway.kafka.bootstrap-servers").asText());
    assertThat(parsed.matchedOptionValue("--bind", "127.0.0.1")).isEqualTo("0.0.0.0");
    assertThat(parsed.matchedOptionValue("--port", 0)).isEqualTo(container.getPorts().get(0).getContainerPort());

    Set<String> openEndpoints = new OpsRoutes(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> {}, () -> true, () -> true)
        .routes().stream().filter(route -> !route.guarded()).map(Route::template).collect(Collectors.toSet());
    assertThat(openEndpoints).contains(container.getReadinessProbe().getHttpGet().getPath(), container.getLivenessProbe().getHttpGet().getPath());
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo(container.getPorts().get(0).getName());
  }

  @Test
  void theServiceSelectsTheStateQueriesPodsOnTheirPort() {
    Deployment deployment = stateQueries();
    io.fabric8.kubernetes.api.model.Service service =
        StrictKubernetesModel.read(KubernetesManifests.named("Service", "causeway-state-queries").body(), io.fabric8.kubernetes.api.model.Service.class);

    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal())
        .isEqualTo(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0).getName());
  }

  /** One way to break a manifest, applied to a copy, and the field the rejection must name. */
  record Breakage(String what, String field, Consumer<ObjectNode> apply) {
    @Override
    public String toString() {
      return what;
    }
  }

  private static List<String> crdProblems(JsonNode resource) {
    String type = resource.path("apiVersion").asText() + "/" + resource.path("kind").asText();
    return SCHEMAS.computeIfAbsent(type, t -> OperatorCrdSchema.widened(resource.path("kind").asText(), resource.path("apiVersion").asText()))
        .problems(resource);
  }

  private static ObjectNode spec(ObjectNode resource) {
    return resource.with("spec");
  }

  private static ObjectNode job(ObjectNode resource) {
    return spec(resource).with("job");
  }

  private static ObjectNode podSpec(ObjectNode deployment) {
    return deployment.with("spec").with("template").with("spec");
  }

  private static ObjectNode firstContainer(ObjectNode podSpec) {
    return (ObjectNode) podSpec.withArray("containers").get(0);
  }

  private static String argument(Manifest deployment, String flag) {
    JsonNode args = deployment.at("/spec/job/args");
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).asText().equals(flag)) {
        return args.get(i + 1).asText();
      }
    }
    throw new AssertionError(deployment + " has no " + flag);
  }

  /** Where the pod's first container mounts the volume of that source (configMap, secret) and name. */
  private static String mountOf(JsonNode podSpec, String source, String name) {
    String volume = null;
    for (JsonNode candidate : podSpec.path("volumes")) {
      JsonNode from = candidate.path(source);
      if (name.equals(from.path("name").asText()) || name.equals(from.path("secretName").asText())) {
        volume = candidate.path("name").asText();
      }
    }
    for (JsonNode mount : podSpec.path("containers").get(0).path("volumeMounts")) {
      if (mount.path("name").asText().equals(volume)) {
        return mount.path("mountPath").asText();
      }
    }
    throw new AssertionError("no mount of " + source + " " + name);
  }

  private static Deployment stateQueries() {
    return StrictKubernetesModel.read(KubernetesManifests.named("Deployment", "causeway-state-queries").body(), Deployment.class);
  }

  private static EnvVar env(Container container, String name) {
    return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name));
  }

  /** The container's args with $(VAR) replaced as the kubelet does, from literal values or the options ConfigMap. */
  private static List<String> expanded(Container container) {
    JsonNode options = KubernetesManifests.named("ConfigMap", OPTIONS_CONFIG_MAP).at("/data");
    List<String> args = new ArrayList<>();
    for (String arg : container.getArgs()) {
      Matcher reference = ENV_REFERENCE.matcher(arg);
      StringBuilder value = new StringBuilder();
      while (reference.find()) {
        EnvVar variable = env(container, reference.group(1));
        String resolved = variable.getValue() != null ? variable.getValue()
            : options.path(variable.getValueFrom().getConfigMapKeyRef().getKey()).asText();
        reference.appendReplacement(value, Matcher.quoteReplacement(resolved));
      }
      reference.appendTail(value);
      args.add(value.toString());
    }
    return args;
  }

  private static String shadedJarName() throws Exception {
    return PomCoordinates.of(KubernetesManifests.DIR.resolve("../../correlation-jobs/pom.xml")).jarName();
  }
}
