package appreg.provisioning.audit;

import appreg.provisioning.tenant.AppRoleAssignment;
import appreg.provisioning.tenant.DelegatedGrant;
import appreg.provisioning.tenant.FederatedCredential;
import appreg.provisioning.tenant.KeyCredential;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.Organization;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.RoleAssignment;
import appreg.provisioning.tenant.RoleDefinition;
import appreg.provisioning.tenant.ServicePrincipal;
import appreg.provisioning.tenant.TenantConsumer;
import appreg.provisioning.tenant.TenantPart;
import appreg.provisioning.tenant.TenantPolicies;
import appreg.provisioning.tenant.Unread;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One audit in progress: fed the tenant as it is read (a {@link TenantConsumer}), then {@link #finish}ed. Each
 * registration is judged by the {@link RegistrationRule}s the moment it arrives and then kept only as a
 * {@link CompactRegistration}; service principals, grants and assignments are kept as compact records; the
 * {@link TenantRule}s run at the end over those. Findings are encoded as they are found ({@link Findings}), and those
 * of a rule that turns out not to be evaluable (a part it needs was refused) are dropped at the end, unless that part is
 * read registration by registration (certificates), where what was read is judged and the rest reported.
 */
public final class Audit implements TenantConsumer {
  private final List<Rule> rules;
  private final List<RegistrationRule> registrationRules = new ArrayList<>();
  private final Intent intent;
  private final Instant now;
  private final AuditContext context;
  private final ExpiryCalendar.Counter calendar;
  private final Findings.Store findings = new Findings.Store();
  private final Map<TenantPart, Unread> unread = new EnumMap<>(TenantPart.class);
  /**
   * Registrations holding an unexpired certificate whose certificate is not yet read (a listing never returns it), in
   * the order read, each with whether the manifest declares it: what {@link #certificatesToRead} offers.
   */
  private final Map<ObjectId, Boolean> certificatesUnread = new LinkedHashMap<>();
  private int withCertificates;
  private int registrations;
  private int servicePrincipals;
  private int grants;
  private int assignments;
  private int roleAssignments;
  private boolean finished;

  Audit(List<Rule> rules, Intent intent, Instant now) {
    this.rules = List.copyOf(rules);
    this.intent = intent == null ? Intent.NONE : intent;
    this.now = Objects.requireNonNull(now, "now");
    this.context = new AuditContext(this.intent, now);
    this.calendar = new ExpiryCalendar.Counter(now, Auditor.CALENDAR_MONTHS);
    for (Rule r : this.rules) if (r instanceof RegistrationRule rr) registrationRules.add(rr);
  }

  @Override
  public void registration(Registration r) {
    registrations++;
    IntendedRegistration declared = intent.forRegistration(r).orElse(null);
    String key = r.uniqueName() != null ? r.uniqueName() : declared != null ? declared.key() : "";
    Subject subject = new Subject(Subject.Kind.APPLICATION, r.displayName(), context.share(r.appId()), r.id(), key);
    AuditedRegistration audited = new AuditedRegistration(r, subject, declared, now);
    for (RegistrationRule rule : registrationRules) rule.check(audited, findings::add);
    calendar.add(audited.credentials());
    boolean secret = false;
    for (Credential c : audited.credentials()) secret |= c.kind() == Credential.Kind.SECRET && !c.expiredAt(now);
    context.registration(new CompactRegistration(subject, context.shareRequested(r.requiredResourceAccess()), secret, declared), r);
    if (!r.federatedCredentials().isEmpty()) context.federatedCredentials(r.id(), r.federatedCredentials());
    List<KeyCredential> certificates = Certificate.judged(r.keyCredentials(), now);
    if (!certificates.isEmpty()) {
      withCertificates++;
      if (certificates.stream().allMatch(k -> k.key() != null)) {
        context.certificates(r.id(), certificates.stream().map(Certificate::of).toList());
      } else {
        certificatesUnread.put(r.id(), declared != null);
      }
    }
  }

  @Override
  public void certificates(ObjectId application, List<KeyCredential> credentials) {
    if (certificatesUnread.remove(application) == null) return; // not one this audit waits for
    context.certificates(application, Certificate.judged(credentials, now).stream().map(Certificate::of).toList());
  }

  /**
   * The registrations holding an unexpired certificate that was not read with them (a listing never returns one):
   * those the manifest declares, or with {@code all} every one, in the order they were read. What is read of them is
   * to be handed to {@link #certificates}; the rest are reported as not judged by the certificate rules.
   */
  public List<ObjectId> certificatesToRead(boolean all) {
    List<ObjectId> out = new ArrayList<>();
    certificatesUnread.forEach((id, declared) -> {
      if (all || declared) out.add(id);
    });
    return out;
  }

  @Override
  public void federatedCredentials(ObjectId application, List<FederatedCredential> credentials) {
    if (!credentials.isEmpty()) context.federatedCredentials(application, credentials);
  }

  @Override
  public void servicePrincipal(ServicePrincipal sp) {
    servicePrincipals++;
    context.servicePrincipal(CompactServicePrincipal.of(sp, context.share(sp.id()), context.share(sp.appId())));
  }

  @Override
  public void organization(Organization o) {
    context.organization(o);
  }

  @Override
  public void grant(DelegatedGrant g) {
    grants++;
    context.grant(g);
  }

  @Override
  public void appRoleAssignment(AppRoleAssignment a) {
    assignments++;
    context.assignment(a.principalId(), a.resourceId(), a.appRoleId());
  }

  @Override
  public void roleDefinition(RoleDefinition d) {
    context.roleDefinition(d);
  }

  @Override
  public void roleAssignment(RoleAssignment a) {
    roleAssignments++;
    context.roleAssignment(a);
  }

  @Override
  public void owners(ObjectId application, List<ObjectId> owners) {
    if (owners.isEmpty()) context.ownerless(application);
  }

  @Override
  public void policies(TenantPolicies p) {
    context.policies(p);
  }

  @Override
  public void unread(Unread u) {
    unread.putIfAbsent(u.part(), u);
  }

  /** Runs the rules that relate parts of the tenant, and reports. Once. */
  public AuditReport finish() {
    if (finished) throw new IllegalStateException("audit already finished");
    finished = true;
    if (!certificatesUnread.isEmpty()) {
      // Graph's refusal, when a read was refused, says more than a count; otherwise the count and the way to read them
      unread.putIfAbsent(TenantPart.CERTIFICATES, Unread.notRead(TenantPart.CERTIFICATES, "Graph returns a certificate "
          + "only to a read of one registration, and " + certificatesUnread.size() + " of " + withCertificates
          + " registrations holding one were not read so (live, 'audit -f MANIFEST' reads those the manifest declares "
          + "and '--certificate-keys' every one; a snapshot holds none)"));
    }
    Map<TenantPart, Unread> missingParts = missing();
    List<NotEvaluated> notEvaluated = new ArrayList<>();
    Set<String> dropped = new HashSet<>();
    List<TenantRule> tenantRules = new ArrayList<>();
    for (Rule rule : rules) {
      List<Unread> missing = rule.needs().stream().sorted().map(missingParts::get).filter(Objects::nonNull).toList();
      // a part read registration by registration: judged where it was read, not evaluated for the rest
      boolean inPart = !missing.isEmpty() && missing.stream().allMatch(u -> u.part().perRegistration());
      if (!missing.isEmpty()) notEvaluated.add(new NotEvaluated(rule.id(), rule.description().title(), missing));
      if (!missing.isEmpty() && !inPart) {
        dropped.add(rule.id());
      } else if (rule instanceof TenantRule tr) {
        tenantRules.add(tr);
      }
    }
    checkAll(tenantRules);
    List<String> notes = new ArrayList<>();
    for (Unread u : missingParts.values()) {
      List<String> stopped = notEvaluated.stream().filter(n -> n.because().contains(u)).map(NotEvaluated::rule).toList();
      notes.add(u.part().description() + " could not be read (" + u.reason() + "): "
          + (stopped.isEmpty() ? "no rule needs it" : String.join(", ", stopped)
              + (u.part().perRegistration() ? " judged only where they were read" : " not evaluated")));
    }
    Organization org = context.organization();
    var summary = new AuditReport.Tenant(org == null ? "" : org.tenantId(), org == null ? "" : org.displayName(),
        org == null ? "" : org.primaryDomain(), registrations, servicePrincipals, grants, assignments, roleAssignments);
    return new AuditReport(now, summary, rules.stream().map(Rule::description).toList(), findings.sorted(dropped),
        calendar.calendar(), notes, intent.registrations(), List.copyOf(missingParts.values()), notEvaluated);
  }

  /**
   * Runs the tenant rules side by side, each on its own, as they only read the context: each rule's findings go to a
   * store of its own, added to the audit's in the order of the rules, so they count as found in the same order as if
   * the rules had run one after another.
   */
  private void checkAll(List<TenantRule> tenantRules) {
    int threads = Math.min(tenantRules.size(), Runtime.getRuntime().availableProcessors());
    if (threads <= 1) {
      for (TenantRule rule : tenantRules) rule.check(context, findings::add);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "appreg-audit-rules");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Findings.Store>> found = new ArrayList<>();
      for (TenantRule rule : tenantRules) {
        found.add(pool.submit(() -> {
          Findings.Store own = findings.fork();
          rule.check(context, own::add);
          return own;
        }));
      }
      for (Future<Findings.Store> f : found) findings.append(f.get());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      if (e.getCause() instanceof Error error) throw error;
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while judging the tenant", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * What could not be read, by part: what the source reported, plus a policy that is simply missing (a snapshot
   * written before refusals were recorded held a policy it could not read as no policy at all).
   */
  private Map<TenantPart, Unread> missing() {
    Map<TenantPart, Unread> out = new EnumMap<>(TenantPart.class);
    out.putAll(unread);
    TenantPolicies p = context.policies();
    if (p.appManagement() == null) out.putIfAbsent(TenantPart.APP_MANAGEMENT_POLICY, Unread.absent(TenantPart.APP_MANAGEMENT_POLICY));
    if (p.authorization() == null) out.putIfAbsent(TenantPart.AUTHORIZATION_POLICY, Unread.absent(TenantPart.AUTHORIZATION_POLICY));
    return out;
  }
}
