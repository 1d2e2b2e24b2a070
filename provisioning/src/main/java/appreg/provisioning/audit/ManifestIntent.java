package appreg.provisioning.audit;

import appreg.provisioning.manifest.ApplicationSpec;
import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.manifest.PermissionSpec;
import appreg.provisioning.tenant.PermissionType;
import java.util.ArrayList;
import java.util.List;

/** The {@link Intent} of a manifest given with {@code audit -f}: each application, keyed as apply would key it. */
public final class ManifestIntent {
  private ManifestIntent() {}

  public static Intent of(Manifest manifest) {
    List<IntendedRegistration> out = new ArrayList<>();
    for (ApplicationSpec a : manifest.applications()) {
      List<IntendedRegistration.Permission> permissions = new ArrayList<>();
      for (PermissionSpec p : a.permissions()) {
        for (String d : p.delegated()) permissions.add(new IntendedRegistration.Permission(p.api(), PermissionType.SCOPE, d));
        for (String r : p.application()) permissions.add(new IntendedRegistration.Permission(p.api(), PermissionType.ROLE, r));
      }
      out.add(new IntendedRegistration(a.key(), a.displayName(), a.signInAudience(), a.appId(), a.webRedirectUris(),
          a.spaRedirectUris(), a.publicClientRedirectUris(), permissions, a.adminConsent(), a.secret() != null, a.where().file(),
          a.where().line()));
    }
    List<IntendedRegistration> copy = List.copyOf(out);
    return () -> copy;
  }
}
