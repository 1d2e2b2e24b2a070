package appreg.provisioning.audit;

import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.RequiredResource;
import java.util.List;

/**
 * What the {@link TenantRule}s need of a registration once its own rules have run: how findings name it (which
 * carries its object id and appId), the permissions it requests, whether it holds an unexpired client secret, and
 * what the manifest declares for it (null when nothing). Credentials, redirect URIs, tags and flags are judged as the
 * registration is read and not kept, so a tenant of 50,000 registrations costs a few hundred bytes per registration.
 */
public record CompactRegistration(Subject subject, List<RequiredResource> requested, boolean clientSecret,
                                  IntendedRegistration declared) {
  public ObjectId id() {
    return subject.objectId();
  }

  public AppId appId() {
    return subject.appId();
  }

  public String displayName() {
    return subject.displayName();
  }
}
