package appreg.provisioning.audit;

import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.ObjectId;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;

/**
 * What a finding is about: a registration (application object), a service principal with no registration in this
 * tenant (an enterprise app from elsewhere), a manifest entry with nothing in the tenant, or the tenant itself.
 * {@code appId} and {@code objectId} are null for the tenant; {@code key} is the manifest key when a manifest declares it.
 */
public record Subject(Kind kind, String displayName, AppId appId, ObjectId objectId, String key) {
  public enum Kind {
    APPLICATION("application"), SERVICE_PRINCIPAL("servicePrincipal"), MANIFEST("manifest"), TENANT("tenant");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    /** The JSON value. */
    public String id() {
      return id;
    }
  }

  public Subject {
    Objects.requireNonNull(kind, "kind");
    displayName = displayName == null ? "" : displayName;
    key = key == null ? "" : key;
  }

  /** Display name, case-insensitively, then appId, then object id: how people look registrations up. */
  public static final Comparator<Subject> ORDER = Comparator
      .comparing((Subject s) -> s.displayName().toLowerCase(Locale.ROOT))
      .thenComparing(s -> s.appId() == null ? "" : s.appId().value())
      .thenComparing(s -> s.objectId() == null ? "" : s.objectId().value());

  /** How a person refers to it in one line: {@code Name (appId)}. */
  public String label() {
    String name = displayName.isEmpty() ? "(no display name)" : displayName;
    return appId == null ? name : name + " (" + appId + ")";
  }
}
