package io.causeway.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for a host, made with the JDK's keytool: a PKCS12 keystore with the key
 * and a truststore with the certificate alone. Valid for {@code localhost} and {@code 127.0.0.1},
 * so that clients keep checking the host name as they do by default.
 */
record TestCertificates(Path keystore, Path truststore, String password) {

  private static final String PASSWORD = "causeway-test";

  static TestCertificates selfSigned(Path dir, String host) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path keystore = dir.resolve("keystore.p12");
    Path certificate = dir.resolve("certificate.pem");
    Path truststore = dir.resolve("truststore.p12");
    keytool("-genkeypair", "-alias", host, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=" + host, "-ext", "SAN=dns:" + host + ",ip:127.0.0.1",
        "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
    keytool("-exportcert", "-rfc", "-alias", host, "-keystore", keystore.toString(), "-storepass", PASSWORD,
        "-file", certificate.toString());
    keytool("-importcert", "-noprompt", "-alias", host, "-file", certificate.toString(),
        "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", PASSWORD);
    return new TestCertificates(keystore, truststore, PASSWORD);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + output);
    }
  }
}
