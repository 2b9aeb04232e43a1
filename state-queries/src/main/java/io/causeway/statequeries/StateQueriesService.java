package io.causeway.statequeries;

import io.causeway.kafka.KafkaAccessFailure;
import io.causeway.runtime.TopicSetup;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.feedback.FeedbackRoutes;
import io.causeway.statequeries.http.ApiRoutes;
import io.causeway.statequeries.http.ApiServer;
import io.causeway.statequeries.http.OpsRoutes;
import io.causeway.statequeries.materialize.CatchUp;
import io.causeway.statequeries.materialize.Materializer;
import io.causeway.statequeries.materialize.Retention;
import io.causeway.statequeries.publish.TopicPublisher;
import io.causeway.statequeries.query.GraphQueries;
import io.causeway.statequeries.query.IncidentQueries;
import io.causeway.statequeries.query.ServiceQueries;
import io.causeway.statequeries.responders.ResponderRoutes;
import io.causeway.statequeries.responders.ResponderViews;
import io.causeway.statequeries.store.ViewStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires state-queries: the RocksDB store, the materialiser thread, the writer of responders'
 * records and the HTTP server. Closing stops the server, then the writer and the materialiser,
 * then closes the store.
 */
public final class StateQueriesService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StateQueriesService.class);

  private final ViewStore store;
  private final Materializer materializer;
  private final Thread materializerThread;
  private final ApiServer server;
  private final CatchUp catchUp;
  private final TopicPublisher publisher;

  private StateQueriesService(
      ViewStore store, Materializer materializer, Thread thread, ApiServer server, CatchUp catchUp, TopicPublisher publisher) {
    this.store = store;
    this.publisher = publisher;
    this.materializer = materializer;
    this.materializerThread = thread;
    this.server = server;
    this.catchUp = catchUp;
  }

  /** The topics this service writes, created at start when missing (clusters set up before they existed). */
  static final List<Topic> WRITTEN = List.of(Topic.ACKS, Topic.SILENCES);

  public static StateQueriesService start(StateQueriesConfig config) throws Exception {
    ensureWrittenTopics(config);
    ViewStore store = ViewStore.open(config.dataDir());
    Materializer materializer = null;
    Thread thread = null;
    TopicPublisher publisher = null;
    try {
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      CatchUp catchUp = new CatchUp();
      GraphQueries graph = new GraphQueries(store);
      ServiceQueries services = new ServiceQueries(store, graph, config.clock(), config.anomalyOpenFor());
      IncidentQueries incidents = new IncidentQueries(store);
      StateMetrics metrics = new StateMetrics(meters, graph, services, incidents, catchUp);
      materializer = new Materializer(config.bootstrapServers(), config.kafkaClient(), config.topics(), store,
          new Retention(store, config.retention()), config.cleanupEvery(), config.clock(), catchUp, meters);
      thread = new Thread(materializer, "state-queries-materializer");
      thread.setDaemon(true);
      thread.start();
      publisher = TopicPublisher.create(config.bootstrapServers(), config.kafkaClient(), config.topics(), config.clock());
      ApiServer server = ApiServer.start(
          new InetSocketAddress(config.bindAddress(), config.port()), config.token(), config.httpThreads(), meters, publisher,
          new ApiRoutes(graph, services, incidents, config.clock(), config.maxLimit()),
          new OpsRoutes(meters, metrics::refresh, materializer::alive, catchUp::ready),
          new ResponderRoutes(new ResponderViews(store), incidents, publisher::publish, config.clock()),
          FeedbackRoutes.over(incidents, publisher, config.clock()));
      return new StateQueriesService(store, materializer, thread, server, catchUp, publisher);
    } catch (Exception | Error e) {
      if (publisher != null) {
        publisher.close();
      }
      if (thread != null) {
        materializer.stop();
        thread.join(TimeUnit.SECONDS.toMillis(30));
      }
      if (thread == null || !thread.isAlive()) {
        store.close();
      }
      throw e;
    }
  }

  /**
   * Creates the topics this service writes when missing. A broker that refuses these client
   * settings (TLS, login, access) fails the start with its one line; one that does not answer yet
   * only delays the materialiser, which waits for it.
   */
  private static void ensureWrittenTopics(StateQueriesConfig config) {
    try {
      List<String> created = new TopicSetup(config.bootstrapServers(), config.kafkaClient(), Duration.ofSeconds(30)).ensureTopics(config.topics(), WRITTEN, (short) -1);
      if (!created.isEmpty()) {
        LOG.info("state-queries: created the topics it writes: {}", created);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (KafkaAccessFailure.Refused e) {
      throw e;
    } catch (Exception e) {
      // the materialiser then waits for them and says so; the service still starts
      LOG.warn("state-queries: could not create the topics it writes {}: {}", WRITTEN, e.toString());
    }
  }

  /** Where the API answers, e.g. {@code http://127.0.0.1:8080}. */
  public URI url() {
    InetSocketAddress address = server.address();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort());
  }

  public int port() {
    return server.address().getPort();
  }

  /** True once caught up with the end offsets seen at start. */
  public boolean ready() {
    return catchUp.ready();
  }

  public boolean live() {
    return materializer.alive();
  }

  @Override
  public void close() throws InterruptedException {
    server.close();
    publisher.close();
    materializer.stop();
    materializerThread.join(TimeUnit.SECONDS.toMillis(30));
    if (materializerThread.isAlive()) {
      throw new IllegalStateException("the materialiser did not stop within 30 s; the store stays open");
    }
    store.close();
  }
}
