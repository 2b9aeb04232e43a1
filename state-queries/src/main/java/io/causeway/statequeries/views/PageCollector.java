package io.causeway.statequeries.views;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Counts every matching item of a scan and keeps only those on the requested page, decoding an
 * item only when it is kept.
 */
public final class PageCollector<T> {

  private final PageRequest request;
  private final List<T> items = new ArrayList<>();
  private long total;

  public PageCollector(PageRequest request) {
    this.request = request;
  }

  public void offer(Supplier<T> item) {
    if (!request.before(total) && !request.after(total)) {
      items.add(item.get());
    }
    total++;
  }

  public Page<T> page() {
    return Page.of(items, total, request);
  }
}
