package io.causeway.launcher;

import io.causeway.kafka.KafkaClientConfig;
import io.causeway.avro.DependencyEdge;
import io.causeway.avro.Span;
import io.causeway.core.topology.GraphBuilder;
import io.causeway.core.topology.SpanViews;
import io.causeway.ingest.nezha.NezhaTraces;
import io.causeway.ingest.nezha.PodNames;
import io.causeway.runtime.TopicNames;
import io.causeway.runtime.TopicSetup;
import io.causeway.schemas.AvroSerde;
import io.causeway.schemas.Topic;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints the dependency graph, one edge per line: built from a Nezha-layout folder of traces
 * with the topology job's own rules, or read from the live {@code topology.edges} topic.
 */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = "Print the dependency graph, one 'caller -> callee' edge per line with its figures.")
final class GraphCommand implements Callable<Integer> {

  static final class Source {
    @Option(names = "--nezha", paramLabel = "DIR", description = "Build it from the trace CSVs of a Nezha-layout folder (trace/, normal/trace/).")
    Path nezha;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Read the live graph from topology.edges on this Kafka.")
    String bootstrapServers;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--pod-rule", defaultValue = PodNames.DEFAULT_RULE,
      description = "Regular expression with a group (?<service>...) that maps pod names to services.")
  String podRule;

  @Option(names = "--topic-prefix", defaultValue = "", description = "Prefix of the topic names.")
  String topicPrefix;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (source.nezha != null) {
      printNezhaGraph(source.nezha, out, err);
    } else {
      printLiveGraph(source.bootstrapServers, out, err);
    }
    out.flush();
    return 0;
  }

  private void printNezhaGraph(Path folder, PrintWriter out, PrintWriter err) throws Exception {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("--nezha " + folder + " is not a folder");
    }
    List<Path> files = NezhaTraces.traceFiles(folder);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no *_trace.csv(.gz) files under " + folder);
    }
    NezhaTraces reader = new NezhaTraces(PodNames.withRule(podRule));
    GraphBuilder graph = new GraphBuilder();
    for (Path file : files) {
      for (Span span : reader.read(file)) {
        graph.add(SpanViews.of(span));
      }
    }
    long orphans = graph.orphans();
    var edges = graph.build();
    edges.values().forEach(e -> out.printf(Locale.ROOT, "%s -> %s  kind=%s calls=%d errors=%d p50=%.1fms p90=%.1fms p99=%.1fms%n",
        e.caller(), e.callee(), e.kind(), e.stats().calls(), e.stats().errors(),
        e.stats().latencyMillis(0.5), e.stats().latencyMillis(0.9), e.stats().latencyMillis(0.99)));
    err.printf("graph: %d files, %d spans, %d calls joined, %d spans without their parent, %d edges%n",
        files.size(), graph.spans(), graph.joinedCalls(), orphans, edges.size());
  }

  private void printLiveGraph(String bootstrapServers, PrintWriter out, PrintWriter err) {
    new TopicSetup(bootstrapServers, KafkaClientConfig.fromEnvironment(), Duration.ofSeconds(10)).checkReachable();
    String topic = TopicNames.withPrefix(topicPrefix).of(Topic.EDGES);
    Map<String, DependencyEdge> current = readCompacted(bootstrapServers, topic);
    current.values().forEach(e -> out.printf(Locale.ROOT, "%s -> %s  kind=%s calls/s=%.2f errorRatio=%.3f p50=%.1fms p90=%.1fms p99=%.1fms lastSeen=%s%n",
        e.getCaller(), e.getCallee(), e.getKind(), e.getCallsPerSecond(), e.getErrorRatio(),
        e.getLatencyP50Ms(), e.getLatencyP90Ms(), e.getLatencyP99Ms(), e.getLastSeen()));
    err.printf("graph: %d edges on %s%n", current.size(), topic);
  }

  /** A record that is not an edge is not ours to judge here: the jobs dead-letter it; skip it. */
  private static Iterable<ConsumerRecord<String, DependencyEdge>> pollSkippingBadRecords(KafkaConsumer<String, DependencyEdge> consumer) {
    try {
      return consumer.poll(Duration.ofMillis(500));
    } catch (org.apache.kafka.common.errors.RecordDeserializationException e) {
      consumer.seek(e.topicPartition(), e.offset() + 1);
      return List.of();
    }
  }

  /** The latest value per key up to the end offsets seen at start; tombstones delete. */
  private static Map<String, DependencyEdge> readCompacted(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "causeway-graph-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    KafkaClientConfig.fromEnvironment().applyTo(props);
    Map<String, DependencyEdge> edges = new TreeMap<>();
    try (KafkaConsumer<String, DependencyEdge> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), AvroSerde.deserializer(DependencyEdge.class))) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, DependencyEdge> record : pollSkippingBadRecords(consumer)) {
          if (record.value() == null) {
            edges.remove(record.key());
          } else {
            edges.put(record.key(), record.value());
          }
        }
      }
    }
    return edges;
  }
}
