package io.causeway.statequeries.views;

import java.util.List;

/**
 * One page of a list: its items, how many match in all, and the offset of the next page (null
 * on the last page).
 */
public record Page<T>(List<T> items, long total, int limit, int offset, Integer nextOffset) {

  public static <T> Page<T> of(List<T> items, long total, PageRequest request) {
    long next = (long) request.offset() + items.size();
    Integer nextOffset = next < total && !items.isEmpty() ? Integer.valueOf((int) next) : null;
    return new Page<>(List.copyOf(items), total, request.limit(), request.offset(), nextOffset);
  }
}
