package appreg.provisioning.audit.rules;

import appreg.provisioning.audit.AuditContext;
import appreg.provisioning.audit.Certificate;
import appreg.provisioning.audit.CompactRegistration;
import appreg.provisioning.audit.Finding;
import appreg.provisioning.audit.Severity;
import appreg.provisioning.audit.TenantRule;
import appreg.provisioning.tenant.TenantPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An unexpired certificate credential whose key is too small or whose certificate is signed with MD5 or SHA-1. Judged
 * only where the certificate was read: Graph returns it only to a read of one registration (keycredential.md), so the
 * audit reads it for the registrations a manifest declares, or for all with {@code --certificate-keys}, and reports
 * the rule as not evaluated for the rest.
 *
 * <p>High below 112 bits of security strength (RSA under 2048 bits, EC under 224), which NIST SP 800-131A Rev. 2
 * disallows for signatures and Entra refuses at sign-in for RSA ("RSA key size 1024 is less than the minimum required
 * 2048 bits", AADSTS50032 in AzureAD/azure-activedirectory-library-for-python issue 136; AADSTS700027 in
 * silverhack/monkey365 issue 183). Medium for an EC curve under P-256 and for an MD5 or SHA-1 signature: Entra checks a
 * client assertion against the registered certificate's public key, so the certificate's own signature is not what
 * guards sign-in, but it marks outdated tooling, which Microsoft names as the risk of such certificates
 * (microsoft-graph-docs-contrib concepts/applications-how-to-add-certificate.md).
 */
public final class CertificateWeakKey implements TenantRule {
  static final int MIN_RSA_BITS = 2048;
  static final int MIN_EC_BITS = 256;
  /** 112 bits of security strength, NIST's floor: P-224. */
  static final int DISALLOWED_EC_BELOW = 224;

  private static final Description D = new Description("certificate-weak-key", Severity.MEDIUM,
      "Certificate key too small or signature algorithm too weak",
      "A certificate's key is what an attacker must break to sign in as the app. RSA keys under 2048 bits and EC keys "
          + "under 224 bits fall below the 112-bit security strength NIST disallows for signatures, and Entra refuses an "
          + "RSA key under 2048 bits at sign-in, so such a certificate is both weak and dead weight (high). An EC curve "
          + "under P-256, or a certificate signed with MD5 or SHA-1, marks outdated tooling (medium): Entra checks the app's "
          + "signature with the registered certificate's public key, so the certificate's own signature is not what "
          + "guards sign-in. Judged only on certificates appreg read: Graph returns a certificate only to a read of one "
          + "registration, so 'audit -f MANIFEST' reads those a manifest declares and '--certificate-keys' every one, "
          + "and the rule is reported as not evaluated for the rest.",
      "Issue a certificate with an RSA key of 2048 bits or more (3072 is appreg's default), signed with SHA-256; add it, "
          + "move the app to it, then remove the weak one (with appreg: certificate: {generate: {keyType: RSA, keySize: 3072}}).",
      "NIST SP 800-131A Rev. 2 (sections 3, digital signatures, and 9, hash functions); Entra's AADSTS50032/AADSTS700027 "
          + "'RSA key size 1024 is less than the minimum required 2048 bits' (AzureAD/azure-activedirectory-library-for-"
          + "python#136, silverhack/monkey365#183); microsoft-graph-docs-contrib concepts/applications-how-to-add-"
          + "certificate.md (outdated hashes); api-reference/v1.0/resources/keycredential.md (key only on a single read)");

  @Override public Description description() { return D; }

  @Override public Set<TenantPart> needs() { return Set.of(TenantPart.CERTIFICATES); }

  @Override
  public void check(AuditContext c, Consumer<Finding> out) {
    for (CompactRegistration r : c.registrations()) {
      for (Certificate cert : c.certificates(r)) {
        Weakness w = weakness(cert);
        if (w == null) continue;
        var details = cert.details();
        details.put("weakness", String.join("; ", w.reasons()));
        out.accept(finding(w.severity(), r.subject(), cert.describe() + ": " + String.join("; ", w.reasons()), details));
      }
    }
  }

  /** What is weak about one certificate, most severe first; null when nothing is. */
  record Weakness(Severity severity, List<String> reasons) {}

  static Weakness weakness(Certificate cert) {
    if (!cert.readable()) return null;
    Severity severity = null;
    List<String> reasons = new ArrayList<>();
    if (cert.keyAlgorithm().equals("RSA") && cert.keyBits() < MIN_RSA_BITS) {
      severity = Severity.HIGH;
      reasons.add(cert.key() + "-bit key, below " + MIN_RSA_BITS);
    } else if (cert.keyAlgorithm().equals("EC") && cert.keyBits() < MIN_EC_BITS) {
      severity = cert.keyBits() < DISALLOWED_EC_BELOW ? Severity.HIGH : Severity.MEDIUM;
      reasons.add(cert.key() + " key, below P-256");
    }
    String hash = weakHash(cert.signatureAlgorithm());
    if (hash != null) {
      if (severity == null) severity = Severity.MEDIUM;
      reasons.add("signed with " + cert.signatureAlgorithm() + " (" + hash + ")");
    }
    return severity == null ? null : new Weakness(severity, reasons);
  }

  /** "MD5" or "SHA-1" when the JDK's name for the signature algorithm (SHA1withRSA, MD5withRSA …) uses one. */
  static String weakHash(String signatureAlgorithm) {
    String a = signatureAlgorithm == null ? "" : signatureAlgorithm.toUpperCase(Locale.ROOT);
    if (a.startsWith("MD5") || a.startsWith("MD2")) return a.substring(0, 3);
    if (a.startsWith("SHA1") || a.startsWith("SHA-1")) return "SHA-1";
    return null;
  }
}
