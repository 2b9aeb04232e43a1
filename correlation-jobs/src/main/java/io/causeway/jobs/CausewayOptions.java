package io.causeway.jobs;

import io.causeway.core.correlation.IncidentLifecycle;
import io.causeway.core.correlation.RankingSettings;
import io.causeway.core.memory.MemorySettings;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every configuration key of the Causeway jobs, with its default and what it does. Pass them as
 * Flink configuration ({@code -Dcauseway.window=10s}) or through the launcher's flags.
 */
public final class CausewayOptions {

  private CausewayOptions() {}

  public static final ConfigOption<String> BOOTSTRAP_SERVERS =
      ConfigOptions.key("causeway.kafka.bootstrap-servers")
          .stringType()
          .noDefaultValue()
          .withDescription("Kafka bootstrap servers, host:port[,host:port]. Required.");

  public static final ConfigOption<String> OPTIONS_DIR =
      ConfigOptions.key("causeway.options-dir")
          .stringType()
          .noDefaultValue()
          .withDescription("A folder whose files are job options, each file's name a key and its content the value: a"
              + " Kubernetes ConfigMap mounted as a volume (deploy/k8s). Read where the job is built; arguments override it.");

  public static final ConfigOption<String> TOPIC_PREFIX =
      ConfigOptions.key("causeway.kafka.topic-prefix")
          .stringType()
          .defaultValue("")
          .withDescription("Prefix put before every default topic name, e.g. 'staging.'.");

  public static final ConfigOption<String> GROUP_ID_PREFIX =
      ConfigOptions.key("causeway.kafka.group-id-prefix")
          .stringType()
          .defaultValue("causeway")
          .withDescription("Consumer group id prefix; each job appends its name.");

  public static final ConfigOption<String> STARTING_OFFSETS =
      ConfigOptions.key("causeway.kafka.starting-offsets")
          .stringType()
          .defaultValue("committed-or-earliest")
          .withDescription("Where a job with no checkpoint starts reading: 'committed-or-earliest', 'earliest' or 'latest'.");

  public static final ConfigOption<Duration> WINDOW =
      ConfigOptions.key("causeway.window")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription("Width of the RED windows; each window is one point of a series.");

  public static final ConfigOption<Duration> LOG_COUNT_WINDOW =
      ConfigOptions.key("causeway.detection.log-count-window")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription("Width of the error-log count windows. Longer than the RED window: error lines are"
              + " sparse, and a count of one or two per window cannot tell a fault from noise.");

  public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
      ConfigOptions.key("causeway.event-time.out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription("How late an event may arrive and still count in its window.");

  public static final ConfigOption<Duration> IDLENESS =
      ConfigOptions.key("causeway.event-time.idleness")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription("A partition with no records for this long (wall time) stops holding back event time.");

  public static final ConfigOption<Duration> TRACE_JOIN_TIMEOUT =
      ConfigOptions.key("causeway.topology.trace-join-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription("Event time a trace's spans are kept to join parents with children.");

  public static final ConfigOption<Duration> EDGE_EXPIRY =
      ConfigOptions.key("causeway.topology.edge-expiry")
          .durationType()
          .defaultValue(Duration.ofMinutes(10))
          .withDescription("An edge with no calls for this long is removed from the graph (tombstone + REMOVED delta).");

  public static final ConfigOption<Duration> SERIES_TTL =
      ConfigOptions.key("causeway.detection.series-ttl")
          .durationType()
          .defaultValue(Duration.ofHours(6))
          .withDescription("A series' detector state is dropped after this long without a point.");

  public static final ConfigOption<Integer> MAX_SERIES_PER_SERVICE =
      ConfigOptions.key("causeway.detection.max-series-per-service")
          .intType()
          .defaultValue(500)
          .withDescription(
              "Series judged per service at a time (metrics with their labels, RED, edge and log series); a new series"
                  + " beyond it is not judged, counted in causeway.seriesRefused and noted on the dead-letter topic. A"
                  + " series silent for causeway.detection.series-ttl frees its place.");

  public static final ConfigOption<Integer> REMIND_EVERY =
      ConfigOptions.key("causeway.detection.remind-every")
          .intType()
          .defaultValue(6)
          .withDescription("A persisting anomaly is re-reported every this many points, keeping its incident open.");

  public static final ConfigOption<Integer> LOG_WARM_UP_LINES =
      ConfigOptions.key("causeway.detection.log-templates.warm-up-lines")
          .intType()
          .defaultValue(300)
          .withDescription(
              "Log lines a service's template miner learns from before a template first seen at WARN or above counts as a"
                  + " 'log.new-template' anomaly; at start every template is new. 0 reports from the first line.");

  public static final ConfigOption<Integer> LOG_CONFIRM_LINES =
      ConfigOptions.key("causeway.detection.log-templates.confirm-lines")
          .intType()
          .defaultValue(3)
          .withDescription(
              "Lines a new WARN-or-worse template needs within "
                  + "'causeway.detection.log-templates.confirm-within' of its first line to be reported, so that a one-off"
                  + " rare error does not open an incident; 1 reports on the first line.");

  public static final ConfigOption<Duration> LOG_PATH_WINDOW =
      ConfigOptions.key("causeway.detection.log-paths.window")
          .durationType()
          .defaultValue(Duration.ofMinutes(1))
          .withDescription("Width of the windows in which a service's log paths (the order of its lines within a trace)"
              + " are judged against what it usually logs.");

  public static final ConfigOption<Duration> LOG_PATH_QUIET_GAP =
      ConfigOptions.key("causeway.detection.log-paths.quiet-gap")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription("Event time a trace's lines in a service must be quiet before its log path is complete.");

  public static final ConfigOption<Double> LOG_PATH_THRESHOLD =
      ConfigOptions.key("causeway.detection.log-paths.threshold")
          .doubleType()
          .defaultValue(8.0)
          .withDescription("Score (G statistic of a template's successors against the baseline, over the square root of"
              + " its paths) at which a log-path shift is an anomaly.");

  public static final ConfigOption<Duration> LOG_CONFIRM_WITHIN =
      ConfigOptions.key("causeway.detection.log-templates.confirm-within")
          .durationType()
          .defaultValue(Duration.ofMinutes(1))
          .withDescription("Event time after its first line within which a new template must reach its confirm-lines.");

  public static final ConfigOption<Integer> LOG_MAX_TEMPLATES =
      ConfigOptions.key("causeway.detection.log-templates.max-templates")
          .intType()
          .defaultValue(1_000)
          .withDescription(
              "Log templates kept per service (the rarest is evicted beyond this); bounds the miner's state, which is"
                  + " written at each checkpoint: about 8 KB for 36 templates, 2.4 MB for 1000 templates of random words.");

  public static final ConfigOption<String> SCOPE =
      ConfigOptions.key("causeway.correlation.scope")
          .stringType()
          .defaultValue("default")
          .withDescription("Name of the environment whose anomalies are correlated together; part of incident ids.");

  public static final ConfigOption<Duration> GROUP_WINDOW =
      ConfigOptions.key("causeway.correlation.group-window")
          .durationType()
          .defaultValue(Duration.ofMinutes(5))
          .withDescription("An anomaly joins an open incident detected no longer than this after its last activity.");

  public static final ConfigOption<Duration> SETTLE =
      ConfigOptions.key("causeway.correlation.settle")
          .durationType()
          .defaultValue(Duration.ofSeconds(15))
          .withDescription("Event time between an incident's first anomaly and its OPEN snapshot, to gather its symptoms.");

  public static final ConfigOption<Duration> QUIET_PERIOD =
      ConfigOptions.key("causeway.correlation.quiet-period")
          .durationType()
          .defaultValue(Duration.ofMinutes(2))
          .withDescription("An incident resolves after this long with no anomaly activity.");

  public static final ConfigOption<Double> PATH_SHIFT_OPENS_AT =
      ConfigOptions.key("causeway.correlation.path-shift-opens-at")
          .doubleType()
          .defaultValue(IncidentLifecycle.DEFAULT_PATH_SHIFT_OPENS_AT)
          .withDescription("A log-path shift scoring below this joins incidents but opens none: one weak window of a service's paths is evidence, not a page.");

  public static final ConfigOption<String> POLICY_FILE =
      ConfigOptions.key("causeway.correlation.policy-file")
          .stringType()
          .noDefaultValue()
          .withDescription("YAML policy that gives every suggested action its verdict (docs/policy.md). Read and checked"
              + " where the job is built, and shipped inside it; a bad file stops the start with its line and reason."
              + " Unset: the default policy.");

  public static final ConfigOption<Duration> CONTEXT_RETENTION =
      ConfigOptions.key("causeway.correlation.context-retention")
          .durationType()
          .defaultValue(Duration.ofHours(1))
          .withDescription("How long graph edges and change events are kept for ranking (state TTL).");

  private static final RankingSettings RANKING = RankingSettings.defaults();

  /** The ranking's settings from {@code causeway.correlation.*} (defaults: {@link RankingSettings#defaults()}). */
  public static RankingSettings rankingSettings(org.apache.flink.configuration.ReadableConfig config) {
    return new RankingSettings(
        config.get(RANKING_EXPLAINED_PENALTY),
        config.get(RANKING_CALLER_SUPPORT),
        config.get(RANKING_MAX_CALLER_SUPPORT),
        config.get(RANKING_CHANGE_BOOST),
        config.get(RANKING_CHANGE_LOOKBACK),
        config.get(RANKING_SATURATION_BOOST),
        config.get(RANKING_ONSET_HALF_LIFE),
        config.get(RANKING_MIN_CONFIDENCE),
        config.get(EDGE_ATTRIBUTION),
        config.get(MIN_SLOW_EDGES_AT_CALLER),
        config.getOptional(CALIBRATION_SLOPE)
            .map(slope -> new io.causeway.core.correlation.ConfidenceCalibration(true, slope, config.get(CALIBRATION_INTERCEPT)))
            .orElse(io.causeway.core.correlation.ConfidenceCalibration.IDENTITY));
  }

  public static final ConfigOption<Double> RANKING_EXPLAINED_PENALTY =
      ConfigOptions.key("causeway.correlation.ranking.explained-penalty")
          .doubleType()
          .defaultValue(RANKING.explainedPenalty())
          .withDescription("Factor on a suspect whose own dependencies are anomalous at least as strongly as it is (weaker ones lower it"
              + " in proportion): the symptom of a fault below it, not its cause.");

  public static final ConfigOption<Double> RANKING_CALLER_SUPPORT =
      ConfigOptions.key("causeway.correlation.ranking.caller-support")
          .doubleType()
          .defaultValue(RANKING.callerSupport())
          .withDescription("Added to a suspect's factor per anomalous (transitive) caller, up to max-caller-support callers: a fault"
              + " spreads upstream.");

  public static final ConfigOption<Integer> RANKING_MAX_CALLER_SUPPORT =
      ConfigOptions.key("causeway.correlation.ranking.max-caller-support")
          .intType()
          .defaultValue(RANKING.maxCallerSupport())
          .withDescription("Anomalous callers that count for caller-support at most, so a hub is not ranked for its fan-in alone.");

  public static final ConfigOption<Double> RANKING_CHANGE_BOOST =
      ConfigOptions.key("causeway.correlation.ranking.change-boost")
          .doubleType()
          .defaultValue(RANKING.changeBoost())
          .withDescription("Factor on a suspect with a deploy, config, flag or rollback change within change-lookback before the onset.");

  public static final ConfigOption<Duration> RANKING_CHANGE_LOOKBACK =
      ConfigOptions.key("causeway.correlation.ranking.change-lookback")
          .durationType()
          .defaultValue(RANKING.changeLookback())
          .withDescription("How long before an incident's onset a change still counts for change-boost.");

  public static final ConfigOption<Double> RANKING_SATURATION_BOOST =
      ConfigOptions.key("causeway.correlation.ranking.saturation-boost")
          .doubleType()
          .defaultValue(RANKING.saturationBoost())
          .withDescription("Factor on a suspect with a saturation or resource anomaly of its own.");

  public static final ConfigOption<Duration> RANKING_ONSET_HALF_LIFE =
      ConfigOptions.key("causeway.correlation.ranking.onset-half-life")
          .durationType()
          .defaultValue(RANKING.onsetHalfLife())
          .withDescription("A suspect whose onset trails the incident's first onset by this much loses half its score: causes come first.");

  public static final ConfigOption<Double> RANKING_MIN_CONFIDENCE =
      ConfigOptions.key("causeway.correlation.ranking.min-confidence")
          .doubleType()
          .defaultValue(RANKING.minConfidence())
          .withDescription("Below this first-suspect confidence the incident says it has no confident cause.");

  public static final ConfigOption<Double> CALIBRATION_SLOPE =
      ConfigOptions.key("causeway.correlation.calibration.slope")
          .doubleType()
          .noDefaultValue()
          .withDescription("Set to calibrate confidences: calibrated = 1 / (1 + exp(-(slope * raw + intercept))), a monotone map fitted"
              + " by bench rca on one day's pages and checked on another. Unset: raw confidences.");

  public static final ConfigOption<Double> CALIBRATION_INTERCEPT =
      ConfigOptions.key("causeway.correlation.calibration.intercept")
          .doubleType()
          .defaultValue(0.0)
          .withDescription("The intercept of the confidence calibration (see causeway.correlation.calibration.slope).");

  public static final ConfigOption<Boolean> EDGE_ATTRIBUTION =
      ConfigOptions.key("causeway.correlation.edge-attribution")
          .booleanType()
          .defaultValue(RankingSettings.defaults().edgeAttribution())
          .withDescription("Charge a slowed edge's latency to the service where it entered: its callee, or its caller when the caller is"
              + " slowed on several of its calls and the callee for that caller alone (a delay on the caller's own network).");

  public static final ConfigOption<Integer> MIN_SLOW_EDGES_AT_CALLER =
      ConfigOptions.key("causeway.correlation.edge-attribution.min-slow-edges")
          .intType()
          .defaultValue(RankingSettings.DEFAULT_MIN_SLOW_EDGES_AT_CALLER)
          .withDescription("Slowed edges out of a caller from which a callee slowed for that caller alone is not blamed for it.");

  private static final MemorySettings MEMORY = MemorySettings.defaults();

  public static final ConfigOption<Double> MEMORY_MIN_SIMILARITY =
      ConfigOptions.key("causeway.memory.min-similarity")
          .doubleType()
          .defaultValue(MEMORY.minSimilarity())
          .withDescription("A past incident at least this similar to a new one (weighted Jaccard over their fingerprints, 0-1) is recalled: listed and weighed.");

  public static final ConfigOption<Double> MEMORY_SAME_SHAPE =
      ConfigOptions.key("causeway.memory.same-shape")
          .doubleType()
          .defaultValue(MEMORY.sameShape())
          .withDescription("A new incident at least this similar to a fingerprint joins it rather than starting a fingerprint of its own.");

  public static final ConfigOption<Integer> MEMORY_MAX_SIMILAR =
      ConfigOptions.key("causeway.memory.max-similar")
          .intType()
          .defaultValue(MEMORY.maxSimilar())
          .withDescription("Similar past incidents listed in a hypothesis' evidence.");

  public static final ConfigOption<Duration> MEMORY_HALF_LIFE =
      ConfigOptions.key("causeway.memory.half-life")
          .durationType()
          .defaultValue(MEMORY.halfLife())
          .withDescription("A responder's verdict this old weighs half as much.");

  public static final ConfigOption<Double> MEMORY_CONFIRM_WEIGHT =
      ConfigOptions.key("causeway.memory.confirm-weight")
          .doubleType()
          .defaultValue(MEMORY.confirmWeight())
          .withDescription("What one fresh confirmation on an identical incident adds to the log of its cause's prior factor.");

  public static final ConfigOption<Double> MEMORY_REJECT_WEIGHT =
      ConfigOptions.key("causeway.memory.reject-weight")
          .doubleType()
          .defaultValue(MEMORY.rejectWeight())
          .withDescription("What one fresh rejection on an identical incident takes from the log of that suspect's prior factor.");

  public static final ConfigOption<Double> MEMORY_MAX_PRIOR =
      ConfigOptions.key("causeway.memory.max-prior")
          .doubleType()
          .defaultValue(MEMORY.maxPrior())
          .withDescription("Cap of memory's factor on a live score, both ways (at most this times, at least one over it); 1 turns priors off.");

  public static final ConfigOption<Integer> MEMORY_MAX_FINGERPRINTS =
      ConfigOptions.key("causeway.memory.max-fingerprints")
          .intType()
          .defaultValue(MEMORY.maxFingerprints())
          .withDescription("Fingerprints kept in state; beyond it the one seen longest ago is evicted.");

  public static final ConfigOption<Duration> MEMORY_RETENTION =
      ConfigOptions.key("causeway.memory.retention")
          .durationType()
          .defaultValue(MEMORY.retention())
          .withDescription("A fingerprint with no incident and no verdict for this long expires (state TTL).");

  public static final ConfigOption<Integer> MEMORY_MAX_HISTORY =
      ConfigOptions.key("causeway.memory.max-history")
          .intType()
          .defaultValue(MEMORY.maxHistory())
          .withDescription("Incident ids and verdicts kept per fingerprint; the oldest are dropped.");

  public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
      ConfigOptions.key("causeway.kafka.transaction-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(60))
          .withDescription("Kafka transaction timeout of the exactly-once incidents sink; must be below the broker's transaction.max.timeout.ms.");
}
