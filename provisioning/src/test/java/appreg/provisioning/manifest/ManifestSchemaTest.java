package appreg.provisioning.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.profile.Profile;
import appreg.provisioning.profile.Profiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/manifest.schema.json is what editors check a manifest with; the reader is what appreg checks it with. These
 * tests keep the two from drifting apart: same fields in every place, same limits, and the profiles' manifests and the
 * contract's example pass a small validator over the schema.
 */
class ManifestSchemaTest {
  static final Path SCHEMA = Path.of("../docs/manifest.schema.json");
  static final JsonNode schema = load();

  static JsonNode load() {
    try {
      return new ObjectMapper().readTree(Files.readString(SCHEMA));
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + SCHEMA.toAbsolutePath(), e);
    }
  }

  @Test
  void everyPlaceHasTheReadersFieldsAndNoOthers() {
    Map<String, JsonNode> places = pairs(
        Fields.TOP, schema,
        Fields.APPLICATION, def("application"),
        Fields.WEB, def("redirects"),
        Fields.SPA, def("redirects"),
        Fields.PUBLIC_CLIENT, def("redirects"),
        Fields.PERMISSION, def("permission"),
        Fields.SECRET, def("secret"),
        Fields.DIRECTORY_ROLE, def("directoryRole"),
        Fields.CERTIFICATE, def("certificate"),
        Fields.GENERATE, def("generate"),
        Fields.FEDERATED_CREDENTIAL, def("federatedCredential"),
        Fields.GITHUB, def("github"),
        Fields.KUBERNETES, def("kubernetes"));
    assertEquals(Fields.KNOWN.keySet(), new HashSet<>(places.keySet()));
    for (var place : places.entrySet()) {
      List<String> names = new ArrayList<>();
      place.getValue().get("properties").fieldNames().forEachRemaining(names::add);
      assertEquals(Fields.KNOWN.get(place.getKey()), names, place.getKey());
      assertFalse(place.getValue().get("additionalProperties").asBoolean(), place.getKey() + " allows unknown fields");
    }
  }

  @Test
  void limitsAndDefaultsMatchTheReader() {
    JsonNode app = def("application").get("properties");
    List<String> audiences = new ArrayList<>();
    app.get("signInAudience").get("enum").forEach(n -> audiences.add(n.asText()));
    assertEquals(ApplicationSpec.SIGN_IN_AUDIENCES, audiences);
    assertEquals(ApplicationSpec.DEFAULT_SIGN_IN_AUDIENCE, app.get("signInAudience").get("default").asText());
    List<String> profiles = new ArrayList<>();
    app.get("profile").get("enum").forEach(n -> profiles.add(n.asText()));
    assertEquals(ApplicationSpec.PROFILES, profiles);
    assertEquals(Keys.MAX_LENGTH, app.get("key").get("maxLength").asInt());
    assertEquals(RedirectUris.MAX_LENGTH,
        def("redirects").at("/properties/redirectUris/items/maxLength").asInt());
    JsonNode secret = def("secret").get("properties");
    assertEquals(SecretSpec.MAX_LIFETIME_DAYS, secret.at("/lifetimeDays/maximum").asInt());
    assertEquals(SecretSpec.DEFAULT_LIFETIME_DAYS, secret.at("/lifetimeDays/default").asInt());
    assertEquals(SecretSpec.DEFAULT_ROTATE_WITHIN_DAYS, secret.at("/rotateWithinDays/default").asInt());
    assertEquals(SecretSpec.DEFAULT_DISPLAY_NAME, secret.at("/displayName/default").asText());
    JsonNode generate = def("generate").get("properties");
    assertEquals(CertificateSpec.MAX_LIFETIME_DAYS, generate.at("/lifetimeDays/maximum").asInt());
    assertEquals(CertificateSpec.DEFAULT_LIFETIME_DAYS, generate.at("/lifetimeDays/default").asInt());
    assertEquals(CertificateSpec.DEFAULT_ROTATE_WITHIN_DAYS, generate.at("/rotateWithinDays/default").asInt());
    assertEquals(CertificateSpec.DEFAULT_RSA_BITS, generate.at("/keySize/default").asInt());
    assertEquals(CertificateSpec.DEFAULT_DISPLAY_NAME, def("certificate").at("/properties/displayName/default").asText());
    assertEquals(FederatedCredentialSpec.MAX_PER_APPLICATION,
        def("application").at("/properties/federatedCredentials/maxItems").asInt());
    assertEquals(FederatedCredentialSpec.DEFAULT_AUDIENCE, def("federatedCredential").at("/properties/audiences/default/0").asText());
    assertEquals(Credentials.MAX_FIELD, def("federatedCredential").at("/properties/subject/maxLength").asInt());
    assertEquals("^" + Credentials.FEDERATED_NAME.pattern() + "$", def("federatedCredential").at("/properties/name/pattern").asText());
    assertEquals("^" + Credentials.GITHUB_REPO.pattern() + "$", def("github").at("/properties/repo/pattern").asText());
  }

  @Test
  void credentialsThatReadAlsoValidate() throws Exception {
    JsonNode doc = new YAMLMapper().readTree("""
        applications:
          - key: a
            displayName: A
            certificate: {displayName: c, generate: {subject: CN=a, keyType: EC, keySize: P-256, lifetimeDays: 90, rotateWithinDays: 10}}
            federatedCredentials:
              - {name: gh-env, github: {repo: contoso/app, environment: production}}
              - {name: gh-pr, github: {repo: contoso/app, pullRequest: true}}
              - {name: aks, kubernetes: {issuer: 'https://eastus.oic.prod-aks.azure.com/t/c/', namespace: ns, serviceAccount: sa}}
              - {name: other, issuer: 'https://idp.contoso.com', subject: x, audiences: [api://AzureADTokenExchange], description: d}
          - key: b
            displayName: B
            certificate: {file: cert.pem}
        """);
    assertEquals(List.of(), validate(doc));
    for (String bad : List.of(
        "applications: [{key: a, displayName: A, certificate: {}}]",
        "applications: [{key: a, displayName: A, certificate: {file: c.pem, generate: {}}}]",
        "applications: [{key: a, displayName: A, certificate: {file: c.pfx}}]",
        "applications: [{key: a, displayName: A, certificate: {generate: {keySize: 1024}}}]",
        "applications: [{key: a, displayName: A, certificate: {generate: {lifetimeDays: 731}}}]",
        "applications: [{key: a, displayName: A, federatedCredentials: [{name: x1, issuer: 'http://x', subject: s}]}]",
        "applications: [{key: a, displayName: A, federatedCredentials: [{name: 'a b', github: {repo: a/b, branch: m}}]}]",
        "applications: [{key: a, displayName: A, federatedCredentials: [{name: abc, github: {repo: a/b}}]}]",
        "applications: [{key: a, displayName: A, federatedCredentials: [{name: abc, github: {repo: a/b, branch: m, tag: t}}]}]",
        "applications: [{key: a, displayName: A, federatedCredentials: [{name: abc, github: {repo: a/b, pullRequest: false}}]}]",
        "applications: [{key: a, displayName: A, federatedCredentials: [{name: abc, issuer: 'https://x', subject: s, audiences: [a, b]}]}]",
        "applications: [{key: a, displayName: A, federatedCredentials: [{name: abc, kubernetes: {issuer: 'https://x', namespace: NS, serviceAccount: s}}]}]")) {
      assertFalse(validate(new YAMLMapper().readTree(bad)).isEmpty(), bad);
    }
  }

  @Test
  void profilesAndTheContractExampleValidate() throws Exception {
    for (Profile p : Profiles.all()) {
      JsonNode doc = new YAMLMapper().readTree(p.manifestYaml(null, null));
      assertEquals(List.of(), validate(doc), p.name());
    }
    JsonNode example = new YAMLMapper().readTree(Files.readString(ManifestReaderTest.RESOURCES.resolve("contract-example.yaml")));
    assertEquals(List.of(), validate(example));
    JsonNode json = new ObjectMapper().readTree(Files.readString(ManifestReaderTest.RESOURCES.resolve("contract-example.json")));
    assertEquals(List.of(), validate(json));
  }

  @Test
  void theValidatorRejectsWhatTheReaderRejects() throws Exception {
    for (String bad : List.of(
        "applications: []",
        "applications: [{key: a}]",
        "applications: [{key: 'my app', displayName: A}]",
        "applications: [{key: a, displayName: A, web: {redirectUri: [https://localhost]}}]",
        "applications: [{key: a, displayName: A, secret: {lifetimeDays: 731}}]",
        "applications: [{key: a, displayName: A, signInAudience: Everyone}]",
        "applications: [{key: a, displayName: A, permissions: [{api: X}]}]",
        "applications: [{key: a, displayName: A, web: {redirectUris: ['https://*.contoso.com']}}]",
        "applications: [{key: a, appId: not-a-guid}]",
        "applications: [{key: a, displayName: A, profile: custom}]",
        "applications: [{key: a, displayName: A, owners: [alice]}]")) {
      assertFalse(validate(new YAMLMapper().readTree(bad)).isEmpty(), bad);
    }
    assertTrue(validate(new YAMLMapper().readTree("applications: [{key: a, appId: 4990cffe-04e8-4e8b-808a-1175604b879f}]")).isEmpty());
    assertTrue(validate(new YAMLMapper().readTree("applications: [{key: a, displayName: A, profile: entra-reporting, "
        + "owners: [alice@contoso.com, 4990cffe-04e8-4e8b-808a-1175604b879f]}]")).isEmpty());
  }

  private static Map<String, JsonNode> pairs(Object... keysAndValues) {
    Map<String, JsonNode> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], (JsonNode) keysAndValues[i + 1]);
    return m;
  }

  private static JsonNode def(String name) {
    return schema.get("$defs").get(name);
  }

  // --- the small part of JSON Schema 2020-12 that docs/manifest.schema.json uses ---

  static List<String> validate(JsonNode doc) {
    List<String> problems = new ArrayList<>();
    check(doc, schema, "$", problems);
    return problems;
  }

  private static void check(JsonNode value, JsonNode s, String at, List<String> problems) {
    if (s.has("$ref")) {
      s = schema.at(s.get("$ref").asText().substring(1));
    }
    if (s.has("type") && !hasType(value, s.get("type").asText())) {
      problems.add(at + ": not " + s.get("type").asText());
      return;
    }
    if (s.has("enum")) {
      boolean found = false;
      for (JsonNode e : s.get("enum")) found |= e.equals(value);
      if (!found) problems.add(at + ": not one of " + s.get("enum"));
    }
    if (value.isTextual()) {
      String text = value.asText();
      if (s.has("minLength") && text.length() < s.get("minLength").asInt()) problems.add(at + ": too short");
      if (s.has("maxLength") && text.length() > s.get("maxLength").asInt()) problems.add(at + ": too long");
      if (s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(text).find()) {
        problems.add(at + ": does not match " + s.get("pattern").asText());
      }
    }
    if (value.isIntegralNumber()) {
      if (s.has("minimum") && value.asLong() < s.get("minimum").asLong()) problems.add(at + ": below minimum");
      if (s.has("maximum") && value.asLong() > s.get("maximum").asLong()) problems.add(at + ": above maximum");
    }
    if (value.isArray()) {
      if (s.has("minItems") && value.size() < s.get("minItems").asInt()) problems.add(at + ": too few items");
      if (s.has("maxItems") && value.size() > s.get("maxItems").asInt()) problems.add(at + ": too many items");
      if (s.has("uniqueItems") && s.get("uniqueItems").asBoolean()) {
        Set<JsonNode> seen = new HashSet<>();
        for (JsonNode item : value) if (!seen.add(item)) problems.add(at + ": duplicate " + item);
      }
      if (s.has("items")) for (int i = 0; i < value.size(); i++) check(value.get(i), s.get("items"), at + "[" + i + "]", problems);
    }
    if (value.isObject()) {
      if (s.has("required")) {
        for (JsonNode r : s.get("required")) if (!value.has(r.asText())) problems.add(at + ": missing " + r.asText());
      }
      JsonNode props = s.get("properties");
      for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (props != null && props.has(name)) check(value.get(name), props.get(name), at + "." + name, problems);
        else if (s.has("additionalProperties") && !s.get("additionalProperties").asBoolean()) {
          problems.add(at + ": unknown field " + name);
        }
      }
    }
    if (s.has("oneOf")) {
      int matching = 0;
      for (JsonNode option : s.get("oneOf")) {
        List<String> p = new ArrayList<>();
        check(value, option, at, p);
        if (p.isEmpty()) matching++;
      }
      if (matching != 1) problems.add(at + ": matches " + matching + " of oneOf");
    }
    if (s.has("anyOf")) {
      boolean any = false;
      for (JsonNode option : s.get("anyOf")) {
        List<String> p = new ArrayList<>();
        check(value, option, at, p);
        any |= p.isEmpty();
      }
      if (!any) problems.add(at + ": matches none of anyOf");
    }
  }

  private static boolean hasType(JsonNode v, String type) {
    return switch (type) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber();
      case "boolean" -> v.isBoolean();
      default -> throw new IllegalArgumentException("validator does not know type " + type);
    };
  }
}
