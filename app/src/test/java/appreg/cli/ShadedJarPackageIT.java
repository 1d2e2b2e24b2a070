package appreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The jar leaves out the Graph SDK's request builders for parts of Graph appreg never calls (app/pom.xml says why).
 * Tests run against the full SDK on the class path, so a builder appreg starts calling but the jar leaves out would
 * only fail for users, as a NoClassDefFoundError. This reads every appreg class in the jar and checks that each Graph
 * class it names (as a class, or in a method's or field's type) is in the jar.
 */
class ShadedJarPackageIT {
  static final Path JAR = Path.of("target", "appreg.jar");
  private static final Pattern GRAPH_CLASS = Pattern.compile("com/microsoft/graph/[A-Za-z0-9_/$]+");

  @Test
  void everyGraphClassAppregNamesIsInTheJar() throws IOException {
    Set<String> entries = new HashSet<>();
    Set<String> named = new TreeSet<>();
    int appregClasses = 0;
    try (JarFile jar = new JarFile(JAR.toFile())) {
      jar.stream().forEach(e -> entries.add(e.getName()));
      for (var e : jar.stream().filter(e -> e.getName().startsWith("appreg/") && e.getName().endsWith(".class")).toList()) {
        appregClasses++;
        try (var in = jar.getInputStream(e)) {
          for (String text : constantPoolTexts(in.readAllBytes())) {
            Matcher m = GRAPH_CLASS.matcher(text);
            while (m.find()) named.add(m.group());
          }
        }
      }
    }
    assertTrue(appregClasses > 100, "appreg's classes are in the jar: " + appregClasses);
    assertTrue(named.contains("com/microsoft/graph/serviceclient/GraphServiceClient"), "the scan sees Graph names: " + named);
    List<String> missing = named.stream().filter(n -> !entries.contains(n + ".class")).toList();
    assertEquals(List.of(), missing, "Graph classes appreg names but the jar leaves out (app/pom.xml, the shade filter)");
  }

  @Test
  void requestBuildersForPartsOfGraphAppregNeverCallsAreLeftOut() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertTrue(jar.getEntry("com/microsoft/graph/applications/ApplicationsRequestBuilder.class") != null);
      assertTrue(jar.getEntry("com/microsoft/graph/models/Application.class") != null);
      assertFalse(jar.getEntry("com/microsoft/graph/drives/DrivesRequestBuilder.class") != null);
      assertFalse(jar.getEntry("com/microsoft/graph/users/item/drive/DriveRequestBuilder.class") != null);
    }
  }

  /** The UTF-8 constants of a class file: class names, and the descriptors that name types. */
  static List<String> constantPoolTexts(byte[] classFile) throws IOException {
    var in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    List<String> texts = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> {
          byte[] b = new byte[in.readUnsignedShort()];
          in.readFully(b);
          texts.add(new String(b, StandardCharsets.ISO_8859_1));   // class names and descriptors: ASCII here
        }
        case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
        case 15 -> in.skipNBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
        case 5, 6 -> {
          in.skipNBytes(8);
          i++;   // a long or double takes two slots
        }
        default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
      }
    }
    return texts;
  }
}
