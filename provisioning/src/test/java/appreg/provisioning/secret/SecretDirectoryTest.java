package appreg.provisioning.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretDirectoryTest {
  private static final String TEXT = "Zq8~s3cr3t-T3xt-that-must-never-leak";
  private static final Instant EXPIRES = Instant.parse("2025-11-28T12:00:00Z");
  private static final IssuedSecret ISSUED = new IssuedSecret("bbbbbbbb-0000-0000-0000-000000000001", "appreg", "Zq8",
      Instant.parse("2025-06-01T12:00:00Z"), EXPIRES, new Sensitive(TEXT));
  private static final SecretDelivery DELIVERY = new SecretDelivery("partner-referrals", "tenant-1",
      "11111111-1111-1111-1111-111111111111", ISSUED);

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theSecretIsWrittenOwnerOnlyWithWhatSignInNeeds(@TempDir Path dir) throws IOException {
    SecretDirectory d = new SecretDirectory(dir);
    d.check("partner-referrals");
    d.deliver(DELIVERY);
    Path file = dir.resolve("partner-referrals.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertEquals("tenant-1", json.get("tenantId").asText());
    assertEquals("11111111-1111-1111-1111-111111111111", json.get("clientId").asText());
    assertEquals(TEXT, json.get("clientSecret").asText());
    assertEquals("bbbbbbbb-0000-0000-0000-000000000001", json.get("keyId").asText());
    assertEquals("2025-11-28T12:00:00Z", json.get("expiresOn").asText());
    assertEquals(List.of("partner-referrals.json"), names(dir), "no temporary file is left behind");
    assertEquals(file.toString(), d.describe("partner-referrals"));
  }

  @Test
  void aNewSecretReplacesTheOldFileWhole(@TempDir Path dir) throws IOException {
    SecretDirectory d = new SecretDirectory(dir);
    d.deliver(DELIVERY);
    IssuedSecret next = new IssuedSecret("bbbbbbbb-0000-0000-0000-000000000002", "appreg", "abc", EXPIRES, EXPIRES,
        new Sensitive("short"));
    d.check("partner-referrals");
    d.deliver(new SecretDelivery("partner-referrals", "tenant-1", "c", next));
    String text = Files.readString(dir.resolve("partner-referrals.json"));
    assertTrue(text.contains("\"clientSecret\" : \"short\""), text);
    assertFalse(text.contains(TEXT), "nothing of the longer old file is left");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("partner-referrals.json"))));
    assertEquals(List.of("partner-referrals.json"), names(dir));
  }

  @Test
  void forgettingAKeyRemovesItsSecretAndPendingMarkOnly(@TempDir Path dir) throws IOException {
    SecretDirectory d = new SecretDirectory(dir);
    d.deliver(DELIVERY);
    d.markPending("partner-referrals", EXPIRES);
    d.deliver(new SecretDelivery("other", "tenant-1", "c", DELIVERY.secret()));
    assertEquals(java.util.Optional.of("11111111-1111-1111-1111-111111111111"), d.deliveredClientId("partner-referrals"));
    d.forget("partner-referrals");
    assertEquals(List.of("other.json"), names(dir));
    assertEquals(java.util.Optional.empty(), d.deliveredClientId("partner-referrals"));
    d.forget("partner-referrals");
  }

  @Test
  void aMissingDirectoryIsCreatedOwnerOnlyWhenItsParentExists(@TempDir Path dir) throws IOException {
    Path secrets = dir.resolve("secrets");
    new SecretDirectory(secrets).check("k");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)));
    assertEquals(List.of(), names(secrets), "the probe file is removed");
    new SecretDirectory(secrets).check("k");
    assertEquals(List.of("secrets"), names(dir));
  }

  @Test
  void aMissingParentIsRefusedAndNothingIsCreated(@TempDir Path dir) throws IOException {
    Path secrets = dir.resolve("missing").resolve("secrets");
    var e = assertThrows(DeliveryException.class, () -> new SecretDirectory(secrets).check("k"));
    assertEquals("--secret-dir " + secrets + " cannot be created: its parent " + dir.resolve("missing") + " does not exist "
        + "(appreg creates only the last directory); create the parent or name another directory", e.getMessage());
    assertEquals(List.of(), names(dir));
  }

  @Test
  void aFileInPlaceOfTheParentIsRefused(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("parent"), "not a dir");
    var e = assertThrows(DeliveryException.class, () -> new SecretDirectory(file.resolve("secrets")).check("k"));
    assertEquals("--secret-dir " + file.resolve("secrets") + " cannot be created: " + file + " is not a directory",
        e.getMessage());
  }

  @Test
  void aFileInPlaceOfTheDirectoryIsRefused(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("secrets"), "not a dir");
    var e = assertThrows(DeliveryException.class, () -> new SecretDirectory(file).check("k"));
    assertEquals("--secret-dir " + file + " is not a directory", e.getMessage());
  }

  /** A directory that every check but trying calls writable, for root too: files cannot be created in /proc. */
  @Test
  void procIsFoundByTheProbe() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs a Linux /proc");
    var e = assertThrows(DeliveryException.class, () -> new SecretDirectory(Path.of("/proc")).check("k"));
    assertEquals("--secret-dir /proc cannot hold a file: creating one there failed: no such file or directory",
        e.getMessage());
    var below = assertThrows(DeliveryException.class, () -> new SecretDirectory(Path.of("/proc/secrets")).check("k"));
    assertTrue(below.getMessage().startsWith("--secret-dir /proc/secrets cannot be created: "), below.getMessage());
  }

  /**
   * Read-only for everyone, root included: an ordinary user gets mode 0500; root ignores modes, so it gets the
   * immutable attribute ({@code chattr +i}), which binds root too. Skipped only where neither can be had.
   */
  @Test
  void aReadOnlyDirectoryIsFoundByTheProbe(@TempDir Path dir) throws Exception {
    Path ro = Files.createDirectory(dir.resolve("ro"));
    boolean root = isRoot();
    if (root) {
      assumeTrue(run("chattr", "+i", ro.toString()), "root ignores file modes and chattr +i is not available here "
          + "(no chattr, no CAP_LINUX_IMMUTABLE, or a file system without the attribute)");
    } else {
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-x------"));
    }
    try {
      var e = assertThrows(DeliveryException.class, () -> new SecretDirectory(ro).check("k"));
      assertEquals("--secret-dir " + ro + " cannot hold a file: creating one there failed: "
          + (root ? "Operation not permitted" : "permission denied"), e.getMessage());
      var below = assertThrows(DeliveryException.class, () -> new SecretDirectory(ro.resolve("secrets")).check("k"));
      assertTrue(below.getMessage().startsWith("--secret-dir " + ro.resolve("secrets") + " cannot be created: "),
          below.getMessage());
    } finally {
      if (root) run("chattr", "-i", ro.toString());
      else Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /**
   * Another user's directory refuses an ordinary user; root may write in any directory, and the probe rightly lets it
   * (so this can only be shown as a user other than root).
   */
  @Test
  void anotherUsersDirectoryIsFoundByTheProbe() throws IOException {
    assumeFalse(isRoot(), "root may write into any user's directory; the probe then succeeds, as it should");
    Path others = Path.of("/usr");
    assumeFalse(Files.getOwner(others).getName().equals(System.getProperty("user.name")), "/usr belongs to this user");
    var e = assertThrows(DeliveryException.class, () -> new SecretDirectory(others).check("k"));
    assertEquals("--secret-dir /usr cannot hold a file: creating one there failed: permission denied", e.getMessage());
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static boolean run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void anExistingFileOpenToOthersIsRefused(@TempDir Path dir) throws IOException {
    for (String mode : List.of("rw-r--r--", "rw--w----", "rwx------")) {
      Path f = Files.writeString(dir.resolve("k.json"), "{}");
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
      var e = assertThrows(DeliveryException.class, () -> new SecretDirectory(dir).check("k"));
      assertEquals(f + " has mode " + mode + ", wider than rw------- (0600); treat the secret in it as exposed, remove the "
          + "file (or chmod 600 it) and run again", e.getMessage());
    }
  }

  @Test
  void anExistingOwnerOnlyFileIsFine(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("k.json"), "{}");
    for (String mode : List.of("rw-------", "r--------")) {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
      new SecretDirectory(dir).check("k");
    }
  }

  @Test
  void aDirectoryInPlaceOfTheFileIsRefused(@TempDir Path dir) throws IOException {
    Files.createDirectory(dir.resolve("k.json"));
    var e = assertThrows(DeliveryException.class, () -> new SecretDirectory(dir).check("k"));
    assertTrue(e.getMessage().endsWith("exists and is not a regular file"), e.getMessage());
  }

  @Test
  void aFailedWriteLeavesNoTemporaryFileAndNoSecretInTheMessage(@TempDir Path dir) throws IOException {
    Files.createDirectory(dir.resolve("k.json"));
    Files.writeString(dir.resolve("k.json").resolve("x"), "non-empty, so the move cannot replace it");
    var e = assertThrows(DeliveryException.class,
        () -> new SecretDirectory(dir).deliver(new SecretDelivery("k", "t", "c", ISSUED)));
    assertTrue(e.getMessage().startsWith("could not write " + dir.resolve("k.json")), e.getMessage());
    assertFalse(e.getMessage().contains(TEXT));
    assertEquals(List.of("k.json"), names(dir), "the temporary file holding the secret is removed");
  }

  @Test
  void thePendingMarkSurvivesBetweenRuns(@TempDir Path dir) {
    Instant at = Instant.parse("2025-06-01T11:55:00Z");
    new SecretDirectory(dir).markPending("k", at);
    assertEquals(Optional.of(at), new SecretDirectory(dir).pendingSince("k"));
    new SecretDirectory(dir).clearPending("k");
    assertEquals(Optional.empty(), new SecretDirectory(dir).pendingSince("k"));
    new SecretDirectory(dir).clearPending("k");
  }

  @Test
  void anUnreadablePendingMarkMeansEverySecretIsSuspect(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(".k.pending"), "garbage");
    assertEquals(Optional.of(Instant.EPOCH), new SecretDirectory(dir).pendingSince("k"));
  }

  @Test
  void theSecretPrinterWritesTheSameJsonToItsStream() {
    StringWriter out = new StringWriter();
    SecretPrinter p = SecretPrinter.immediate(new PrintWriter(out));
    p.check("k");
    p.deliver(DELIVERY);
    assertTrue(out.toString().contains("\"clientSecret\" : \"" + TEXT + "\""), out.toString());
    assertEquals("stdout", p.describe("k"));
    assertEquals(Optional.empty(), p.pendingSince("k"));
    assertEquals(Optional.empty(), p.shown("partner-referrals"), "an immediate printer keeps nothing");
  }

  @Test
  void aHeldSecretReachesOnlyTheDocumentItIsPlacedIn() throws Exception {
    SecretPrinter p = SecretPrinter.held();
    assertEquals(Optional.empty(), p.shown("partner-referrals"));
    p.deliver(DELIVERY);
    var shown = p.shown("partner-referrals").orElseThrow();
    assertEquals("(sensitive)", shown.toString());
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var doc = mapper.createObjectNode().putPOJO("clientSecret", shown);
    assertEquals("{\"clientSecret\":\"" + TEXT + "\"}", mapper.writeValueAsString(doc));
    assertEquals(Optional.empty(), p.shown("other"));
  }
}
