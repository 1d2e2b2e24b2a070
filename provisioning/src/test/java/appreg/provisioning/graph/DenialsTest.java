package appreg.provisioning.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import appreg.provisioning.GraphCallException;
import appreg.provisioning.MissingPrivilegeException;
import appreg.provisioning.sandbox.SandboxServer;
import appreg.provisioning.sandbox.SandboxTokens;
import appreg.provisioning.sandbox.SimulatedTenant;
import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.RegistrationPatch;
import appreg.provisioning.tenant.TenantQuery;
import appreg.provisioning.tenant.WellKnown;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A 403 names only what the caller's token lacks, and what would suffice. */
class DenialsTest {
  private static final GraphErrors.Failure DENIED = new GraphErrors.Failure(403, "Authorization_RequestDenied",
      "Insufficient privileges to complete the operation.", "r-1");

  private static Optional<CallerClaims> appOnly(String... roles) {
    return Optional.of(new CallerClaims("t", true, Set.of(roles), Set.of(), Set.of(), ""));
  }

  private static Optional<CallerClaims> delegated(String... scopes) {
    return Optional.of(new CallerClaims("t", false, Set.of(), Set.of(scopes), Set.of(), ""));
  }

  @Test
  void aReaderIsToldWhatReadingTheOrganizationNeedsNotWhatItHolds() {
    var e = GraphErrors.denied("reading the organization", Needs.ORGANIZATION_READ, DENIED, appOnly("Application.Read.All"));
    assertEquals(List.of("Organization.Read.All", "Directory.Read.All"), e.needed(), "User.Read is delegated only");
    assertEquals("reading the organization: Graph 403 Authorization_RequestDenied (request-id r-1); needs "
        + "Organization.Read.All or Directory.Read.All", e.getMessage());
  }

  @Test
  void ownedByOnARegistrationItDoesNotOwnNeedsTheStrongerPermission() {
    var e = GraphErrors.denied("updating registration x", Needs.APPLICATIONS_WRITE, DENIED,
        appOnly("Application.ReadWrite.OwnedBy"));
    assertEquals(List.of("Application.ReadWrite.All"), e.needed());
    assertEquals("updating registration x: Graph 403 Authorization_RequestDenied (request-id r-1); the token holds "
        + "Application.ReadWrite.OwnedBy, which Graph did not accept for this object; needs Application.ReadWrite.All",
        e.getMessage());
  }

  @Test
  void aSignedInUserHoldingTheScopeLacksADirectoryRole() {
    var e = GraphErrors.denied("granting admin consent", Needs.GRANTS_WRITE, DENIED,
        delegated("DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"));
    assertEquals(List.of("Cloud Application Administrator", "Application Administrator"), e.needed());
    assertEquals("granting admin consent: Graph 403 Authorization_RequestDenied (request-id r-1); the token holds "
        + "DelegatedPermissionGrant.ReadWrite.All and Directory.ReadWrite.All, so the signed-in user lacks a directory "
        + "role that may do this; needs Cloud Application Administrator or Application Administrator", e.getMessage());
  }

  @Test
  void aDelegatedOwnedByScopeIsNeitherCountedNorSuggested() {
    var e = GraphErrors.denied("adding a client secret", Needs.APPLICATIONS_WRITE, DENIED,
        delegated("Application.ReadWrite.OwnedBy"));
    assertEquals(List.of("Application.ReadWrite.All"), e.needed());
  }

  @Test
  void anOpaqueTokenIsToldEveryPermissionOfTheStep() {
    var e = GraphErrors.denied("granting admin consent", Needs.GRANTS_WRITE, DENIED, Optional.empty());
    assertEquals(List.of("DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"), e.needed());
  }

  // ------------------------------------------------------------------ through the gateway

  private static final String OTHER_TENANT = "{\"error\":{\"code\":\"Authorization_RequestDenied\",\"message\":"
      + "\"When using this permission, the backing application of the service principal being created must in the "
      + "local tenant\"}}";

  private static void against(SimulatedTenant tenant, String token, Consumer<SdkGateway> test) {
    var t = new TestConnections();
    try (SandboxServer server = SandboxServer.start(tenant); var connection = t.open(server.baseUrl(), token)) {
      test.accept(new SdkGateway(connection));
    }
  }

  @Test
  void ownedByCreatingAnotherTenantsServicePrincipalIsExit77NamingApplicationReadWriteAll() {
    var tenant = SimulatedTenant.fresh().withoutServicePrincipalFor(WellKnown.MICROSOFT_PARTNER.value());
    String ownedBy = SandboxTokens.withRoles("Application.ReadWrite.OwnedBy");
    against(tenant, ownedBy, gateway -> {
      var e = assertThrows(MissingPrivilegeException.class, () -> gateway.createServicePrincipal(WellKnown.MICROSOFT_PARTNER));
      assertEquals(List.of("Application.ReadWrite.All", "Directory.ReadWrite.All"), e.needed());
      assertEquals(true, e.getMessage().startsWith("creating the service principal of "
          + WellKnown.MICROSOFT_PARTNER.value() + ": Graph 403 Authorization_RequestDenied (request-id "), e.getMessage());
      assertEquals(true, e.getMessage().endsWith("): Application.ReadWrite.OwnedBy lets Graph create service principals "
          + "only for applications registered in this tenant, and this one is registered in another; needs "
          + "Application.ReadWrite.All or Directory.ReadWrite.All"), e.getMessage());
      assertEquals(1, tenant.requests().stream().filter(r -> r.method().equals("POST")).count(), "not retried");
    });
  }

  @Test
  void theSameRefusalForAnApplicationCreatedThisRunIsReplication() {
    var tenant = SimulatedTenant.fresh();
    var fault = tenant.faults().on("POST", "/servicePrincipals").times(2).respond(403, Map.of(), OTHER_TENANT);
    against(tenant, SandboxTokens.withRoles("Application.ReadWrite.OwnedBy"), gateway -> {
      var app = gateway.upsertRegistration("mine", new RegistrationPatch("Mine", "AzureADMyOrg", null, null, null, null,
          null, List.of()));
      assertEquals(app.appId(), gateway.createServicePrincipal(app.appId()).appId());
      assertEquals(2, fault.fired());
    });
  }

  @Test
  void theRefusalToACallerThatHoldsEnoughIsNotCalledAPermissionProblem() {
    var tenant = SimulatedTenant.fresh().withoutServicePrincipalFor(WellKnown.MICROSOFT_PARTNER.value());
    tenant.faults().on("POST", "/servicePrincipals").respond(403, Map.of(), OTHER_TENANT);
    against(tenant, SandboxTokens.withRoles("Application.ReadWrite.All"), gateway -> {
      var e = assertThrows(GraphCallException.class, () -> gateway.createServicePrincipal(WellKnown.MICROSOFT_PARTNER));
      assertEquals(403, e.status());
    });
  }

  @Test
  void aReadTheTokenMayNotDoNamesThatReadsPermission() {
    var tenant = SimulatedTenant.fresh();
    against(tenant, SandboxTokens.withRoles("Application.Read.All", "Organization.Read.All"), gateway -> {
      var e = assertThrows(MissingPrivilegeException.class, () -> gateway.observe(new TenantQuery(List.of("k"), List.of(),
          List.of(), List.of(new AppId(WellKnown.MICROSOFT_GRAPH.value())), List.of(), true, List.of("admin@" + tenant.domain()), List.of())));
      assertEquals("reading directory role definitions", e.step());
      assertEquals(List.of("RoleManagement.Read.Directory", "Directory.Read.All"), e.needed());
    });
  }
}
