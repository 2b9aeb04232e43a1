package io.causeway.ingest.sim;

import static io.causeway.ingest.sim.OnlineBoutique.FRONTEND;
import static io.causeway.ingest.sim.OnlineBoutique.REDIS_CART;

import io.causeway.avro.LogRecord;
import io.causeway.avro.Severity;
import io.causeway.avro.Span;
import io.causeway.avro.SpanKind;
import io.causeway.avro.SpanStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Generates one user request as a whole trace: frontend's server span as the root, a CLIENT span
 * in the caller and a SERVER span in the callee for every gRPC call, CLIENT spans for redis, and
 * the log lines the services write on the way. Calls run in sequence; a parent lasts its own
 * service time plus its children plus network time, and failures flow back up to callers.
 */
final class TraceGenerator {

  /** Share of server spans (and redis commands) that fail with no fault injected. */
  static final double BASELINE_ERROR_RATE = 0.001;
  /** Share of successful server spans that write an INFO line. */
  static final double INFO_LOG_RATE = 0.1;
  /** Callers warn about calls slower than this... */
  static final long SLOW_CALL_MICROS = 100_000;
  /** ...in this share of cases, so a slow dependency does not flood the logs. */
  static final double SLOW_CALL_LOG_RATE = 0.25;

  private static final double NETWORK_MEDIAN_MILLIS = 0.15;
  private static final double NETWORK_SIGMA = 0.5;
  /** Share of requests hit by a pause (GC, CPU throttling) of 5 to 15 times the service time. */
  private static final double PAUSE_RATE = 0.005;

  private final FaultModel faults;
  private final Pods pods;

  TraceGenerator(FaultModel faults, Pods pods) {
    this.faults = faults;
    this.pods = pods;
  }

  /** The spans, logs and per-service request counts of one request arriving at frontend. */
  record Trace(List<Span> spans, List<LogRecord> logs, Map<String, Integer> requests) {}

  Trace generate(long arrivalMicros, SeededRandom rng) {
    Request request = Request.random(rng);
    Run run = new Run(request, rng);
    run.serve(FRONTEND, request.page().operation(), null, arrivalMicros);
    return new Trace(List.copyOf(run.spans), List.copyOf(run.logs), Map.copyOf(run.requests));
  }

  private record Outcome(long endMicros, Failure failure) {
    boolean failed() {
      return failure != null;
    }
  }

  /** The mutable state of generating one trace; spans are added as they end (post-order). */
  private final class Run {
    private final Request request;
    private final SeededRandom rng;
    private final String traceId;
    private final List<Span> spans = new ArrayList<>();
    private final List<LogRecord> logs = new ArrayList<>();
    private final Map<String, Integer> requests = new TreeMap<>();

    Run(Request request, SeededRandom rng) {
      this.request = request;
      this.rng = rng;
      this.traceId = rng.hex(32);
    }

    Outcome serve(String service, String operation, String parentSpanId, long startMicros) {
      ServiceProfile profile = ServiceProfile.of(service);
      String spanId = rng.hex(16);
      Failure ownFailure = ownFailure(profile, operation, startMicros);
      List<Call> plan = plannedCalls(service, operation, ownFailure);
      long slice = ownTimeMicros(profile, startMicros) / (plan.size() + 1);
      long cursor = startMicros + slice;
      Failure failure = ownFailure;
      for (Call call : plan) {
        long callStart = cursor;
        Outcome outcome = call(service, spanId, call, callStart);
        cursor = outcome.endMicros() + slice;
        Failure passedOn = react(profile, spanId, call, callStart, outcome);
        if (passedOn != null) {
          failure = passedOn;
          break;
        }
      }
      spans.add(serverSpan(service, operation, spanId, parentSpanId, startMicros, cursor, failure));
      logOutcome(profile, operation, spanId, startMicros, cursor, ownFailure, failure);
      requests.merge(service, 1, Integer::sum);
      return new Outcome(cursor, failure);
    }

    private Failure ownFailure(ServiceProfile profile, String operation, long atMicros) {
      Optional<ErrorCatalog.Cause> injected =
          faults.injectedFailure(profile.service(), atMicros, rng);
      if (injected.isPresent()) {
        return ErrorCatalog.own(profile, operation, injected.get());
      }
      if (rng.chance(BASELINE_ERROR_RATE)) {
        return ErrorCatalog.own(profile, operation, ErrorCatalog.Cause.TRANSIENT);
      }
      return null;
    }

    /** A handler that fails on its own gets partway through its calls first. */
    private List<Call> plannedCalls(String service, String operation, Failure ownFailure) {
      List<Call> plan = CallPlans.plan(service, operation, request);
      return ownFailure == null ? plan : plan.subList(0, rng.nextInt(plan.size() + 1));
    }

    private long ownTimeMicros(ServiceProfile profile, long atMicros) {
      double healthy = rng.lognormal(profile.medianMillis(), profile.sigma());
      if (rng.chance(PAUSE_RATE)) {
        healthy *= rng.between(5.0, 15.0);
      }
      double millis = faults.serviceTimeMillis(profile.service(), healthy, atMicros, rng);
      return Math.max(1, Math.round(millis * 1000));
    }

    private long networkMicros() {
      return Math.max(1, Math.round(rng.lognormal(NETWORK_MEDIAN_MILLIS, NETWORK_SIGMA) * 1000));
    }

    private Outcome call(String caller, String parentSpanId, Call call, long startMicros) {
      String spanId = rng.hex(16);
      long there = networkMicros();
      long back = networkMicros();
      Outcome remote =
          REDIS_CART.equals(call.callee())
              ? redis(call, startMicros + there)
              : serve(call.callee(), call.operation(), spanId, startMicros + there);
      long end = remote.endMicros() + back;
      spans.add(clientSpan(caller, call, spanId, parentSpanId, startMicros, end, remote.failure()));
      return new Outcome(end, remote.failure());
    }

    private Outcome redis(Call call, long startMicros) {
      ServiceProfile profile = ServiceProfile.of(REDIS_CART);
      long took = Math.max(1, Math.round(rng.lognormal(profile.medianMillis(), profile.sigma())
          * 1000));
      Failure failure =
          rng.chance(BASELINE_ERROR_RATE) ? ErrorCatalog.redis(call.operation()) : null;
      requests.merge(REDIS_CART, 1, Integer::sum);
      return new Outcome(startMicros + took, failure);
    }

    /** Logs what the caller makes of a finished call; returns the failure it passes on. */
    private Failure react(
        ServiceProfile caller, String serverSpanId, Call call, long startMicros, Outcome outcome) {
      String service = caller.service();
      if (!outcome.failed()) {
        long took = outcome.endMicros() - startMicros;
        if (took > SLOW_CALL_MICROS && rng.chance(SLOW_CALL_LOG_RATE)) {
          log(service, serverSpanId, outcome.endMicros(), Severity.WARN,
              LogLines.slowCall(call, took / 1000), null);
        }
        return null;
      }
      String line = ErrorCatalog.callerFailureLog(service, call, outcome.failure());
      return switch (call.onFailure()) {
        case FAIL -> {
          log(service, serverSpanId, outcome.endMicros(), Severity.ERROR, line, null);
          yield ErrorCatalog.propagated(caller, call, outcome.failure());
        }
        case WARN -> {
          log(service, serverSpanId, outcome.endMicros(), Severity.WARN, line, null);
          yield null;
        }
        case IGNORE -> null;
      };
    }

    private void logOutcome(
        ServiceProfile profile,
        String operation,
        String spanId,
        long startMicros,
        long endMicros,
        Failure ownFailure,
        Failure failure) {
      String service = profile.service();
      if (ownFailure != null) {
        log(service, spanId, endMicros, Severity.ERROR,
            ErrorCatalog.ownFailureLog(profile, operation, ownFailure),
            ownFailure.exceptionType());
      } else if (failure == null && rng.chance(INFO_LOG_RATE)) {
        long tookMillis = (endMicros - startMicros) / 1000;
        LogLines.served(service, operation, request, tookMillis, rng)
            .ifPresent(line -> log(service, spanId, endMicros, Severity.INFO, line, null));
      }
    }

    private void log(
        String service,
        String spanId,
        long atMicros,
        Severity severity,
        String body,
        String exceptionType) {
      Map<String, String> attributes = new TreeMap<>();
      attributes.put("k8s.pod.name", pods.of(service));
      if (exceptionType != null) {
        attributes.put("exception.type", exceptionType);
      }
      logs.add(
          LogRecord.newBuilder()
              .setService(service)
              .setTimestamp(instant(atMicros))
              .setSeverity(severity)
              .setBody(body)
              .setTraceId(traceId)
              .setSpanId(spanId)
              .setAttributes(attributes)
              .build());
    }

    private Span serverSpan(
        String service,
        String operation,
        String spanId,
        String parentSpanId,
        long startMicros,
        long endMicros,
        Failure failure) {
      Map<String, String> attributes =
          FRONTEND.equals(service) ? httpAttributes(failure) : grpcAttributes(operation, failure);
      return span(service, operation, SpanKind.SERVER, spanId, parentSpanId, startMicros,
          endMicros, failure, null, attributes);
    }

    private Span clientSpan(
        String caller,
        Call call,
        String spanId,
        String parentSpanId,
        long startMicros,
        long endMicros,
        Failure failure) {
      Map<String, String> attributes =
          REDIS_CART.equals(call.callee())
              ? redisAttributes(call, failure)
              : grpcAttributes(call.operation(), failure);
      attributes.put("server.address", call.callee());
      attributes.put("server.port", Integer.toString(OnlineBoutique.port(call.callee())));
      return span(caller, call.operation(), SpanKind.CLIENT, spanId, parentSpanId, startMicros,
          endMicros, failure, call.callee(), attributes);
    }

    private Map<String, String> httpAttributes(Failure failure) {
      Page page = request.page();
      Map<String, String> attributes = new TreeMap<>();
      attributes.put("http.request.method", page.method());
      attributes.put("http.route", page.route());
      attributes.put("url.path", page.path(request.productId()));
      String status = failure == null ? Integer.toString(page.okStatus()) : "500";
      attributes.put("http.response.status_code", status);
      if (failure != null) {
        attributes.put("error.type", status);
      }
      return attributes;
    }

    private Map<String, String> grpcAttributes(String operation, Failure failure) {
      int slash = operation.indexOf('/');
      Map<String, String> attributes = new TreeMap<>();
      attributes.put("rpc.system", "grpc");
      attributes.put("rpc.service", operation.substring(0, slash));
      attributes.put("rpc.method", operation.substring(slash + 1));
      attributes.put(
          "rpc.grpc.status_code", Integer.toString(failure == null ? 0 : failure.code().number()));
      if (failure != null) {
        attributes.put("error.type", failure.code().label());
      }
      return attributes;
    }

    private Map<String, String> redisAttributes(Call call, Failure failure) {
      Map<String, String> attributes = new TreeMap<>();
      attributes.put("db.system", "redis");
      attributes.put("db.operation.name", call.operation());
      if (failure != null) {
        attributes.put("error.type", "RedisConnectionException");
      }
      return attributes;
    }

    private Span span(
        String service,
        String operation,
        SpanKind kind,
        String spanId,
        String parentSpanId,
        long startMicros,
        long endMicros,
        Failure failure,
        String peerService,
        Map<String, String> attributes) {
      return Span.newBuilder()
          .setTraceId(traceId)
          .setSpanId(spanId)
          .setParentSpanId(parentSpanId)
          .setService(service)
          .setInstance(pods.of(service))
          .setOperation(operation)
          .setKind(kind)
          .setStartTime(instant(startMicros))
          .setDurationMicros(endMicros - startMicros)
          .setStatus(failure == null ? SpanStatus.UNSET : SpanStatus.ERROR)
          .setPeerService(peerService)
          .setAttributes(attributes)
          .build();
    }
  }

  /** Timestamps on our topics are millisecond precision. */
  static Instant instant(long epochMicros) {
    return Instant.ofEpochMilli(Math.floorDiv(epochMicros, 1000));
  }
}
