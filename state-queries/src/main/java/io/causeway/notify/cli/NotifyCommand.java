package io.causeway.notify.cli;

import io.causeway.kafka.KafkaClientConfig;
import io.causeway.notify.NotifyService;
import io.causeway.notify.config.NotifyConfig;
import io.causeway.notify.config.NotifyConfigFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code causeway notify}: tell Alertmanager, Slack, PagerDuty and webhooks about incidents until Ctrl-C. */
@Command(
    name = "notify",
    mixinStandardHelpOptions = true,
    description = "Read incidents and deliver them to the sinks of a YAML config file (docs/notify.md).")
public final class NotifyCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The notifier's YAML file (see deploy/notify/notify.example.yaml).")
  Path config;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka brokers (instead of kafka.bootstrap-servers in the file).")
  String bootstrapServers;

  @Spec CommandSpec spec;

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    NotifyConfig parsed;
    try {
      parsed = NotifyConfigFile.read(config, System::getenv, bootstrapServers);
    } catch (NotifyConfigFile.Invalid | IllegalArgumentException e) {
      spec.commandLine().getErr().println("notify: " + e.getMessage());
      return 2;
    }
    try (NotifyService service = NotifyService.start(parsed, KafkaClientConfig.fromEnvironment(), Clock.systemUTC())) {
      spec.commandLine().getOut().println("notify: " + parsed.sinks().size() + " sinks, consumer group " + parsed.groupId()
          + (service.metricsAddress() == null ? "" : ", metrics at http://" + service.metricsAddress().getHostString() + ":" + service.metricsAddress().getPort() + "/metrics"));
      spec.commandLine().getOut().flush();
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "notify-shutdown"));
      while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
        if (!service.live()) {
          spec.commandLine().getErr().println("notify: stopped: " + service.failure());
          return 1;
        }
      }
    }
    return 0;
  }
}
