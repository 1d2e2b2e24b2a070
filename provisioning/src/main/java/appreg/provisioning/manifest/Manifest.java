package appreg.provisioning.manifest;

import java.util.List;

/** A parsed and validated manifest: the applications it declares, in file order. {@code source} names the file. */
public record Manifest(String source, List<ApplicationSpec> applications) {
  public Manifest {
    applications = applications == null ? List.of() : List.copyOf(applications);
  }
}
