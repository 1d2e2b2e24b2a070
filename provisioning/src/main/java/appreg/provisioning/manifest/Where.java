package appreg.provisioning.manifest;

/**
 * Where a spec came from, so that errors found later (a permission the tenant does not offer, a role that does not
 * exist) can still name the file, line and column. 1-based; line 0 means "not from a file" (a built-in profile).
 */
public record Where(String file, int line, int column) {
  public Where {
    file = file == null ? "<manifest>" : file;
  }

  /** True when this place is not in a file the user wrote (a built-in profile, a spec made in code). */
  public boolean unknownFile() {
    return "<manifest>".equals(file);
  }

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ":" + column : file;
  }
}
