package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Fills a tenant with registrations that look like a real tenant's, for audit, export and paging tests: most have a
 * service principal and owners; some hold Microsoft Graph grants and app role assignments; secrets are expired,
 * expiring, long-lived or absent; some hold a certificate (a few of them weak); a few are multi-tenant or have insecure
 * redirect URIs. Deterministic for a seed.
 * Objects are stored in their compact form (only what is set), so 10,000 registrations stay cheap.
 */
final class SyntheticRegistrations {
  private static final String[] TEAMS = {"Finance", "HR", "Sales", "Marketing", "Legal", "IT", "Security", "Retail",
      "Logistics", "Research", "Support", "Payroll", "Analytics", "Partner", "Facilities"};
  private static final String[] KINDS = {"Portal", "Sync", "Reporting", "Connector", "Bot", "API", "Automation",
      "Dashboard", "Importer", "Exporter", "Mobile App", "Web App", "Daemon", "Integration", "Scanner"};
  private static final String[] ROLE_VALUES = {"User.Read.All", "Directory.Read.All", "AuditLog.Read.All",
      "Application.Read.All", "Mail.Send", "Group.Read.All", "Reports.Read.All", "Application.ReadWrite.All",
      "RoleManagement.ReadWrite.Directory", "Organization.Read.All"};
  private static final String[] SCOPE_VALUES = {"User.Read", "openid", "profile", "offline_access", "email",
      "User.Read.All", "Directory.Read.All", "Group.Read.All", "Directory.AccessAsUser.All"};
  private static final String HINT_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final SimulatedTenant tenant;
  private final Random random;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  SyntheticRegistrations(SimulatedTenant tenant, Random random) {
    this.tenant = tenant;
    this.random = random;
  }

  void add(int count) {
    ObjectNode graph = tenant.collection("servicePrincipals").values().stream()
        .filter(sp -> FirstPartyApps.MICROSOFT_GRAPH.equals(sp.path("appId").asText())).findFirst().orElse(null);
    List<String> userIds = new ArrayList<>(tenant.collection("users").keySet());
    int start = tenant.collection("applications").size();
    for (int i = 0; i < count; i++) {
      int n = start + i + 1;
      ObjectNode app = application(n, graph);
      ObjectNode stored = tenant.insert("applications", app);
      String appObjectId = stored.get("id").asText();
      if (!userIds.isEmpty() && random.nextInt(100) < 85) {
        int owners = 1 + (random.nextInt(100) < 30 ? 1 : 0);
        for (int o = 0; o < owners; o++) {
          tenant.ownersMap().computeIfAbsent(appObjectId, k -> new java.util.LinkedHashSet<>())
              .add(userIds.get(random.nextInt(userIds.size())));
        }
      }
      if (random.nextInt(100) < 90) {
        ObjectNode sp = servicePrincipal(stored);
        String spId = tenant.insert("servicePrincipals", sp).get("id").asText();
        if (graph != null) {
          consent(spId, graph, stored);
        }
      }
    }
    tenant.markChanged();
  }

  private ObjectNode application(int n, ObjectNode graph) {
    var json = Entities.JSON;
    var app = json.createObjectNode();
    app.put("id", guid());
    app.put("appId", guid());
    String name = TEAMS[random.nextInt(TEAMS.length)] + " " + KINDS[random.nextInt(KINDS.length)] + " " + n;
    app.put("displayName", name);
    Instant created = now.minus(1 + random.nextInt(5 * 365), ChronoUnit.DAYS)
        .minus(random.nextInt(86_400), ChronoUnit.SECONDS);
    app.put("createdDateTime", created.toString());
    app.put("publisherDomain", SimulatedTenant.DOMAIN);
    int audience = random.nextInt(100);
    app.put("signInAudience", audience < 80 ? "AzureADMyOrg" : audience < 95 ? "AzureADMultipleOrgs"
        : "AzureADandPersonalMicrosoftAccount");
    if (random.nextInt(100) < 10) {
      app.put("uniqueName", "synthetic-" + n);
    }
    if (random.nextInt(100) < 60) {
      var web = app.putObject("web");
      var uris = web.putArray("redirectUris");
      uris.add("https://" + slug(name) + ".contoso.com/signin-oidc");
      if (random.nextInt(100) < 10) {
        uris.add("http://" + slug(name) + ".contoso.com/callback");
      }
      if (random.nextInt(100) < 8) {
        web.putObject("implicitGrantSettings").put("enableAccessTokenIssuance", true)
            .put("enableIdTokenIssuance", true);
      }
    }
    if (random.nextInt(100) < 20) {
      app.putArray("tags").add("team:" + name.split(" ")[0].toLowerCase());
    }
    if (graph != null && random.nextInt(100) < 70) {
      var rra = app.putArray("requiredResourceAccess").addObject();
      rra.put("resourceAppId", FirstPartyApps.MICROSOFT_GRAPH);
      var access = rra.putArray("resourceAccess");
      for (String value : pick(SCOPE_VALUES, 1 + random.nextInt(3))) {
        idOf(graph.path("oauth2PermissionScopes"), value).ifPresent(id ->
            access.addObject().put("id", id).put("type", "Scope"));
      }
      if (random.nextInt(100) < 40) {
        for (String value : pick(ROLE_VALUES, 1 + random.nextInt(2))) {
          idOf(graph.path("appRoles"), value).ifPresent(id -> access.addObject().put("id", id).put("type", "Role"));
        }
      }
    }
    int secrets = random.nextInt(100) < 25 ? 0 : 1 + random.nextInt(3);
    if (secrets > 0) {
      ArrayNode creds = app.putArray("passwordCredentials");
      for (int s = 0; s < secrets; s++) {
        creds.add(passwordCredential(created));
      }
    }
    if (random.nextInt(100) < 15) {
      var key = app.putArray("keyCredentials").addObject();
      Instant start = created.plus(random.nextInt(30), ChronoUnit.DAYS);
      String certificate = certificate(n);
      key.put("customKeyIdentifier", Base64.getEncoder().encodeToString(ApplicationKeys.thumbprint(certificate)));
      key.put("displayName", "CN=" + slug(name));
      key.put("endDateTime", start.plus(365 + random.nextInt(730), ChronoUnit.DAYS).toString());
      key.put("keyId", guid());
      key.put("startDateTime", start.toString());
      key.put("type", "AsymmetricX509Cert");
      key.put("usage", "Verify");
      key.put("key", certificate);
    }
    return app;
  }

  /**
   * The certificate of registration {@code n}: one in five an RSA 1024-bit key, one in seven (of the rest) signed with
   * SHA-1, the others RSA 2048. Chosen by number, not drawn, so that adding it left every other seeded value as it was.
   */
  private static String certificate(int n) {
    if (n % 5 == 0) return SampleCertificates.RSA_1024;
    if (n % 7 == 0) return SampleCertificates.SHA1_SIGNED;
    return SampleCertificates.RSA_2048;
  }

  /** Secrets in every state an audit cares about: expired, expiring within 30 days, long-lived, far future. */
  private ObjectNode passwordCredential(Instant created) {
    var c = Entities.JSON.createObjectNode();
    Instant end;
    int kind = random.nextInt(100);
    if (kind < 25) {
      end = now.minus(1 + random.nextInt(400), ChronoUnit.DAYS);
    } else if (kind < 40) {
      end = now.plus(random.nextInt(30), ChronoUnit.DAYS).plus(random.nextInt(86_400), ChronoUnit.SECONDS);
    } else if (kind < 95) {
      end = now.plus(31 + random.nextInt(700), ChronoUnit.DAYS);
    } else {
      end = Instant.parse("2299-12-31T00:00:00Z");
    }
    Instant start = end.minus(90 + random.nextInt(640), ChronoUnit.DAYS);
    if (start.isBefore(created)) {
      start = created;
    }
    c.putNull("customKeyIdentifier");
    c.put("displayName", random.nextBoolean() ? "Password uploaded on " + start.toString().substring(0, 10) : "ci");
    c.put("endDateTime", end.toString());
    var hint = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      hint.append(HINT_ALPHABET.charAt(random.nextInt(HINT_ALPHABET.length())));
    }
    c.put("hint", hint.toString());
    c.put("keyId", guid());
    c.put("startDateTime", start.toString());
    return c;
  }

  private ObjectNode servicePrincipal(ObjectNode app) {
    var sp = Entities.JSON.createObjectNode();
    sp.put("id", guid());
    sp.put("appDisplayName", app.get("displayName").asText());
    sp.put("appId", app.get("appId").asText());
    sp.put("appOwnerOrganizationId", tenant.tenantId());
    sp.put("displayName", app.get("displayName").asText());
    sp.put("signInAudience", app.get("signInAudience").asText());
    sp.putArray("servicePrincipalNames").add(app.get("appId").asText());
    if (app.has("web")) {
      sp.set("replyUrls", app.get("web").get("redirectUris").deepCopy());
    }
    if (app.has("tags")) {
      sp.set("tags", app.get("tags").deepCopy());
    }
    return sp;
  }

  /** Admin consent for some of what the registration requests, and now and then more than it requests. */
  private void consent(String spId, ObjectNode graph, ObjectNode app) {
    var scopes = new ArrayList<String>();
    var roles = new ArrayList<String>();
    for (JsonNode rra : app.path("requiredResourceAccess")) {
      for (JsonNode access : rra.path("resourceAccess")) {
        String id = access.path("id").asText();
        if (access.path("type").asText().equals("Scope")) {
          valueOf(graph.path("oauth2PermissionScopes"), id).ifPresent(scopes::add);
        } else {
          roles.add(id);
        }
      }
    }
    if (random.nextInt(100) < 10) {
      scopes.add(SCOPE_VALUES[random.nextInt(SCOPE_VALUES.length)]); // consent beyond what is requested
    }
    if (!scopes.isEmpty() && random.nextInt(100) < 70) {
      var grant = Entities.JSON.createObjectNode();
      grant.put("clientId", spId);
      grant.put("consentType", "AllPrincipals");
      grant.putNull("principalId");
      grant.put("resourceId", graph.get("id").asText());
      grant.put("scope", String.join(" ", scopes.stream().distinct().toList()));
      tenant.insert("oauth2PermissionGrants", grant);
    }
    if (random.nextInt(100) < 75) {
      for (String roleId : roles.stream().distinct().toList()) {
        var assignment = Entities.JSON.createObjectNode();
        assignment.put("appRoleId", roleId);
        assignment.put("principalId", spId);
        assignment.put("principalDisplayName", app.get("displayName").asText());
        assignment.put("principalType", "ServicePrincipal");
        assignment.put("resourceId", graph.get("id").asText());
        assignment.put("resourceDisplayName", graph.get("displayName").asText());
        assignment.put("id", assignmentId(spId));
        tenant.insert("appRoleAssignments", assignment);
      }
    }
  }

  private List<String> pick(String[] values, int n) {
    var out = new ArrayList<String>();
    for (int i = 0; i < n; i++) {
      String v = values[random.nextInt(values.length)];
      if (!out.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }

  private static java.util.Optional<String> idOf(JsonNode permissions, String value) {
    for (JsonNode p : permissions) {
      if (value.equals(p.path("value").asText())) {
        return java.util.Optional.of(p.path("id").asText());
      }
    }
    return java.util.Optional.empty();
  }

  private static java.util.Optional<String> valueOf(JsonNode permissions, String id) {
    for (JsonNode p : permissions) {
      if (id.equals(p.path("id").asText())) {
        return java.util.Optional.of(p.path("value").asText());
      }
    }
    return java.util.Optional.empty();
  }

  /** Same shape as the server's ids (principal GUID bytes, then 16 more), drawn from the seeded generator. */
  private String assignmentId(String principalId) {
    byte[] tail = new byte[16];
    random.nextBytes(tail);
    var buffer = java.nio.ByteBuffer.allocate(32).put(SimulatedTenant.dotNetBytes(principalId)).put(tail);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
  }

  private static String slug(String name) {
    return name.toLowerCase().replaceAll("[^a-z0-9]+", "-");
  }

  private String guid() {
    return new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
        random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString();
  }
}
