package appreg.provisioning.tenant;

/** A user, as far as appreg needs one: to assign a directory role to it. */
public record User(ObjectId id, String userPrincipalName, String displayName) {}
