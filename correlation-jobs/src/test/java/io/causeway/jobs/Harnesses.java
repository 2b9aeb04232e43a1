package io.causeway.jobs;

import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/**
 * Operator harnesses for our keyed functions, on the state backend production uses (RocksDB) unless
 * a test asks for the heap, optionally restored from a snapshot of an earlier harness.
 */
public final class Harnesses {

  private Harnesses() {}

  /** Which keyed state backend a harness runs on. */
  public enum Backend {
    ROCKSDB,
    HEAP;

    StateBackend create() {
      return this == ROCKSDB ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
    }
  }

  /** An opened harness for {@code function} on RocksDB with empty state. */
  public static <K, IN, OUT> KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> keyed(
      KeyedProcessFunction<K, IN, OUT> function, KeySelector<IN, K> key, TypeInformation<K> keyType) throws Exception {
    return keyed(function, key, keyType, Backend.ROCKSDB, null, null);
  }

  /**
   * An opened harness for {@code function}; restored from {@code snapshot} when given, and
   * reporting its metrics to {@code environment} when given.
   */
  public static <K, IN, OUT> KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> keyed(
      KeyedProcessFunction<K, IN, OUT> function,
      KeySelector<IN, K> key,
      TypeInformation<K> keyType,
      Backend backend,
      OperatorSubtaskState snapshot,
      MockEnvironment environment)
      throws Exception {
    var operator = new KeyedProcessOperator<>(function);
    var harness =
        environment == null
            ? new KeyedOneInputStreamOperatorTestHarness<>(operator, key, keyType)
            : new KeyedOneInputStreamOperatorTestHarness<>(operator, key, keyType, environment);
    return open(harness, backend, snapshot);
  }

  /** An opened two-input harness for {@code function}, restored from {@code snapshot} when given. */
  public static <K, IN1, IN2, OUT> KeyedTwoInputStreamOperatorTestHarness<K, IN1, IN2, OUT> keyedCo(
      KeyedCoProcessFunction<K, IN1, IN2, OUT> function,
      KeySelector<IN1, K> key1,
      KeySelector<IN2, K> key2,
      TypeInformation<K> keyType,
      Backend backend,
      OperatorSubtaskState snapshot)
      throws Exception {
    var harness = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(function), key1, key2, keyType);
    return open(harness, backend, snapshot);
  }

  private static <H extends AbstractStreamOperatorTestHarness<?>> H open(H harness, Backend backend, OperatorSubtaskState snapshot)
      throws Exception {
    harness.setStateBackend(backend.create());
    if (snapshot != null) {
      harness.initializeState(snapshot);
    }
    harness.open();
    return harness;
  }

  /**
   * How many keys hold an entry in the named keyed state. Works on every backend, unlike the
   * harness' {@code numKeyedStateEntries}, which only knows the heap.
   */
  public static int keysWithState(AbstractStreamOperatorTestHarness<?> harness, String stateName) {
    KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
    try (Stream<Object> keys = backend.getKeys(stateName, VoidNamespace.INSTANCE)) {
      return (int) keys.count();
    }
  }
}
