package appreg.provisioning.manifest;

public record SecretSpec(String displayName, int lifetimeDays, int rotateWithinDays) {}
