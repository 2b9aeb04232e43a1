package io.causeway.core.correlation;

import io.causeway.avro.FaultKind;
import io.causeway.avro.Hypothesis;
import org.assertj.core.api.AbstractAssert;

/** Domain assertions for a ranked {@link Hypothesis}. */
final class HypothesisAssert extends AbstractAssert<HypothesisAssert, Hypothesis> {

  private HypothesisAssert(Hypothesis actual) {
    super(actual, HypothesisAssert.class);
  }

  static HypothesisAssert assertThatHypothesis(Hypothesis actual) {
    return new HypothesisAssert(actual);
  }

  HypothesisAssert blames(String service) {
    isNotNull();
    if (!actual.getService().equals(service)) {
      failWithMessage("Expected the hypothesis to blame <%s> but it blames <%s>", service, actual.getService());
    }
    return this;
  }

  HypothesisAssert hasFaultKind(FaultKind kind) {
    isNotNull();
    if (actual.getFaultKind() != kind) {
      failWithMessage("Expected %s to be a <%s> fault but was <%s>", actual.getService(), kind, actual.getFaultKind());
    }
    return this;
  }

  HypothesisAssert restsOn(String factor) {
    isNotNull();
    if (!actual.getBasis().contains(factor)) {
      failWithMessage("Expected the basis of %s to name <%s> but it was %s", actual.getService(), factor, actual.getBasis());
    }
    return this;
  }

  HypothesisAssert doesNotRestOn(String factor) {
    isNotNull();
    if (actual.getBasis().contains(factor)) {
      failWithMessage("Expected the basis of %s not to name <%s> but it was %s", actual.getService(), factor, actual.getBasis());
    }
    return this;
  }
}
