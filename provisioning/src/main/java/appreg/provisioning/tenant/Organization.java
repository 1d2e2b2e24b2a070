package appreg.provisioning.tenant;

import java.util.List;

/** The tenant: its id and verified domains. */
public record Organization(String tenantId, String displayName, List<Domain> verifiedDomains) {
  public Organization {
    verifiedDomains = List.copyOf(verifiedDomains);
  }

  public record Domain(String name, boolean isDefault, boolean isInitial) {}

  /** The default domain, else the initial one, else the first; empty string when the tenant lists none. */
  public String primaryDomain() {
    return verifiedDomains.stream().filter(Domain::isDefault).findFirst()
        .or(() -> verifiedDomains.stream().filter(Domain::isInitial).findFirst())
        .or(() -> verifiedDomains.stream().findFirst())
        .map(Domain::name).orElse("");
  }
}
