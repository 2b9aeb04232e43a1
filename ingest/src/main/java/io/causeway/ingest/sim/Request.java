package io.causeway.ingest.sim;

import java.util.ArrayList;
import java.util.List;

/** One simulated user request to frontend, with the data its handlers pass along. */
record Request(
    Page page,
    String productId,
    List<String> cartProducts,
    String currency,
    String userId,
    String email) {

  /** The product ids of the Online Boutique catalog, as the load generator uses them. */
  static final List<String> PRODUCTS =
      List.of(
          "0PUK6V6EV0",
          "1YMWWN1N4O",
          "2ZYFJ3GM2N",
          "66VCHSJNUP",
          "6E92ZMYYFZ",
          "9SIQT8TOJO",
          "L9ECAV7KIM",
          "LS4PSXUNUM",
          "OLJCESPC7Z");

  static final List<String> CURRENCIES = List.of("EUR", "USD", "JPY", "CAD", "GBP", "TRY");

  private static final List<String> NAMES =
      List.of("alice", "bob", "chen", "dara", "emeka", "fatima", "gus", "hana", "ivan", "jo");

  Request {
    cartProducts = List.copyOf(cartProducts);
  }

  static Request random(SeededRandom random) {
    Page page = Page.pick(random);
    String productId = random.pick(PRODUCTS);
    List<String> cart = cartFor(page, productId, random);
    String currency = random.pick(CURRENCIES);
    String userId = uuid(random);
    String email = random.pick(NAMES) + random.between(1, 999) + "@example.com";
    return new Request(page, productId, cart, currency, userId, email);
  }

  /** A checkout always has at least the product just added; a cart view may be empty. */
  private static List<String> cartFor(Page page, String productId, SeededRandom random) {
    int size = page == Page.CHECKOUT ? random.between(1, 3) : random.between(0, 3);
    List<String> cart = new ArrayList<>();
    if (size > 0) {
      cart.add(productId);
    }
    while (cart.size() < size) {
      cart.add(random.pick(PRODUCTS));
    }
    return cart;
  }

  static String uuid(SeededRandom random) {
    String hex = random.hex(32);
    return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-4" + hex.substring(13, 16) + "-"
        + hex.substring(16, 20) + "-" + hex.substring(20);
  }
}
