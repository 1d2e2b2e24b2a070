package appreg.provisioning.manifest;

import appreg.provisioning.certificate.CertificateInfo;
import appreg.provisioning.certificate.SelfSigned.KeyType;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/**
 * Binds an application's {@code certificate} and {@code federatedCredentials}, with the rules of docs/manifest.md.
 * Limits are Graph's and Entra's, each with its source: federated credential fields
 * (microsoft-graph-docs-contrib api-reference/v1.0/resources/federatedidentitycredential.md; MicrosoftDocs/entra-docs
 * docs/workload-id/includes/federated-credential-configuration-considerations.md), GitHub's subjects
 * (MicrosoftDocs/azure-dev-docs "Use GitHub Actions to connect to Azure": {@code repo:ORG/REPO:environment:NAME},
 * {@code repo:ORG/REPO:ref:refs/heads/BRANCH}, {@code repo:ORG/REPO:ref:refs/tags/TAG}, {@code repo:ORG/REPO:pull_request}),
 * Kubernetes' ({@code system:serviceaccount:NAMESPACE:NAME}, MicrosoftDocs/azure-aks-docs
 * articles/aks/workload-identity-deploy-cluster.md).
 */
final class Credentials {
  private Credentials() {}

  /** Entra: 3 to 120 characters, letters, digits, '-' and '_', the first a letter or digit. */
  static final Pattern FEDERATED_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{2,119}");
  /** Graph's limit on issuer, subject, audience and description. */
  static final int MAX_FIELD = 600;
  /** GitHub: an owner is letters, digits and single hyphens (at most 39); a repository letters, digits, '.', '_', '-'. */
  static final Pattern GITHUB_REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}");
  /** Kubernetes names: a namespace is a DNS-1123 label, a service account a DNS-1123 subdomain. */
  static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  static final List<Integer> RSA_SIZES = List.of(2048, 3072, 4096);
  static final List<String> CURVES = List.of("P-256", "P-384");
  static final long MAX_CERTIFICATE_FILE = 64 * 1024;

  // ------------------------------------------------------------------ certificate

  static CertificateSpec certificate(ManifestBinder b, Node.Mapping app, String key) {
    Node.Field f = app.field("certificate");
    if (f == null || f.value() instanceof Node.Scalar s && s.isNull()) return null;
    if (f.value() instanceof Node.Scalar s && s.token() == JsonToken.VALUE_STRING && s.text().isEmpty()) {
      throw b.error(f.value(), "'certificate' is empty; write 'certificate: {generate: {}}' for a certificate appreg "
          + "makes, 'certificate: {file: cert.pem}' for yours, or remove it for none");
    }
    Node.Mapping m = b.mapping(f.value(), "'certificate'", "generate or file, and displayName");
    b.checkFields(m, Fields.CERTIFICATE);
    String displayName = CertificateSpec.DEFAULT_DISPLAY_NAME;
    Node.Field nameField = m.field("displayName");
    if (nameField != null && !ManifestBinder.isAbsent(nameField.value())) {
      displayName = b.text(nameField, true);
      if (displayName.isBlank()) {
        throw b.error(nameField.value(), "the certificate's 'displayName' is empty; remove it for the default 'appreg'");
      }
    }
    Node.Field gen = m.field("generate");
    Node.Field file = m.field("file");
    boolean hasGen = gen != null && !(gen.value() instanceof Node.Scalar s && s.isNull());
    boolean hasFile = file != null && !ManifestBinder.isAbsent(file.value());
    if (hasGen && hasFile) {
      throw b.error(file.line(), file.column(), "'certificate' has both 'generate' and 'file'; appreg either makes the "
          + "certificate or registers yours: keep one");
    }
    if (!hasGen && !hasFile) {
      throw b.error(m, "'certificate' needs 'generate' (appreg makes it and delivers the private key to --secret-dir) or "
          + "'file' (your public certificate: a .pem, .cer or .crt file)");
    }
    if (hasGen) return new CertificateSpec(displayName, generate(b, gen, key), null, b.where(m));
    return new CertificateSpec(displayName, null, fromFile(b, file), b.where(m));
  }

  private static CertificateSpec.Generate generate(ManifestBinder b, Node.Field f, String key) {
    if (f.value() instanceof Node.Scalar s && s.token() == JsonToken.VALUE_STRING && s.text().isEmpty()) {
      throw b.error(f.value(), "'generate' is empty; write 'generate: {}' for the defaults (RSA 3072, 365 days)");
    }
    Node.Mapping m = b.mapping(f.value(), "'generate'", "subject, keyType, keySize, lifetimeDays, rotateWithinDays; or {} for the defaults");
    b.checkFields(m, Fields.GENERATE);

    String subject = "CN=" + key;
    Node.Field subjectField = m.field("subject");
    if (subjectField != null && !ManifestBinder.isAbsent(subjectField.value())) {
      subject = b.text(subjectField, true).trim();
      try {
        X500Principal p = new X500Principal(subject);
        if (p.getEncoded().length <= 2) throw new IllegalArgumentException("empty name");
      } catch (IllegalArgumentException e) {
        throw b.error(subjectField.value(), "subject '" + subject + "' is not an X.500 name; write it like CN=" + key);
      }
    }

    KeyType type = KeyType.RSA;
    Node.Field typeField = m.field("keyType");
    if (typeField != null && !ManifestBinder.isAbsent(typeField.value())) {
      String t = b.text(typeField, true).trim();
      type = switch (t.toUpperCase(Locale.ROOT)) {
        case "RSA" -> KeyType.RSA;
        case "EC", "ECDSA" -> KeyType.EC;
        default -> throw b.error(typeField.value(), "unknown keyType '" + t + "'; use RSA (the default) or EC");
      };
    }

    int bits = type == KeyType.RSA ? CertificateSpec.DEFAULT_RSA_BITS : CertificateSpec.DEFAULT_EC_BITS;
    Node.Field sizeField = m.field("keySize");
    if (sizeField != null && !ManifestBinder.isAbsent(sizeField.value())) {
      bits = keySize(b, sizeField, type);
    }

    int lifetime = CertificateSpec.DEFAULT_LIFETIME_DAYS;
    Node.Field lifetimeField = m.field("lifetimeDays");
    if (lifetimeField != null && !ManifestBinder.isAbsent(lifetimeField.value())) {
      long days = b.integer(lifetimeField, "days");
      if (days < 1 || days > CertificateSpec.MAX_LIFETIME_DAYS) {
        throw b.error(lifetimeField.value(), "lifetimeDays " + ManifestBinder.shown(lifetimeField) + " is out of range; a "
            + "certificate appreg makes lives 1 to " + CertificateSpec.MAX_LIFETIME_DAYS + " days");
      }
      lifetime = (int) days;
    }
    int rotate = Math.min(CertificateSpec.DEFAULT_ROTATE_WITHIN_DAYS, lifetime - 1);
    Node.Field rotateField = m.field("rotateWithinDays");
    if (rotateField != null && !ManifestBinder.isAbsent(rotateField.value())) {
      long days = b.integer(rotateField, "days");
      if (days < 0) {
        throw b.error(rotateField.value(), "rotateWithinDays " + ManifestBinder.shown(rotateField) + " is negative; use 0 to "
            + "rotate only once the certificate has expired");
      }
      if (days >= lifetime) {
        throw b.error(rotateField.value(), "rotateWithinDays " + ManifestBinder.shown(rotateField) + " must be below "
            + "lifetimeDays " + lifetime + ", or every run would make a new certificate");
      }
      rotate = (int) days;
    }
    return new CertificateSpec.Generate(subject, type, bits, lifetime, rotate);
  }

  private static int keySize(ManifestBinder b, Node.Field f, KeyType type) {
    if (!(f.value() instanceof Node.Scalar s) || s.isNull() || s.isBoolean()) {
      throw b.error(f.value(), "'keySize' must be " + (type == KeyType.RSA ? "2048, 3072 or 4096" : "P-256 or P-384")
          + ", not " + f.value().describe());
    }
    String text = s.text().trim();
    if (type == KeyType.RSA) {
      if (CURVES.contains(text.toUpperCase(Locale.ROOT))) {
        throw b.error(f.value(), "keySize " + text + " is an elliptic curve; set 'keyType: EC', or use an RSA size: "
            + "2048, 3072 (the default) or 4096");
      }
      int bits;
      try {
        bits = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw b.error(f.value(), "'keySize' must be 2048, 3072 or 4096 for RSA, not " + f.value().describe());
      }
      if (bits < 2048) {
        throw b.error(f.value(), "RSA " + bits + " is too weak; use 2048, 3072 (the default) or 4096");
      }
      if (!RSA_SIZES.contains(bits)) throw b.error(f.value(), "keySize " + bits + " is not offered; use 2048, 3072 or 4096");
      return bits;
    }
    String curve = text.toUpperCase(Locale.ROOT);
    if (curve.equals("256") || curve.equals("P256") || curve.equals("P-256")) return 256;
    if (curve.equals("384") || curve.equals("P384") || curve.equals("P-384")) return 384;
    throw b.error(f.value(), "keySize " + text + " is not an EC curve appreg offers; use P-256 (the default) or P-384");
  }

  private static CertificateSpec.FromFile fromFile(ManifestBinder b, Node.Field f) {
    String path = b.text(f, true).trim();
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".pfx") || lower.endsWith(".p12")) {
      throw b.error(f.value(), "'" + path + "' is a PKCS#12 file, which holds a private key; a registration needs the "
          + "public certificate only: export it as .cer or .pem and name that file");
    }
    if (lower.endsWith(".key")) {
      throw b.error(f.value(), "'" + path + "' looks like a private key; name the public certificate (.pem, .cer or .crt)");
    }
    if (!(lower.endsWith(".pem") || lower.endsWith(".cer") || lower.endsWith(".crt"))) {
      throw b.error(f.value(), "certificate file '" + path + "' must end in .pem, .cer or .crt (the public certificate)");
    }
    Path resolved = b.base().resolve(path).normalize();
    byte[] bytes;
    try {
      if (Files.isDirectory(resolved)) throw b.error(f.value(), "certificate file '" + path + "' is a directory");
      if (Files.size(resolved) > MAX_CERTIFICATE_FILE) {
        throw b.error(f.value(), "certificate file '" + path + "' is larger than 64 KiB; a certificate is a few KiB");
      }
      try (InputStream in = Files.newInputStream(resolved)) {
        bytes = in.readNBytes((int) MAX_CERTIFICATE_FILE + 1);
      }
    } catch (NoSuchFileException e) {
      throw b.error(f.value(), "certificate file '" + path + "' not found (looked for " + resolved + ")");
    } catch (IOException e) {
      throw b.error(f.value(), "cannot read certificate file '" + path + "': " + e.getMessage());
    }
    if (CertificateInfo.holdsPrivateKey(bytes)) {
      throw b.error(f.value(), "'" + path + "' holds a private key; a registration needs the public certificate only, "
          + "and appreg does not read private keys from manifests: keep the key where the app runs and name a file with "
          + "the certificate alone");
    }
    CertificateInfo info;
    try {
      info = CertificateInfo.parse(bytes);
    } catch (CertificateException | IllegalArgumentException e) {
      throw b.error(f.value(), "'" + path + "' holds no X.509 certificate appreg can read (PEM 'BEGIN CERTIFICATE' "
          + "or DER)");
    }
    if (info.keyAlgorithm().equals("RSA") && info.keyBits() < 2048) {
      throw b.error(f.value(), "the certificate in '" + path + "' has an RSA " + info.keyBits() + " key, which is too "
          + "weak; use one with at least 2048 bits");
    }
    if (!info.keyAlgorithm().equals("RSA") && !info.keyAlgorithm().equals("EC")) {
      throw b.error(f.value(), "the certificate in '" + path + "' has a " + info.keyAlgorithm() + " key; Entra signs "
          + "applications in with RSA (or EC) certificates");
    }
    return new CertificateSpec.FromFile(path, info);
  }

  // ------------------------------------------------------------------ federated credentials

  static List<FederatedCredentialSpec> federatedCredentials(ManifestBinder b, Node.Mapping app) {
    Node.Field f = app.field("federatedCredentials");
    if (f == null || ManifestBinder.isAbsent(f.value())) return List.of();
    Node.Sequence list = b.list(f);
    if (list.items().isEmpty()) {
      throw b.error(list, "'federatedCredentials' is empty; list at least one, or remove 'federatedCredentials'");
    }
    if (list.items().size() > FederatedCredentialSpec.MAX_PER_APPLICATION) {
      throw b.error(list.items().get(FederatedCredentialSpec.MAX_PER_APPLICATION), list.items().size()
          + " federated credentials; Graph allows at most " + FederatedCredentialSpec.MAX_PER_APPLICATION
          + " per application (split the workloads across registrations)");
    }
    List<FederatedCredentialSpec> out = new ArrayList<>();
    Map<String, Node> names = new HashMap<>();
    Map<String, Node> pairs = new HashMap<>();
    for (Node item : list.items()) {
      FederatedCredentialSpec spec = federated(b, item);
      Node nameNode = ((Node.Mapping) item).field("name").value();
      Node first = names.putIfAbsent(spec.name().toLowerCase(Locale.ROOT), nameNode);
      if (first != null) {
        throw b.error(nameNode, "federated credential name '" + spec.name()
            + "' is used twice (first at line " + first.line() + ", column " + first.column() + "); names are unique on a "
            + "registration");
      }
      Node same = pairs.putIfAbsent(spec.issuer() + "\n" + spec.subject(), item);
      if (same != null) {
        throw b.error(item, "federated credential '" + spec.name() + "' has the same issuer and subject as the one at line "
            + same.line() + ", column " + same.column() + " (" + spec.subject() + "); Entra allows each issuer and subject "
            + "pair once per registration");
      }
      out.add(spec);
    }
    return out;
  }

  private static FederatedCredentialSpec federated(ManifestBinder b, Node item) {
    Node.Mapping m = b.mapping(item, "a federated credential", "name, and github, kubernetes or issuer and subject");
    b.checkFields(m, Fields.FEDERATED_CREDENTIAL);
    Node.Field nameField = m.field("name");
    if (nameField == null || ManifestBinder.isAbsent(nameField.value())) {
      throw b.error(nameField == null ? m : nameField.value(), "federated credential has no 'name'; give it one such as "
          + "'github-deploy' (3 to 120 letters, digits, '-' or '_'; it cannot change once created)");
    }
    String name = b.text(nameField, true);
    if (!FEDERATED_NAME.matcher(name).matches()) {
      throw b.error(nameField.value(), "federated credential name '" + name + "' is not allowed; use 3 to 120 letters, "
          + "digits, '-' or '_', starting with a letter or digit");
    }
    Node.Field github = present(m, "github");
    Node.Field kubernetes = present(m, "kubernetes");
    Node.Field issuerField = present(m, "issuer");
    Node.Field subjectField = present(m, "subject");
    if (github != null && kubernetes != null) {
      throw b.error(kubernetes.line(), kubernetes.column(), "federated credential '" + name + "' has both 'github' and "
          + "'kubernetes'; one credential trusts one workload: make two");
    }
    Node.Field shorthand = github != null ? github : kubernetes;
    if (shorthand != null) {
      Node.Field extra = shorthand == github && issuerField != null ? issuerField : subjectField;
      if (shorthand == kubernetes && issuerField != null) extra = issuerField;
      if (extra != null) {
        throw b.error(extra.line(), extra.column(), "'" + shorthand.name() + "' sets the issuer and subject of '" + name
            + "'; remove '" + extra.name() + "'" + (shorthand == kubernetes && extra.name().equals("issuer")
                ? " here and give the cluster's issuer under 'kubernetes'" : ""));
      }
    }

    String issuer;
    String subject;
    FederatedCredentialSpec.GitHub gh = null;
    if (github != null) {
      gh = github(b, github);
      issuer = FederatedCredentialSpec.GITHUB_ISSUER;
      subject = githubSubject(gh);
    } else if (kubernetes != null) {
      Node.Mapping k = b.mapping(kubernetes.value(), "'kubernetes'", "issuer, namespace, serviceAccount");
      b.checkFields(k, Fields.KUBERNETES);
      Node.Field ki = required(b, k, "issuer", "the cluster's OIDC issuer URL (az aks show --query oidcIssuerProfile.issuerUrl)");
      issuer = issuer(b, ki);
      Node.Field ns = required(b, k, "namespace", "the service account's namespace");
      String namespace = b.text(ns, true).trim();
      if (!DNS_LABEL.matcher(namespace).matches()) {
        throw b.error(ns.value(), "namespace '" + namespace + "' is not a Kubernetes namespace name (lower-case letters, "
            + "digits and '-', at most 63)");
      }
      Node.Field sa = required(b, k, "serviceAccount", "the service account's name");
      String account = b.text(sa, true).trim();
      if (account.length() > 253 || !DNS_SUBDOMAIN.matcher(account).matches()) {
        throw b.error(sa.value(), "serviceAccount '" + account + "' is not a Kubernetes service account name (lower-case "
            + "letters, digits, '-' and '.')");
      }
      subject = "system:serviceaccount:" + namespace + ":" + account;
    } else {
      if (issuerField == null) {
        throw b.error(m, "federated credential '" + name + "' needs 'github', 'kubernetes', or 'issuer' and 'subject'");
      }
      issuer = issuer(b, issuerField);
      if (subjectField == null) {
        throw b.error(m, "federated credential '" + name + "' has no 'subject'; it is the 'sub' claim of the tokens to "
            + "trust, exactly");
      }
      subject = b.text(subjectField, true);
      if (subject.isBlank()) throw b.error(subjectField.value(), "the 'subject' of '" + name + "' is empty");
      if (!subject.equals(subject.strip())) {
        throw b.error(subjectField.value(), "the 'subject' of '" + name + "' starts or ends with a space; Entra compares it "
            + "with the token's 'sub' claim exactly");
      }
      if (subject.length() > MAX_FIELD) {
        throw b.error(subjectField.value(), "the 'subject' of '" + name + "' is " + subject.length()
            + " characters long; Graph allows at most " + MAX_FIELD);
      }
      noWildcard(b, subjectField.value(), "subject", subject);
    }

    List<String> audiences = List.of(FederatedCredentialSpec.DEFAULT_AUDIENCE);
    Node.Field audField = present(m, "audiences");
    if (audField != null) {
      Node.Sequence seq = b.list(audField);
      if (seq.items().size() != 1) {
        throw b.error(seq, "'audiences' of '" + name + "' lists " + seq.items().size() + " values; Graph accepts exactly "
            + "one (usually " + FederatedCredentialSpec.DEFAULT_AUDIENCE + ", the default)");
      }
      String aud = b.itemText(seq.items().get(0), "audiences").trim();
      if (aud.isEmpty()) throw b.error(seq.items().get(0), "the audience of '" + name + "' is empty");
      if (aud.length() > MAX_FIELD) {
        throw b.error(seq.items().get(0), "the audience of '" + name + "' is longer than " + MAX_FIELD + " characters");
      }
      noWildcard(b, seq.items().get(0), "audience", aud);
      audiences = List.of(aud);
    }
    String description = null;
    Node.Field descField = present(m, "description");
    if (descField != null) {
      description = b.text(descField, true);
      if (description.length() > MAX_FIELD) {
        throw b.error(descField.value(), "the 'description' of '" + name + "' is " + description.length()
            + " characters long; Graph allows at most " + MAX_FIELD);
      }
    }
    return new FederatedCredentialSpec(name, issuer, subject, audiences, description, gh, b.where(m));
  }

  private static FederatedCredentialSpec.GitHub github(ManifestBinder b, Node.Field f) {
    Node.Mapping g = b.mapping(f.value(), "'github'", "repo, and environment, branch, tag or pullRequest");
    b.checkFields(g, Fields.GITHUB);
    Node.Field repoField = required(b, g, "repo", "the repository as OWNER/NAME");
    String repo = b.text(repoField, true).trim();
    if (repo.startsWith("https://") || repo.startsWith("github.com/")) {
      throw b.error(repoField.value(), "write the repository as OWNER/NAME (like contoso/partner-app), not as a URL");
    }
    if (!GITHUB_REPO.matcher(repo).matches()) {
      throw b.error(repoField.value(), "repo '" + repo + "' is not OWNER/NAME (like contoso/partner-app)");
    }
    List<Node.Field> which = new ArrayList<>();
    for (String n : List.of("environment", "branch", "tag", "pullRequest")) {
      Node.Field x = present(g, n);
      if (x != null) which.add(x);
    }
    if (which.isEmpty()) {
      throw b.error(g, "'github' for " + repo + " must say which workflows to trust: 'environment', 'branch', 'tag' or "
          + "'pullRequest: true'");
    }
    if (which.size() > 1) {
      Node.Field second = which.get(1);
      throw b.error(second.line(), second.column(), "'github' names both '" + which.get(0).name() + "' and '"
          + second.name() + "'; GitHub's token carries one of them: make one credential for each");
    }
    Node.Field w = which.get(0);
    if (w.name().equals("pullRequest")) {
      if (!b.bool(w)) {
        throw b.error(w.value(), "'pullRequest: false' trusts nothing; name an 'environment', 'branch' or 'tag' instead");
      }
      return new FederatedCredentialSpec.GitHub(repo, null, null, null, true);
    }
    String value = b.text(w, true).trim();
    if (value.isEmpty()) throw b.error(w.value(), "'" + w.name() + "' is empty");
    noWildcard(b, w.value(), w.name(), value);
    if (w.name().equals("branch") && value.startsWith("refs/")) {
      throw b.error(w.value(), "write the branch name without 'refs/heads/' (appreg adds it): " + value.replaceFirst("^refs/heads/", ""));
    }
    if (w.name().equals("tag") && value.startsWith("refs/")) {
      throw b.error(w.value(), "write the tag name without 'refs/tags/' (appreg adds it): " + value.replaceFirst("^refs/tags/", ""));
    }
    return switch (w.name()) {
      case "environment" -> new FederatedCredentialSpec.GitHub(repo, value, null, null, false);
      case "branch" -> new FederatedCredentialSpec.GitHub(repo, null, value, null, false);
      default -> new FederatedCredentialSpec.GitHub(repo, null, null, value, false);
    };
  }

  static String githubSubject(FederatedCredentialSpec.GitHub g) {
    String base = "repo:" + g.repo() + ":";
    if (g.environment() != null) return base + "environment:" + g.environment();
    if (g.branch() != null) return base + "ref:refs/heads/" + g.branch();
    if (g.tag() != null) return base + "ref:refs/tags/" + g.tag();
    return base + "pull_request";
  }

  private static String issuer(ManifestBinder b, Node.Field f) {
    String issuer = b.text(f, true);
    if (issuer.isBlank()) throw b.error(f.value(), "'issuer' is empty; it is the https URL of the token issuer");
    if (!issuer.equals(issuer.strip())) {
      throw b.error(f.value(), "issuer '" + issuer.strip() + "' has a leading or trailing space; Entra blocks the token "
          + "exchange when the issuer has one");
    }
    if (issuer.length() > MAX_FIELD) {
      throw b.error(f.value(), "the issuer is " + issuer.length() + " characters long; Graph allows at most " + MAX_FIELD);
    }
    noWildcard(b, f.value(), "issuer", issuer);
    URI uri;
    try {
      uri = new URI(issuer);
    } catch (URISyntaxException e) {
      throw b.error(f.value(), "issuer '" + issuer + "' is not a URL");
    }
    if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getHost().isEmpty()) {
      throw b.error(f.value(), "issuer '" + issuer + "' must be an https URL (the identity provider's OIDC issuer, "
          + "like https://token.actions.githubusercontent.com)");
    }
    return issuer;
  }

  private static void noWildcard(ManifestBinder b, Node at, String what, String value) {
    if (value.contains("*")) {
      throw b.error(at, "the " + what + " '" + value + "' contains '*'; Entra matches federated credentials exactly and "
          + "supports no wildcards: list each one");
    }
  }

  private static Node.Field present(Node.Mapping m, String name) {
    Node.Field f = m.field(name);
    return f == null || ManifestBinder.isAbsent(f.value()) ? null : f;
  }

  private static Node.Field required(ManifestBinder b, Node.Mapping m, String name, String what) {
    Node.Field f = present(m, name);
    if (f == null) throw b.error(m, "'" + name + "' is missing: " + what);
    return f;
  }
}
