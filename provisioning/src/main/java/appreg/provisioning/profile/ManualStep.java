package appreg.provisioning.profile;

/** A step Graph cannot do (a Partner Center role, a license, a sign-in habit), with the Microsoft page it comes from. */
public record ManualStep(String text, String link) {
  public ManualStep {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("empty step");
    if (link == null || !link.startsWith("https://")) throw new IllegalArgumentException("a step links to its source");
  }
}
