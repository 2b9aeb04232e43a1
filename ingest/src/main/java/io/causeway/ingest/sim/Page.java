package io.causeway.ingest.sim;

import java.util.Arrays;
import java.util.List;

/**
 * The frontend HTTP routes the Online Boutique load generator requests, with weights taken from
 * its locustfile: tasks index 1, setCurrency 2, browseProduct 10, addToCart 2 (a product page,
 * then POST /cart), viewCart 3 and checkout 1 (addToCart, then POST /cart/checkout). Counting the
 * requests each task makes gives the weights below, out of 23.
 */
enum Page {
  HOME("GET", "/", 1, 200),
  SET_CURRENCY("POST", "/setCurrency", 2, 302),
  PRODUCT("GET", "/product/{id}", 13, 200),
  ADD_TO_CART("POST", "/cart", 3, 302),
  VIEW_CART("GET", "/cart", 3, 200),
  CHECKOUT("POST", "/cart/checkout", 1, 200);

  private static final List<Page> PAGES = List.of(values());
  private static final int TOTAL_WEIGHT = Arrays.stream(values()).mapToInt(p -> p.weight).sum();

  private final String method;
  private final String route;
  private final int weight;
  private final int okStatus;

  Page(String method, String route, int weight, int okStatus) {
    this.method = method;
    this.route = route;
    this.weight = weight;
    this.okStatus = okStatus;
  }

  String method() {
    return method;
  }

  String route() {
    return route;
  }

  /** The span name of frontend's server span, e.g. {@code GET /product/{id}}. */
  String operation() {
    return method + " " + route;
  }

  /** HTTP status of a successful response; redirects for form posts. */
  int okStatus() {
    return okStatus;
  }

  /** The concrete path, with the product id filled in. */
  String path(String productId) {
    return this == PRODUCT ? "/product/" + productId : route;
  }

  static Page pick(SeededRandom random) {
    int ticket = random.nextInt(TOTAL_WEIGHT);
    for (Page page : PAGES) {
      ticket -= page.weight;
      if (ticket < 0) {
        return page;
      }
    }
    throw new IllegalStateException("weights do not add up");
  }
}
