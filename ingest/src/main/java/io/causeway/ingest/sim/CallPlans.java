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
import static io.causeway.ingest.sim.OnlineBoutique.REDIS_CART;
import static io.causeway.ingest.sim.OnlineBoutique.SHIPPING;

import java.util.ArrayList;
import java.util.List;

/**
 * The user flows: which calls each handler makes, in order, following the Online Boutique
 * sources (frontend handlers.go, checkoutservice main.go, recommendationservice, cartservice's
 * redis store). Calls run one after another, as they do there.
 */
final class CallPlans {

  static final String LIST_PRODUCTS = grpc(PRODUCT_CATALOG, "ListProducts");
  static final String GET_PRODUCT = grpc(PRODUCT_CATALOG, "GetProduct");
  static final String CONVERT = grpc(CURRENCY, "Convert");
  static final String GET_SUPPORTED_CURRENCIES = grpc(CURRENCY, "GetSupportedCurrencies");
  static final String GET_CART = grpc(CART, "GetCart");
  static final String ADD_ITEM = grpc(CART, "AddItem");
  static final String EMPTY_CART = grpc(CART, "EmptyCart");
  static final String PLACE_ORDER = grpc(CHECKOUT, "PlaceOrder");
  static final String CHARGE = grpc(PAYMENT, "Charge");
  static final String GET_QUOTE = grpc(SHIPPING, "GetQuote");
  static final String SHIP_ORDER = grpc(SHIPPING, "ShipOrder");
  static final String SEND_ORDER_CONFIRMATION = grpc(EMAIL, "SendOrderConfirmation");
  static final String LIST_RECOMMENDATIONS = grpc(RECOMMENDATION, "ListRecommendations");
  static final String GET_ADS = grpc(AD, "GetAds");

  static final String REDIS_HGET = "HGET";
  static final String REDIS_HSET = "HSET";

  private CallPlans() {}

  static String grpc(String service, String method) {
    return OnlineBoutique.grpcService(service) + "/" + method;
  }

  /** The calls {@code service} makes while serving {@code operation} for {@code request}. */
  static List<Call> plan(String service, String operation, Request request) {
    return switch (service) {
      case FRONTEND -> frontend(request);
      case CHECKOUT -> PLACE_ORDER.equals(operation) ? placeOrder(request) : List.of();
      case RECOMMENDATION ->
          List.of(Call.critical(PRODUCT_CATALOG, LIST_PRODUCTS, "failed to list products"));
      case CART -> cart(operation);
      default -> List.of();
    };
  }

  private static List<Call> frontend(Request request) {
    return switch (request.page()) {
      case HOME -> home();
      case SET_CURRENCY -> List.of();
      case PRODUCT -> product();
      case ADD_TO_CART -> addToCart();
      case VIEW_CART -> viewCart(request);
      case CHECKOUT -> checkout();
    };
  }

  private static List<Call> home() {
    List<Call> calls = new ArrayList<>();
    calls.add(currencies());
    calls.add(Call.critical(PRODUCT_CATALOG, LIST_PRODUCTS, "could not retrieve products"));
    calls.add(Call.critical(CART, GET_CART, "could not retrieve cart"));
    for (String product : Request.PRODUCTS) {
      calls.add(
          Call.critical(
              CURRENCY, CONVERT, "failed to do currency conversion for product " + product));
    }
    calls.add(ads());
    return calls;
  }

  private static List<Call> product() {
    return List.of(
        Call.critical(PRODUCT_CATALOG, GET_PRODUCT, "could not retrieve product"),
        currencies(),
        Call.critical(CART, GET_CART, "could not retrieve cart"),
        Call.critical(CURRENCY, CONVERT, "failed to convert currency"),
        Call.critical(
            RECOMMENDATION, LIST_RECOMMENDATIONS, "failed to get product recommendations"),
        ads());
  }

  private static List<Call> addToCart() {
    return List.of(
        Call.critical(PRODUCT_CATALOG, GET_PRODUCT, "could not retrieve product"),
        Call.critical(CART, ADD_ITEM, "failed to add to cart"));
  }

  private static List<Call> viewCart(Request request) {
    List<Call> calls = new ArrayList<>();
    calls.add(currencies());
    calls.add(Call.critical(CART, GET_CART, "could not retrieve cart"));
    calls.add(
        Call.critical(
            RECOMMENDATION, LIST_RECOMMENDATIONS, "failed to get product recommendations"));
    calls.add(Call.critical(SHIPPING, GET_QUOTE, "failed to get shipping quote"));
    for (String product : request.cartProducts()) {
      calls.add(
          Call.critical(PRODUCT_CATALOG, GET_PRODUCT, "could not retrieve product #" + product));
      calls.add(
          Call.critical(CURRENCY, CONVERT, "could not convert currency for product #" + product));
    }
    return calls;
  }

  private static List<Call> checkout() {
    return List.of(
        Call.critical(CHECKOUT, PLACE_ORDER, "failed to complete the order"),
        Call.ignored(RECOMMENDATION, LIST_RECOMMENDATIONS),
        currencies());
  }

  private static List<Call> placeOrder(Request request) {
    List<Call> calls = new ArrayList<>();
    calls.add(
        Call.critical(CART, GET_CART, "cart failure: failed to get user cart during checkout"));
    for (String product : request.cartProducts()) {
      calls.add(
          Call.critical(
              PRODUCT_CATALOG, GET_PRODUCT, "failed to prepare order: failed to get product #\""
                  + product + "\""));
      calls.add(
          Call.critical(
              CURRENCY, CONVERT, "failed to prepare order: failed to convert price of \""
                  + product + "\" to " + request.currency()));
    }
    calls.add(Call.critical(SHIPPING, GET_QUOTE, "shipping quote failure: failed to get quote"));
    calls.add(
        Call.critical(
            CURRENCY, CONVERT, "shipping quote failure: failed to convert shipping cost"));
    calls.add(Call.critical(PAYMENT, CHARGE, "failed to charge card: could not charge the card"));
    calls.add(Call.critical(SHIPPING, SHIP_ORDER, "shipping error: shipment failed"));
    calls.add(Call.optional(CART, EMPTY_CART, "failed to empty user cart during checkout"));
    calls.add(
        Call.optional(
            EMAIL, SEND_ORDER_CONFIRMATION,
            "failed to send order confirmation to \"" + request.email() + "\""));
    return calls;
  }

  private static List<Call> cart(String operation) {
    String context = "Can't access cart storage.";
    if (ADD_ITEM.equals(operation)) {
      return List.of(
          Call.critical(REDIS_CART, REDIS_HGET, context),
          Call.critical(REDIS_CART, REDIS_HSET, context));
    }
    if (EMPTY_CART.equals(operation)) {
      return List.of(Call.critical(REDIS_CART, REDIS_HSET, context));
    }
    return List.of(Call.critical(REDIS_CART, REDIS_HGET, context));
  }

  private static Call currencies() {
    return Call.critical(CURRENCY, GET_SUPPORTED_CURRENCIES, "could not retrieve currencies");
  }

  private static Call ads() {
    return Call.optional(AD, GET_ADS, "failed to retrieve ads");
  }
}
