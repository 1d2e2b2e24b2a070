package appreg.provisioning.manifest;

import java.util.List;

public record Manifest(String source, List<ApplicationSpec> applications) {
  public Manifest {
    applications = List.copyOf(applications);
  }
}
