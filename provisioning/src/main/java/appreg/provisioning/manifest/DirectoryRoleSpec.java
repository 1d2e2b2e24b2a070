package appreg.provisioning.manifest;

public record DirectoryRoleSpec(String role, String assignee, Where where) {}
