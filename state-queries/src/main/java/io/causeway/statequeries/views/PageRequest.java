package io.causeway.statequeries.views;

/** Which slice of a list to answer: at most {@code limit} items after skipping {@code offset}. */
public record PageRequest(int limit, int offset) {

  public PageRequest {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, was " + offset);
    }
  }

  /** True while the item at {@code index} (0-based, in list order) is before the page. */
  public boolean before(long index) {
    return index < offset;
  }

  /** True once the item at {@code index} is past the page. */
  public boolean after(long index) {
    return index >= (long) offset + limit;
  }
}
