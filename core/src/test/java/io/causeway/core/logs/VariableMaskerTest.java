package io.causeway.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VariableMaskerTest {

  private static String masked(String content) {
    return Templates.normalize(String.join(" ", VariableMasker.mask(content, 128)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "PacketResponder 1 for block blk_-6952295868487656571 terminating | PacketResponder <*> for block <*> terminating",
        "Served block to /10.250.19.102:50010 | Served block to <*>",
        "10.251.71.16:50010 is added to blk_7 | <*> is added to <*>",
        "Took 19.05 seconds to spawn | Took <*> seconds to spawn",
        "CE sym 2, at 0x0b85eee0, mask 0x05 | CE sym <*>, at <*>, mask <*>",
        "[instance: b9000564-fe1a-409b-b8cc-1e88b294cd1d] Claim successful | [instance: <*>] Claim successful",
        "Ido chip status: FF:F2:9F:16:E2:23:00:0D:60:E9:1D:DC ip=10.0.0.151 | Ido chip status: <*> ip=<*>",
        "chdir(/p/gb2/glosli/8M_5000K/t800) failed | chdir(<*>) failed",
        "Input split: hdfs://msra-sa-41:9000/pageinput2.txt:0+134217728 | Input split: hdfs://<*>",
        "Resolved MSRA-SA-39.fareast.corp.microsoft.com to /default-rack | Resolved <*> to <*>",
        "Connecting to ResourceManager at msra-sa-41/10.190.173.170:8030 | Connecting to ResourceManager at <*>/<*>",
        "jetty-6.1.26 | jetty-<*>",
        "keyId: -127633188) | keyId: <*>)",
        "lr:00004ed0 cr:28244842 | lr:<*> cr:<*>",
        "isScreenOn true | isScreenOn <*>",
        "10.11.10.1 \"GET /v2/54fa/servers/detail HTTP/1.1\" status: 200 | <*> \"GET <*>\" status: <*>",
        "Created MRAppMaster for appattempt_1445144423722_0020_000001 | Created MRAppMaster for <*>",
        "loaded properties from hadoop-metrics2.properties | loaded properties from hadoop-metrics2.properties",
        "Logging via Slf4jLogger at org.apache.hadoop.http.HttpServer2 | Logging via Slf4jLogger at org.apache.hadoop.http.HttpServer2",
        "INFO t.s.TravelServiceImpl#451 TraceID: 4b7a53a3 [getTickets] | INFO t.s.TravelServiceImpl#451 TraceID: <*> [getTickets]",
        "ERROR o.a.c.c.C.[.[.[.[dispatcherServlet]#175 boom | ERROR o.a.c.c.C.[.[.[.[dispatcherServlet]#<*> boom",
        "retry #3 of 5 | retry #<*> of <*>",
      })
  void masksTheUsualVariablesAndKeepsWordsAndPunctuation(String content, String expected) {
    assertThat(masked(content)).isEqualTo(expected);
  }

  @Test
  void aSourceLocationIsAConstantSoTwoPlacesThatLogTheSameWordsStayApart() {
    assertThat(VariableMasker.isSourceLocation("t.s.TravelServiceImpl#451")).isTrue();
    assertThat(VariableMasker.isSourceLocation("Worker$Inner#12")).isTrue();
    assertThat(VariableMasker.isSourceLocation("#3")).isFalse();
    assertThat(VariableMasker.isSourceLocation("job#")).isFalse();
    assertThat(VariableMasker.isSourceLocation("blk#12a")).isFalse();
    assertThat(masked("INFO c.Impl#451 [calc] time: 0")).isNotEqualTo(masked("INFO c.Impl#457 [calc] time: 16"));
  }

  @Test
  void collapsesWhitespaceAndTrimsTheMessage() {
    assertThat(VariableMasker.mask("  onResult   type = 4 ", 128)).containsExactly("onResult", "type", "=", "<*>");
  }

  @Test
  void capsTheTokensOfAVeryLongLineWithOneTrailingVariable() {
    String line = "word ".repeat(10_000);

    assertThat(VariableMasker.mask(line, 8)).hasSize(8).endsWith("<*>");
  }

  @Test
  void makesAHugeTokenOneVariable() {
    assertThat(VariableMasker.maskToken("x".repeat(VariableMasker.MAX_TOKEN_CHARS + 1))).isEqualTo("<*>");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the words of a written date, beside its numbers
        "connection from 10.0.0.7 () at Sun Jul 24 02:38:22 2005 | connection from <*> () at <*>",
        "Date = {contents = \"Fri, 07 Jul 2017 05:32:43 GMT\"} | Date = {contents = \"<*> GMT\"}",
        "status=M Fri Jul 01 08:16:53 PDT 2005 | status=M <*>",
        "rotated on Jul 7 by cron | rotated on <*> by cron",
        "built March 2016 | built <*>",
        // a duration or size glued to its number
        "Delay HCI Reset by 300ms | Delay HCI Reset by <*>",
        "timed out after 5s | timed out after <*>",
        "retry in 3.5s | retry in <*>",
        "free 4K of (0M) | free <*> of (<*>)",
        "took 1h | took <*>",
        // a dotted host name with its port, whatever its letters
        "proxy.cse.example.org:5070 open through proxy proxy.cs.uni.edu.hk:5070 HTTPS | <*> open through proxy <*> HTTPS",
        "connect to localhost:8080 refused | connect to <*> refused",
        "mirror.corp.example.com:443 | <*>",
        // a host under a country's second-level domain
        "resolved www.uni.ac.jp to 1.2.3.4 | resolved <*> to <*>",
        // the key of a key=value pair names the field; its value varies
        "r24=0x00000000 r25=0x1 fpr29=0x0 | r24=<*> r25=<*> fpr29=<*>",
        "logname= uid=0 tty=ssh user=root | logname= uid=<*> tty=ssh user=<*>",
        // a version, dotted, with or without its v
        "Loaded Servicing Stack v6.1.7601.23505 with Core | Loaded Servicing Stack <*> with Core",
        "Linux version 2.6.5 booted | Linux version <*> booted",
        // a directory path with its trailing slash
        "Directory index forbidden by rule: /var/www/html/ | Directory index forbidden by rule: <*>",
      })
  void masksDatesDurationsAndHostsOfEveryShape(String content, String expected) {
    assertThat(masked(content)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // month and weekday names are words where no date stands
        "May not retry the task | May not retry the task",
        "Sun Microsystems JVM detected | Sun Microsystems JVM detected",
        "Mar the record as dirty | Mar the record as dirty",
        "Set Date header | Set Date header",
        "HTTP status OK 2005 | HTTP status OK <*>",
        // ordinals and versions are not sizes or durations
        "2nd attempt | 2nd attempt",
        "1st try, 4th done | 1st try, 4th done",
        // a file and its line is a source location, not a host and port
        "at DAVEngineImpl.cpp:41 | at DAVEngineImpl.cpp:<*>",
        "Exception:5 | Exception:<*>",
        // a package name or configuration key ending in two letters is no host
        "Started org.apache.spark.ui | Started org.apache.spark.ui",
        "mapred.task.id is deprecated | mapred.task.id is deprecated",
        // a key that reads like a default user stays a key; a version needs its dot
        "Kernel command line: ro root=LABEL=/ rhgb quiet | Kernel command line: ro root=LABEL=/ rhgb quiet",
        "at org.apache.hadoop.mapreduce.v2.app.MRAppMaster | at org.apache.hadoop.mapreduce.v2.app.MRAppMaster",
        "a / b and // | a / b and //",
      })
  void leavesTheWordsThatOnlyLookLikeDatesOrUnits(String content, String expected) {
    assertThat(masked(content)).isEqualTo(expected);
  }
}
