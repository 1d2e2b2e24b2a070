package appreg.provisioning.audit.rules;

import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.IntendedRegistration;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.audit.Subject;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.ServicePrincipal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A registration declared in the manifest (-f) differs from it: display name, audience, redirect URIs or requested
 * permissions; or the declared registration is not in the tenant at all. Only runs with a manifest. {@code appreg plan}
 * shows the same drift with the actions that would remove it.
 */
public final class ManifestDrift implements Rule {
  private static final Description D = new Description("manifest-drift", Severity.MEDIUM,
      "Registration differs from its manifest",
      "Changes made outside the manifest are invisible to review and are undone (or worse, kept) by the next apply.",
      "Run appreg plan -f MANIFEST to see the actions, then appreg apply, or change the manifest if the tenant is right.",
      "appreg contract (drift kinds)");

  @Override public Description description() { return D; }

  @Override
  public List<Finding> check(AuditContext c) {
    List<Finding> out = new ArrayList<>();
    for (IntendedRegistration i : c.intent().registrations()) {
      Optional<Registration> found = c.tenant().registrations().stream()
          .filter(r -> i.key().equals(r.uniqueName()) || (i.appId() != null && i.appId().equals(r.appId()))).findFirst();
      if (found.isEmpty()) {
        out.add(finding(new Subject(Subject.Kind.MANIFEST, i.displayName(), i.appId(), null, i.key()),
            "declared in the manifest as '" + i.key() + "' but not in the tenant", Rule.details("key", i.key(), "missing", "registration")));
        continue;
      }
      Registration r = found.get();
      Map<String, String> diff = new LinkedHashMap<>();
      if (!i.displayName().isEmpty() && !i.displayName().equals(r.displayName())) {
        diff.put("displayName", "'" + r.displayName() + "', manifest '" + i.displayName() + "'");
      }
      String audience = i.signInAudience() == null ? Audiences.SINGLE_TENANT : i.signInAudience();
      if (!audience.equalsIgnoreCase(String.valueOf(r.signInAudience()))) {
        diff.put("signInAudience", r.signInAudience() + ", manifest " + audience);
      }
      compare(diff, "web.redirectUris", i.webRedirectUris(), r.webRedirectUris());
      compare(diff, "spa.redirectUris", i.spaRedirectUris(), r.spaRedirectUris());
      compare(diff, "publicClient.redirectUris", i.publicClientRedirectUris(), r.publicClientRedirectUris());
      Set<String> wanted = new TreeSet<>();
      for (IntendedRegistration.Permission p : i.permissions()) {
        String api = c.api(p.api()).map(ServicePrincipal::displayName).orElse(p.api());
        wanted.add(api + " " + p.value() + (p.type() == PermissionType.ROLE ? " (application)" : " (delegated)"));
      }
      Set<String> have = new TreeSet<>();
      for (AuditContext.Requested q : c.requested(r)) {
        have.add(c.apiName(q.resourceAppId()) + " " + q.value() + (q.type() == PermissionType.ROLE ? " (application)" : " (delegated)"));
      }
      Set<String> missing = new TreeSet<>(wanted);
      missing.removeAll(have);
      Set<String> extra = new TreeSet<>(have);
      extra.removeAll(wanted);
      if (!missing.isEmpty()) diff.put("permissionsMissing", String.join(", ", missing));
      if (!extra.isEmpty()) diff.put("permissionsExtra", String.join(", ", extra));
      if (diff.isEmpty()) continue;
      List<String> parts = new ArrayList<>();
      diff.forEach((k, v) -> parts.add(k + ": " + v));
      Map<String, String> details = new LinkedHashMap<>();
      details.put("key", i.key());
      details.putAll(diff);
      out.add(finding(c.subject(r), String.join("; ", parts), details));
    }
    return out;
  }

  private static void compare(Map<String, String> diff, String field, List<String> declared, List<String> actual) {
    if (declared == null) return;
    Set<String> want = new TreeSet<>(declared);
    Set<String> have = new TreeSet<>(actual);
    if (!want.equals(have)) diff.put(field, have + ", manifest " + want);
  }
}
