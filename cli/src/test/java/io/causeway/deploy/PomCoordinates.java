package io.causeway.deploy;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** A module's artifactId and version from its pom.xml, for the name of the jar it builds. */
record PomCoordinates(String artifactId, String version) {

  static PomCoordinates of(Path pom) throws Exception {
    Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    Element project = document.getDocumentElement();
    Element parent = child(project, "parent");
    Element ownVersion = child(project, "version");
    String version = (ownVersion != null ? ownVersion : child(parent, "version")).getTextContent().trim();
    return new PomCoordinates(child(project, "artifactId").getTextContent().trim(), version);
  }

  String jarName() {
    return artifactId + "-" + version + ".jar";
  }

  private static Element child(Element element, String name) {
    for (org.w3c.dom.Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element child && child.getTagName().equals(name)) {
        return child;
      }
    }
    return null;
  }
}
