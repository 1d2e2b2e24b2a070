package appreg.provisioning.audit.rules;

import appreg.provisioning.audit.CompactRegistration;
import appreg.provisioning.audit.CompactServicePrincipal;
import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Subject;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.PermissionType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who reaches a given set of APIs, by request (requiredResourceAccess) or by consent (grants, app role assignments),
 * gathered per subject so that a registration is reported once however many ways it gets there.
 */
final class ApiAccess {
  private ApiAccess() {}

  record Reach(Subject subject, CompactRegistration registration, Set<String> apis, Set<String> how, boolean appOnly,
               Set<AppId> appIds) {
    Reach(Subject subject, CompactRegistration registration, Set<String> apis, Set<String> how, boolean appOnly) {
      this(subject, registration, apis, how, appOnly, new java.util.HashSet<>());
    }
  }

  static Map<Subject, Reach> find(AuditContext c, Set<AppId> apis) {
    Map<Subject, Reach> out = new LinkedHashMap<>();
    for (CompactRegistration r : c.registrations()) {
      for (AuditContext.Requested q : c.requested(r, apis)) {
        Reach reach = out.computeIfAbsent(r.subject(), s -> new Reach(s, r, new TreeSet<>(), new TreeSet<>(), false));
        reach.apis().add(c.apiName(q.resourceAppId()) + " (" + q.resourceAppId() + ")");
        reach.appIds().add(q.resourceAppId());
        reach.how().add("requested");
        if (q.type() == PermissionType.ROLE) out.put(reach.subject(), withAppOnly(reach));
      }
    }
    for (CompactServicePrincipal sp : c.servicePrincipals()) {
      for (AuditContext.Consented p : c.consented(sp, apis)) {
        Subject subject = c.subject(sp);
        Reach reach = out.computeIfAbsent(subject, s -> new Reach(s, c.registration(sp.appId()).orElse(null),
            new TreeSet<>(), new TreeSet<>(), false));
        reach.apis().add(c.apiName(p.resourceAppId()) + " (" + p.resourceAppId() + ")");
        reach.appIds().add(p.resourceAppId());
        reach.how().add("consented");
        if (p.type() == PermissionType.ROLE) out.put(subject, withAppOnly(reach));
      }
    }
    return out;
  }

  private static Reach withAppOnly(Reach r) {
    return new Reach(r.subject(), r.registration(), r.apis(), r.how(), true, r.appIds());
  }
}
