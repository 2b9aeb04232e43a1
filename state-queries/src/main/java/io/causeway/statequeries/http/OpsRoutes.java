package io.causeway.statequeries.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Operations endpoints: {@code /metrics} (Prometheus text, guarded by the token like the API)
 * and the open health probes {@code /health} (200 when live and ready), {@code /health/live}
 * and {@code /health/ready} (503 while not).
 */
public final class OpsRoutes implements RouteGroup {

  private final PrometheusMeterRegistry prometheus;
  private final Runnable beforeScrape;
  private final BooleanSupplier live;
  private final BooleanSupplier ready;

  public OpsRoutes(PrometheusMeterRegistry prometheus, Runnable beforeScrape, BooleanSupplier live, BooleanSupplier ready) {
    this.prometheus = prometheus;
    this.beforeScrape = beforeScrape;
    this.live = live;
    this.ready = ready;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.guardedLiteral("/metrics", Set.of(), (path, params) -> {
          beforeScrape.run();
          return Reply.ok(prometheus.scrape());
        }),
        Route.open("/health", Set.of(), (path, params) -> health(live.getAsBoolean() && ready.getAsBoolean())),
        Route.open("/health/live", Set.of(), (path, params) -> health(live.getAsBoolean())),
        Route.open("/health/ready", Set.of(), (path, params) -> health(ready.getAsBoolean())));
  }

  private Reply health(boolean up) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    body.put("live", live.getAsBoolean());
    body.put("ready", ready.getAsBoolean());
    return new Reply(up ? 200 : 503, body);
  }
}
