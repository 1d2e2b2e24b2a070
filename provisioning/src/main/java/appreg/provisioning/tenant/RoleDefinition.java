package appreg.provisioning.tenant;

/** A directory role definition ({@code roleManagement/directory/roleDefinitions}). */
public record RoleDefinition(String id, String displayName, String templateId, boolean builtIn) {}
