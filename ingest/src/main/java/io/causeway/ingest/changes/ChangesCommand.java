package io.causeway.ingest.changes;

import io.causeway.kafka.KafkaClientConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code causeway changes}: the change-event receiver in front of Kafka, until interrupted. */
@Command(
    name = "changes",
    mixinStandardHelpOptions = true,
    description = "Receive deploy and change notifications over HTTP (generic JSON, GitHub, Argo CD, Kubernetes events) and write them to Kafka.")
public final class ChangesCommand implements Callable<Integer> {

  @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(names = "--port", defaultValue = "8090", description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String bind;

  @Option(names = "--github-secret", defaultValue = "${env:CAUSEWAY_GITHUB_SECRET}",
      description = "GitHub webhook secret for X-Hub-Signature-256 (default: env CAUSEWAY_GITHUB_SECRET; none: unsigned accepted).")
  String githubSecret;

  @Option(names = "--token", defaultValue = "${env:CAUSEWAY_CHANGES_TOKEN}",
      description = "Shared token expected in X-Causeway-Token on /changes, /changes/argocd, /changes/kubernetes (default: env CAUSEWAY_CHANGES_TOKEN; none: not checked).")
  String token;

  @Option(names = "--topic", defaultValue = "telemetry.changes", description = "Topic for ChangeEvents (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--deadletter-topic", defaultValue = "deadletter",
      description = "Topic for the dead letters of refused requests (default: ${DEFAULT-VALUE}).")
  String deadLetterTopic;

  @Option(names = "--max-body-bytes", defaultValue = "1048576", description = "Largest accepted body (default: ${DEFAULT-VALUE}).")
  int maxBodyBytes;

  @Override
  public Integer call() throws Exception {
    ChangeReceiver.Builder builder = ChangeReceiver.builder()
        .bind(bind, port).githubSecret(githubSecret).token(token).maxBodyBytes(maxBodyBytes);
    try (KafkaChangeSink sink = KafkaChangeSink.create(bootstrapServers, KafkaClientConfig.fromEnvironment(), topic, deadLetterTopic);
        ChangeReceiver receiver = builder.sink(sink).build().start()) {
      System.out.printf("causeway changes: listening on http://%s:%d/changes -> %s at %s (refused requests -> %s, counters at /metrics)%n",
          receiver.address().getHostString(), receiver.address().getPort(), topic, bootstrapServers, deadLetterTopic);
      if (githubSecret == null || githubSecret.isBlank()) {
        System.out.println("warning: no --github-secret; GitHub webhooks are not verified");
      }
      if (token == null || token.isBlank()) {
        System.out.println("warning: no --token; /changes, /changes/argocd and /changes/kubernetes accept anyone who can reach them");
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        receiver.close();
        sink.close();
        stopped.countDown();
      }, "causeway-changes-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      stopped.await();
    }
    return 0;
  }
}
