package appreg.provisioning.profile;

import appreg.provisioning.manifest.ApplicationSpec;
import java.util.List;

/**
 * A built-in profile: one app registration set up the way a Microsoft prerequisite page asks, plus the steps that page
 * asks for which Graph cannot do, and how to get the first token with the registration. {@code source} is that page.
 */
public record Profile(String name, String purpose, String source, List<ManualStep> checklist, List<String> reminders,
                      FirstToken firstToken) {
  public Profile {
    checklist = List.copyOf(checklist);
    reminders = List.copyOf(reminders);
    java.util.Objects.requireNonNull(firstToken, "firstToken");
  }

  /**
   * The profile's application. A null {@code key} means the profile's name, a null {@code displayName} its default
   * name; an unusable key or name is a {@link appreg.provisioning.UsageException} saying why.
   */
  public ApplicationSpec application(String key, String displayName) {
    return application(key, displayName, CredentialChoice.SECRET);
  }

  /** The profile's application signing in with {@code credential} instead of the default client secret. */
  public ApplicationSpec application(String key, String displayName, CredentialChoice credential) {
    return Blueprint.of(name).application(key, displayName, credential);
  }

  /** What {@code appreg init} prints: a commented manifest that {@code ManifestReader} accepts unchanged. */
  public String manifestYaml(String key, String displayName) {
    return manifestYaml(key, displayName, CredentialChoice.SECRET);
  }

  public String manifestYaml(String key, String displayName, CredentialChoice credential) {
    return Blueprint.of(name).yaml(this, key, displayName, credential);
  }

  /** The display name used when none is given. */
  public String defaultDisplayName() {
    return Blueprint.of(name).displayName();
  }
}
