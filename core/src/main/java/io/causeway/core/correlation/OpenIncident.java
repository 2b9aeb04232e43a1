package io.causeway.core.correlation;

/**
 * The header of the incident a correlation scope has open; its anomalies live beside it. A plain
 * bean so that Flink stores it as a POJO.
 */
public final class OpenIncident {

  private String id;
  private int version;
  private long onsetMillis;
  private long firstDetectedMillis;
  private long lastActivityMillis;
  private long openedAtMillis;
  private long updatedAtMillis;
  private boolean announced;
  private String rankingKey = "";

  public OpenIncident() {}

  static OpenIncident startedBy(String id, long onsetMillis, long detectedMillis) {
    OpenIncident incident = new OpenIncident();
    incident.id = id;
    incident.onsetMillis = onsetMillis;
    incident.firstDetectedMillis = detectedMillis;
    incident.lastActivityMillis = detectedMillis;
    return incident;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public int getVersion() {
    return version;
  }

  public void setVersion(int version) {
    this.version = version;
  }

  public long getOnsetMillis() {
    return onsetMillis;
  }

  public void setOnsetMillis(long onsetMillis) {
    this.onsetMillis = onsetMillis;
  }

  public long getFirstDetectedMillis() {
    return firstDetectedMillis;
  }

  public void setFirstDetectedMillis(long firstDetectedMillis) {
    this.firstDetectedMillis = firstDetectedMillis;
  }

  public long getLastActivityMillis() {
    return lastActivityMillis;
  }

  public void setLastActivityMillis(long lastActivityMillis) {
    this.lastActivityMillis = lastActivityMillis;
  }

  public long getOpenedAtMillis() {
    return openedAtMillis;
  }

  public void setOpenedAtMillis(long openedAtMillis) {
    this.openedAtMillis = openedAtMillis;
  }

  public long getUpdatedAtMillis() {
    return updatedAtMillis;
  }

  public void setUpdatedAtMillis(long updatedAtMillis) {
    this.updatedAtMillis = updatedAtMillis;
  }

  public boolean isAnnounced() {
    return announced;
  }

  public void setAnnounced(boolean announced) {
    this.announced = announced;
  }

  public String getRankingKey() {
    return rankingKey;
  }

  public void setRankingKey(String rankingKey) {
    this.rankingKey = rankingKey;
  }
}
