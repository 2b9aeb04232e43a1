package io.causeway.statequeries.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.statequeries.views.PageRequest;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParamsTest {

  private static final Set<String> ALLOWED = Set.of("at", "limit", "offset");

  @Test
  void readsIsoTimesWithZoneOrOffsetAndEpochMilliseconds() {
    assertThat(Params.parse("at=2026-11-28T06:14:15Z", ALLOWED).instant("at", null)).isEqualTo(Instant.parse("2026-11-28T06:14:15Z"));
    assertThat(Params.parse("at=2026-11-28T07:14:15%2B01:00", ALLOWED).instant("at", null)).isEqualTo(Instant.parse("2026-11-28T06:14:15Z"));
    assertThat(Params.parse("at=2026-11-28T07:14:15+01:00", ALLOWED).instant("at", null)).isEqualTo(Instant.parse("2026-11-28T06:14:15Z"));
    assertThat(Params.parse("at=1795846455000", ALLOWED).instant("at", null)).isEqualTo(Instant.ofEpochMilli(1795846455000L));
  }

  @Test
  void aTimeThatIsNotOneIsABadRequestThatShowsTheExpectedForm() {
    assertThatThrownBy(() -> Params.parse("at=yesterday", ALLOWED).instant("at", null))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("'at' must be an ISO-8601 time such as 2026-11-28T06:14:15Z");
  }

  @Test
  void aMissingRequiredTimeIsABadRequest() {
    assertThatThrownBy(() -> Params.parse("", ALLOWED).instant("at", null)).hasMessageContaining("'at' is required");
  }

  @Test
  void unknownAndRepeatedParametersAreBadRequests() {
    assertThatThrownBy(() -> Params.parse("limt=5", ALLOWED)).hasMessageContaining("unknown parameter 'limt'; this endpoint takes at, limit, offset");
    assertThatThrownBy(() -> Params.parse("limit=5&limit=6", ALLOWED)).hasMessageContaining("'limit' is given more than once");
  }

  @Test
  void pagesDefaultAndStayWithinTheMaximumLimit() {
    assertThat(Params.parse("", ALLOWED).page(50, 500)).isEqualTo(new PageRequest(50, 0));
    assertThat(Params.parse("limit=500&offset=20", ALLOWED).page(50, 500)).isEqualTo(new PageRequest(500, 20));
    assertThatThrownBy(() -> Params.parse("limit=501", ALLOWED).page(50, 500)).hasMessageContaining("'limit' must be between 1 and 500, was 501");
    assertThatThrownBy(() -> Params.parse("limit=0", ALLOWED).page(50, 500)).hasMessageContaining("between 1 and 500");
    assertThatThrownBy(() -> Params.parse("offset=-1", ALLOWED).page(50, 500)).hasMessageContaining("'offset' must be between 0");
    assertThatThrownBy(() -> Params.parse("limit=ten", ALLOWED).page(50, 500)).hasMessageContaining("'limit' must be a whole number, was 'ten'");
  }
}
