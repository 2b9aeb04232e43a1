package io.causeway.core.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemplateMinerTest {

  private final TemplateMiner miner = new TemplateMiner("checkout", MinerSettings.DEFAULT);

  @Test
  void linesThatDifferOnlyInVariablesShareOneTemplate() {
    TemplateMatch first = miner.add("Received block blk_1 of size 67108864 from /10.251.42.84");
    TemplateMatch second = miner.add("Received block blk_-29 of size 3542 from /10.250.15.198");

    assertThat(first.created()).isTrue();
    assertThat(second.created()).isFalse();
    assertThat(second.template().id()).isEqualTo(first.template().id());
    assertThat(second.template().text()).isEqualTo("Received block <*> of size <*> from <*>");
    assertThat(second.template().count()).isEqualTo(2);
  }

  @Test
  void aPositionThatVariesBecomesAVariableAndTheIdStaysTheSame() {
    TemplateMatch first = miner.add("Registering class org.apache.hadoop.mapreduce.jobhistory.EventType for dispatcher 1");
    TemplateMatch second = miner.add("Registering class org.apache.hadoop.mapreduce.v2.app.job.TaskEvent for dispatcher 2");

    assertThat(second.changed()).isTrue();
    assertThat(second.template().id()).isEqualTo(first.template().id());
    assertThat(second.template().text()).isEqualTo("Registering class org.apache.hadoop.mapreduce.<*> for dispatcher <*>");
  }

  @Test
  void theSameWordsLoggedFromTwoPlacesInTheCodeAreTwoEvents() {
    TemplateMatch calculated = miner.add("INFO t.s.TravelServiceImpl#451 [getTickets][Calculate distance][calculate time: 0]");
    TemplateMatch done = miner.add("INFO t.s.TravelServiceImpl#457 [getTickets][Calculate distance][calculate time: 16]");
    TemplateMatch again = miner.add("INFO t.s.TravelServiceImpl#451 [getTickets][Calculate distance][calculate time: 3]");

    assertThat(done.created()).isTrue();
    assertThat(done.template().id()).isNotEqualTo(calculated.template().id());
    assertThat(again.template().id()).isEqualTo(calculated.template().id());
  }

  @Test
  void linesFromOneSourceLocationAreOneEventWhateverWordsTheyCarry() {
    TemplateMatch first = miner.add("INFO p.s.PreserveServiceImpl#346 [preserve][Preserve Account order][from shanghai to suzhou at 2023-01-29]");
    TemplateMatch second = miner.add("INFO p.s.PreserveServiceImpl#346 [preserve][Preserve Account order][from nanjing to beijing at 2023-01-30]");
    TemplateMatch elsewhere = miner.add("INFO p.s.OrderServiceImpl#12 [preserve][Preserve Account order][from nanjing to beijing at 2023-01-30]");

    assertThat(second.template().id()).isEqualTo(first.template().id());
    assertThat(second.template().text()).contains("from <*> to <*> at");
    assertThat(elsewhere.template().id()).isNotEqualTo(first.template().id());
    assertThat(first.template().event()).isEqualTo("p.s.PreserveServiceImpl#346");
    assertThat(miner.add("Received block blk_1 of size 67108864").template().event()).as("no source location: the template").startsWith("tpl-");
  }

  @Test
  void differentWordsAtOnePositionAreDifferentEvents() {
    TemplateMatch paused = miner.add("[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] VM Paused (Lifecycle Event)");
    TemplateMatch started = miner.add("[instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] VM Started (Lifecycle Event)");

    assertThat(started.created()).isTrue();
    assertThat(started.template().id()).isNotEqualTo(paused.template().id());
    assertThat(miner.size()).isEqualTo(2);
  }

  @Test
  void templateIdsDependOnlyOnServiceAndFirstText() {
    TemplateMiner again = new TemplateMiner("checkout", MinerSettings.DEFAULT);
    TemplateMiner other = new TemplateMiner("payment", MinerSettings.DEFAULT);

    String line = "Deleting block blk_42 file /data/current/blk_42";
    assertThat(again.add(line).template().id())
        .isEqualTo(miner.add(line).template().id())
        .isNotEqualTo(other.add(line).template().id())
        .startsWith("tpl-");
  }

  @Test
  void aRestoredMinerKeepsItsTemplatesAndIds() throws Exception {
    String id = miner.add("Starting executor ID 3 on host mesos-slave-12").template().id();

    TemplateMiner restored = roundTrip(miner);
    TemplateMatch next = restored.add("Starting executor ID 7 on host mesos-slave-4");

    assertThat(next.created()).isFalse();
    assertThat(next.template().id()).isEqualTo(id);
    assertThat(next.template().count()).isEqualTo(2);
  }

  @Test
  void matchFindsATemplateWithoutLearning() {
    miner.add("Got allocated containers 1");

    assertThat(miner.match("Got allocated containers 12")).get().extracting(LogTemplate::text).isEqualTo("Got allocated containers <*>");
    assertThat(miner.match("something never seen")).isEmpty();
    assertThat(miner.size()).isEqualTo(1);
    assertThat(miner.templates()).singleElement().extracting(LogTemplate::count).isEqualTo(1L);
  }

  @Test
  void hostileInputNeverGrowsStatePastTheCap() {
    TemplateMiner capped = new TemplateMiner("svc", new MinerSettings(0.6, 50, 10, 16));
    capped.add("Heartbeat ok");
    capped.add("Heartbeat ok");
    Random random = new Random(42);
    for (int i = 0; i < 5_000; i++) {
      StringBuilder line = new StringBuilder();
      int words = 1 + random.nextInt(40);
      for (int w = 0; w < words; w++) {
        line.append(randomWord(random)).append(' ');
      }
      capped.add(line.toString());
    }
    capped.add("x".repeat(100_000));

    assertThat(capped.size()).isLessThanOrEqualTo(50);
    assertThat(capped.branchCount()).isLessThanOrEqualTo(50);
    assertThat(capped.templates()).extracting(LogTemplate::text).contains("Heartbeat ok");
  }

  @Test
  void evictsTheRarestTemplateWhenFull() {
    TemplateMiner capped = new TemplateMiner("svc", new MinerSettings(0.6, 2, 10, 16));
    capped.add("alpha happened");
    capped.add("alpha happened");
    capped.add("beta happened now");
    capped.add("gamma happened here again");

    assertThat(capped.templates()).extracting(LogTemplate::text).containsExactly("alpha happened", "gamma happened here again");
  }

  @Test
  void settingsRejectNonsenseWithAClearMessage() {
    assertThatThrownBy(() -> new MinerSettings(0, 10, 10, 10)).hasMessageContaining("similarity must be in (0, 1]");
    assertThatThrownBy(() -> new MinerSettings(0.5, 0, 10, 10)).hasMessageContaining("maxTemplates must be at least 1");
  }

  private static String randomWord(Random random) {
    char[] chars = new char[3 + random.nextInt(10)];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(chars);
  }

  private static TemplateMiner roundTrip(TemplateMiner miner) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(miner);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (TemplateMiner) in.readObject();
    }
  }

  @Test
  void aWordThatTakesManyValuesInOtherwiseEqualLinesBecomesAVariable() {
    TemplateMatch first = miner.add("session opened for user alice by (uid=0)");
    for (String user : new String[] {"bob", "carol", "dave"}) {
      miner.add("session opened for user " + user + " by (uid=0)");
    }
    assertThat(miner.size()).as("four names could still be four events").isEqualTo(4);

    TemplateMatch fifth = miner.add("session opened for user erin by (uid=0)");

    assertThat(fifth.template().text()).isEqualTo("session opened for user <*> by (uid=<*>)");
    assertThat(fifth.template().count()).isEqualTo(5);
    assertThat(fifth.changed()).isTrue();
    assertThat(miner.size()).isEqualTo(1);
    assertThat(miner.template(first.template().id())).as("a merged template's id leads to the one it joined")
        .map(LogTemplate::text).contains("session opened for user <*> by (uid=<*>)");
    assertThat(miner.add("session opened for user frank by (uid=0)").template().id()).isEqualTo(fifth.template().id());
  }

  @Test
  void fewerWordsThanTheSettingStayEventsAsDoLinesThatAreAWordAlone() {
    for (String state : new String[] {"Paused", "Started", "Resumed", "Stopped"}) {
      miner.add("[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] VM " + state + " (Lifecycle Event)");
    }
    for (String method : new String[] {"isScreenOn", "onStandStepChanged", "theDayChanged", "registerSensor", "flushTemp"}) {
      miner.add(method + " 42");
    }

    assertThat(miner.size()).isEqualTo(4 + 5);
  }

  @Test
  void aFirstWordThatTakesManyValuesBecomesAVariableAndLaterValuesJoinIt() {
    for (String daemon : new String[] {"klogd", "cupsd", "sshd", "xinetd", "crond"}) {
      miner.add(daemon + " startup succeeded");
    }

    TemplateMatch later = miner.add("ntpd startup succeeded");

    assertThat(later.created()).isFalse();
    assertThat(later.template().text()).isEqualTo("<*> startup succeeded");
    assertThat(miner.size()).isEqualTo(1);
    assertThat(miner.branchCount()).as("the daemons' branches went with their templates").isEqualTo(1);
    assertThat(miner.match("atd startup succeeded")).map(LogTemplate::text).contains("<*> startup succeeded");
    assertThat(miner.add("atd shutdown succeeded").created()).as("another word elsewhere is another event").isTrue();
  }

  @Test
  void withoutWordValuesEveryWordStaysAnEvent() {
    TemplateMiner never = new TemplateMiner("svc", MinerSettings.DEFAULT.withWordValues(0));
    for (String user : new String[] {"alice", "bob", "carol", "dave", "erin", "frank"}) {
      never.add("session opened for user " + user + " by (uid=0)");
    }

    assertThat(never.size()).isEqualTo(6);
  }

  @Test
  void aValueWrittenInMoreOrFewerTokensKeepsItsLineInOneTemplate() {
    TemplateMatch spelled = miner.add("connection from 10.0.0.7 at Sun Jul 24 02:38:22 2005 closed");
    TemplateMatch iso = miner.add("connection from 10.0.0.8 at Jul 24 02:38:22 closed");

    assertThat(iso.created()).isFalse();
    assertThat(iso.template().id()).isEqualTo(spelled.template().id());
    assertThat(iso.template().text()).isEqualTo("connection from <*> at <*> closed");
    assertThat(miner.add("connection from 10.0.0.9 at home office closed").template().id())
        .as("words are no variable: their count is the template's")
        .isNotEqualTo(spelled.template().id());
  }

  @Test
  void mergesKeepTheMinerWithinItsTemplateCapAndForgetOldRedirects() {
    TemplateMiner capped = new TemplateMiner("svc", new MinerSettings(0.8, 10, 100, 16));
    Random random = new Random(17);
    for (int group = 0; group < 200; group++) {
      String context = word(random);
      for (int user = 0; user < 5; user++) {
        capped.add("session " + context + " opened for user " + word(random));
      }
    }

    assertThat(capped.size()).isLessThanOrEqualTo(10);
    assertThat(capped.mergedCount()).isPositive().isLessThanOrEqualTo(10);
  }

  private static String word(Random random) {
    StringBuilder w = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      w.append((char) ('a' + random.nextInt(26)));
    }
    return w.toString();
  }
}
