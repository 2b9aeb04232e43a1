package io.causeway.ingest.sim;

import static io.causeway.ingest.sim.OnlineBoutique.AD;
import static io.causeway.ingest.sim.OnlineBoutique.CART;
import static io.causeway.ingest.sim.OnlineBoutique.CHECKOUT;
import static io.causeway.ingest.sim.OnlineBoutique.CURRENCY;
import static io.causeway.ingest.sim.OnlineBoutique.EMAIL;
import static io.causeway.ingest.sim.OnlineBoutique.FRONTEND;
import static io.causeway.ingest.sim.OnlineBoutique.PAYMENT;
import static io.causeway.ingest.sim.OnlineBoutique.PRODUCT_CATALOG;
import static io.causeway.ingest.sim.OnlineBoutique.RECOMMENDATION;
import static io.causeway.ingest.sim.OnlineBoutique.SHIPPING;

import java.util.List;
import java.util.Optional;

/** The INFO lines each service writes for a request it served, in the style of its sources. */
final class LogLines {

  private static final List<String> AD_CONTEXT =
      List.of("clothing", "accessories", "footwear", "hair", "decor", "kitchen");

  private LogLines() {}

  /**
   * One INFO line for a successful request; empty for services that log nothing per request.
   *
   * @param tookMillis the server span's duration
   */
  static Optional<String> served(
      String service, String operation, Request request, long tookMillis, SeededRandom rng) {
    String method = operation.substring(operation.indexOf('/') + 1);
    return Optional.ofNullable(
        switch (service) {
          case FRONTEND -> frontend(request, tookMillis);
          case CART -> cart(method, request, rng);
          case PRODUCT_CATALOG -> catalog(method, request);
          case CURRENCY -> currency(method);
          case PAYMENT -> payment(request, rng);
          case SHIPPING -> "[" + method + "] completed request";
          case EMAIL -> "A request to send order confirmation email to " + request.email()
              + " has been received.";
          case CHECKOUT -> "[PlaceOrder] user_id=\"" + request.userId() + "\" user_currency=\""
              + request.currency() + "\"";
          case RECOMMENDATION -> "[Recv ListRecommendations] product_ids=['"
              + request.productId() + "']";
          case AD -> "received ad request (context_words=[" + rng.pick(AD_CONTEXT) + "])";
          default -> null;
        });
  }

  private static String frontend(Request request, long tookMillis) {
    Page page = request.page();
    return "request complete http.req.method=" + page.method() + " http.req.path="
        + page.path(request.productId()) + " http.resp.status=" + page.okStatus()
        + " http.resp.took_ms=" + tookMillis;
  }

  private static String cart(String method, Request request, SeededRandom rng) {
    return switch (method) {
      case "AddItem" -> "AddItemAsync called with userId=" + request.userId() + ", productId="
          + request.productId() + ", quantity=" + rng.between(1, 10);
      case "EmptyCart" -> "EmptyCartAsync called with userId=" + request.userId();
      default -> "GetCartAsync called with userId=" + request.userId();
    };
  }

  private static String catalog(String method, Request request) {
    if ("GetProduct".equals(method)) {
      return "[GetProduct] id=" + request.productId();
    }
    return "[ListProducts] returned " + Request.PRODUCTS.size() + " products";
  }

  private static String currency(String method) {
    return "Convert".equals(method)
        ? "conversion request successful"
        : "Getting supported currencies...";
  }

  private static String payment(Request request, SeededRandom rng) {
    return "Transaction processed: visa ending " + rng.between(1000, 9999) + " Amount: "
        + request.currency() + rng.between(10, 900) + "." + rng.between(10, 99);
  }

  /** The WARN line of a caller whose call took unusually long. */
  static String slowCall(Call call, long tookMillis) {
    return "slow call to " + call.callee() + " " + call.operation() + " took " + tookMillis
        + "ms";
  }
}
