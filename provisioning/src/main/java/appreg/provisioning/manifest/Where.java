package appreg.provisioning.manifest;

/** Where a spec came from in its file (1-based), for errors found after parsing. */
public record Where(String file, int line, int column) {}
