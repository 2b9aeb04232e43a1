package io.causeway.ingest.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Online Boutique topology (GoogleCloudPlatform/microservices-demo): its services, their
 * gRPC service names and ports, and who calls whom (DESIGN.md section 8). A load generator drives
 * {@link #FRONTEND}; {@link #REDIS_CART} is a data store reached only by {@link #CART}.
 */
public final class OnlineBoutique {

  public static final String FRONTEND = "frontend";
  public static final String CART = "cartservice";
  public static final String PRODUCT_CATALOG = "productcatalogservice";
  public static final String CURRENCY = "currencyservice";
  public static final String PAYMENT = "paymentservice";
  public static final String SHIPPING = "shippingservice";
  public static final String EMAIL = "emailservice";
  public static final String CHECKOUT = "checkoutservice";
  public static final String RECOMMENDATION = "recommendationservice";
  public static final String AD = "adservice";
  public static final String REDIS_CART = "redis-cart";

  /** Kubernetes namespace the demo runs in. */
  public static final String NAMESPACE = "default";

  private static final List<String> SERVICES =
      List.of(
          FRONTEND,
          CART,
          PRODUCT_CATALOG,
          CURRENCY,
          PAYMENT,
          SHIPPING,
          EMAIL,
          CHECKOUT,
          RECOMMENDATION,
          AD,
          REDIS_CART);

  private static final Map<String, List<String>> CALLEES = callees();

  private static final Map<String, String> GRPC_SERVICES =
      Map.of(
          CART, "hipstershop.CartService",
          PRODUCT_CATALOG, "hipstershop.ProductCatalogService",
          CURRENCY, "hipstershop.CurrencyService",
          PAYMENT, "hipstershop.PaymentService",
          SHIPPING, "hipstershop.ShippingService",
          EMAIL, "hipstershop.EmailService",
          CHECKOUT, "hipstershop.CheckoutService",
          RECOMMENDATION, "hipstershop.RecommendationService",
          AD, "hipstershop.AdService");

  private static final Map<String, Integer> PORTS =
      Map.ofEntries(
          Map.entry(FRONTEND, 8080),
          Map.entry(CART, 7070),
          Map.entry(PRODUCT_CATALOG, 3550),
          Map.entry(CURRENCY, 7000),
          Map.entry(PAYMENT, 50051),
          Map.entry(SHIPPING, 50051),
          Map.entry(EMAIL, 5000),
          Map.entry(CHECKOUT, 5050),
          Map.entry(RECOMMENDATION, 8080),
          Map.entry(AD, 9555),
          Map.entry(REDIS_CART, 6379));

  private OnlineBoutique() {}

  private static Map<String, List<String>> callees() {
    Map<String, List<String>> callees = new LinkedHashMap<>();
    callees.put(
        FRONTEND, List.of(AD, CART, CHECKOUT, CURRENCY, PRODUCT_CATALOG, RECOMMENDATION, SHIPPING));
    callees.put(CHECKOUT, List.of(CART, CURRENCY, EMAIL, PAYMENT, PRODUCT_CATALOG, SHIPPING));
    callees.put(RECOMMENDATION, List.of(PRODUCT_CATALOG));
    callees.put(CART, List.of(REDIS_CART));
    return Map.copyOf(callees);
  }

  /** All eleven services, including the {@code redis-cart} store, in a fixed order. */
  public static List<String> services() {
    return SERVICES;
  }

  /** The services that may be a fault target: every service except {@code redis-cart}. */
  public static List<String> faultTargets() {
    return SERVICES.stream().filter(s -> !s.equals(REDIS_CART)).toList();
  }

  public static boolean isService(String name) {
    return SERVICES.contains(name);
  }

  /**
   * Every caller to callee pair of the demo, fourteen gRPC calls plus cartservice to redis, in a
   * fixed order (callers as in {@link #services()}).
   */
  public static Set<ServiceCall> callGraph() {
    Set<ServiceCall> calls = new LinkedHashSet<>();
    for (String caller : SERVICES) {
      for (String callee : callees(caller)) {
        calls.add(new ServiceCall(caller, callee));
      }
    }
    return Collections.unmodifiableSet(calls);
  }

  /** The services {@code service} calls directly; empty for leaves. */
  public static List<String> callees(String service) {
    return CALLEES.getOrDefault(service, List.of());
  }

  /** The services that call {@code service} directly; empty for {@code frontend}. */
  public static List<String> callers(String service) {
    List<String> callers = new ArrayList<>();
    for (String caller : SERVICES) {
      if (callees(caller).contains(service)) {
        callers.add(caller);
      }
    }
    return List.copyOf(callers);
  }

  /** The fully qualified gRPC service, e.g. {@code hipstershop.CartService}; null for others. */
  public static String grpcService(String service) {
    return GRPC_SERVICES.get(service);
  }

  /** The port the service listens on inside the cluster. */
  public static int port(String service) {
    Integer port = PORTS.get(service);
    if (port == null) {
      throw new IllegalArgumentException("unknown service " + service);
    }
    return port;
  }
}
