package io.causeway.statequeries.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB database behind every view, one column family per {@link View}. Writers hand it
 * whole batches (data and offsets together, so a crash never separates them); readers get point
 * lookups and ordered scans. Safe for one writer thread and many reader threads.
 */
public final class ViewStore implements AutoCloseable {

  static {
    RocksDB.loadLibrary();
  }

  private final RocksDB db;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final Map<View, ColumnFamilyHandle> handles;
  private final List<ColumnFamilyHandle> allHandles;
  private final WriteOptions writeOptions;

  private ViewStore(RocksDB db, DBOptions dbOptions, ColumnFamilyOptions cfOptions, List<ColumnFamilyHandle> allHandles) {
    this.db = db;
    this.dbOptions = dbOptions;
    this.cfOptions = cfOptions;
    this.allHandles = allHandles;
    this.handles = new EnumMap<>(View.class);
    for (View view : View.values()) {
      handles.put(view, allHandles.get(view.ordinal() + 1));
    }
    this.writeOptions = new WriteOptions();
  }

  /** Opens (or creates) the store in {@code directory}. */
  public static ViewStore open(Path directory) {
    try {
      Files.createDirectories(directory);
      DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
      ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
      for (View view : View.values()) {
        descriptors.add(new ColumnFamilyDescriptor(view.columnFamilyName(), cfOptions));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      RocksDB db = RocksDB.open(dbOptions, directory.toAbsolutePath().toString(), descriptors, handles);
      return new ViewStore(db, dbOptions, cfOptions, handles);
    } catch (RocksDBException | java.io.IOException e) {
      throw new StoreException("cannot open the state store in " + directory + ": " + e.getMessage(), e);
    }
  }

  public byte[] get(View view, byte[] key) {
    try {
      return db.get(handles.get(view), key);
    } catch (RocksDBException e) {
      throw new StoreException("read from " + view + " failed", e);
    }
  }

  /** Reads through the pending batch, so a batch sees its own earlier writes. */
  public byte[] get(View view, byte[] key, WriteBatchWithIndex pending) {
    try (ReadOptions options = new ReadOptions()) {
      return pending.getFromBatchAndDB(db, handles.get(view), options, key);
    } catch (RocksDBException e) {
      throw new StoreException("read from " + view + " failed", e);
    }
  }

  /**
   * Visits the entries with keys in {@code [from, to)} in key order ({@code to} null: to the
   * end) until the visitor returns false.
   */
  public void scan(View view, byte[] from, byte[] to, BiPredicate<byte[], byte[]> visitor) {
    try (ReadOptions options = new ReadOptions(); RocksIterator it = db.newIterator(handles.get(view), options)) {
      for (it.seek(from); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (to != null && java.util.Arrays.compareUnsigned(key, to) >= 0) {
          return;
        }
        if (!visitor.test(key, it.value())) {
          return;
        }
      }
    }
  }

  /** Visits every entry whose key starts with {@code prefix}. */
  public void scanPrefix(View view, byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
    scan(view, prefix, Keys.after(prefix), visitor);
  }

  public WriteBatchWithIndex newBatch() {
    return new WriteBatchWithIndex(true);
  }

  public void put(WriteBatchWithIndex batch, View view, byte[] key, byte[] value) {
    try {
      batch.put(handles.get(view), key, value);
    } catch (RocksDBException e) {
      throw new StoreException("batch put into " + view + " failed", e);
    }
  }

  public void delete(WriteBatchWithIndex batch, View view, byte[] key) {
    try {
      batch.delete(handles.get(view), key);
    } catch (RocksDBException e) {
      throw new StoreException("batch delete from " + view + " failed", e);
    }
  }

  public void put(WriteBatch batch, View view, byte[] key, byte[] value) {
    try {
      batch.put(handles.get(view), key, value);
    } catch (RocksDBException e) {
      throw new StoreException("batch put into " + view + " failed", e);
    }
  }

  public void delete(WriteBatch batch, View view, byte[] key) {
    try {
      batch.delete(handles.get(view), key);
    } catch (RocksDBException e) {
      throw new StoreException("batch delete from " + view + " failed", e);
    }
  }

  public void write(WriteBatchWithIndex batch) {
    try {
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw new StoreException("batch write failed", e);
    }
  }

  public void write(WriteBatch batch) {
    try {
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw new StoreException("batch write failed", e);
    }
  }

  @Override
  public void close() {
    allHandles.forEach(ColumnFamilyHandle::close);
    db.close();
    writeOptions.close();
    cfOptions.close();
    dbOptions.close();
  }

  /** A RocksDB failure: the store cannot be trusted to go on. */
  public static final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
