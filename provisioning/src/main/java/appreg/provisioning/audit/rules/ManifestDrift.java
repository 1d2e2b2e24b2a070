package appreg.provisioning.audit.rules;

import java.util.function.Consumer;
import appreg.provisioning.audit.TenantRule;
import appreg.provisioning.audit.CompactRegistration;
import appreg.provisioning.audit.CompactServicePrincipal;
import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.IntendedRegistration;
import appreg.provisioning.audit.Rule;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.audit.Subject;
import appreg.provisioning.tenant.PermissionType;
import appreg.provisioning.tenant.Registration;
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
public final class ManifestDrift implements TenantRule {
  private static final Description D = new Description("manifest-drift", Severity.MEDIUM,
      "Registration differs from its manifest",
      "Changes made outside the manifest are invisible to review and are undone (or worse, kept) by the next apply.",
      "Run appreg plan -f MANIFEST to see the actions, then appreg apply, or change the manifest if the tenant is right.",
      "appreg contract (drift kinds)");

  @Override public Description description() { return D; }

  @Override
  public void check(AuditContext c, Consumer<Finding> out) {
    for (IntendedRegistration i : c.intent().registrations()) {
      Optional<Registration> found = c.declared(i);
      if (found.isEmpty()) {
        out.accept(finding(new Subject(Subject.Kind.MANIFEST, i.displayName(), i.appId(), null, i.key()),
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
        String api = c.api(p.api()).map(CompactServicePrincipal::displayName).orElse(p.api());
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
      out.accept(finding(subject(c, r), String.join("; ", parts), details));
    }
  }

  /** How findings name a registration: as the audit named it when it was read. */
  private static Subject subject(AuditContext c, Registration r) {
    return c.registration(r.appId()).filter(x -> x.id().equals(r.id())).map(CompactRegistration::subject)
        .orElseGet(() -> new Subject(Subject.Kind.APPLICATION, r.displayName(), r.appId(), r.id(),
            r.uniqueName() != null ? r.uniqueName() : c.intent().forRegistration(r).map(IntendedRegistration::key).orElse("")));
  }

  private static void compare(Map<String, String> diff, String field, List<String> declared, List<String> actual) {
    if (declared == null) return;
    Set<String> want = new TreeSet<>(declared);
    Set<String> have = new TreeSet<>(actual);
    if (!want.equals(have)) diff.put(field, have + ", manifest " + want);
  }
}
