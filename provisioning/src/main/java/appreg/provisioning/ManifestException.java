package appreg.provisioning;

import java.util.Objects;

/**
 * A manifest or snapshot that cannot be used (exit 65): names the file, line and column (1-based; 0 when the problem
 * is not tied to a place in the file, for example a permission name the tenant does not offer).
 */
public final class ManifestException extends AppregException {
  private final String file;
  private final int line;
  private final int column;
  private final String problem;

  public ManifestException(String file, int line, int column, String problem) {
    super(format(file, line, column, problem));
    this.file = Objects.requireNonNullElse(file, "<manifest>");
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  private static String format(String file, int line, int column, String problem) {
    String where = Objects.requireNonNullElse(file, "<manifest>");
    if (line > 0) where += ":" + line + (column > 0 ? ":" + column : "");
    return where + ": " + problem;
  }

  public String file() { return file; }
  public int line() { return line; }
  public int column() { return column; }
  public String problem() { return problem; }
}
