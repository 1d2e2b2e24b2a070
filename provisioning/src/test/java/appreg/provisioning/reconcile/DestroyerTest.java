package appreg.provisioning.reconcile;

import static appreg.provisioning.reconcile.Fixtures.ADMIN;
import static appreg.provisioning.reconcile.Fixtures.APP_ID;
import static appreg.provisioning.reconcile.Fixtures.APP_OBJECT;
import static appreg.provisioning.reconcile.Fixtures.APP_SP;
import static appreg.provisioning.reconcile.Fixtures.KEY;
import static appreg.provisioning.reconcile.Fixtures.NAME;
import static appreg.provisioning.reconcile.Fixtures.SECURITY_READER_ID;
import static appreg.provisioning.reconcile.Fixtures.inSync;
import static appreg.provisioning.reconcile.Fixtures.ownSp;
import static appreg.provisioning.reconcile.Fixtures.registration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import appreg.provisioning.tenant.AppId;
import appreg.provisioning.tenant.DeletedItems;
import appreg.provisioning.tenant.ObjectId;
import appreg.provisioning.tenant.Registration;
import appreg.provisioning.tenant.RoleAssignment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DestroyerTest {
  private static final List<String> KEYS = List.of(KEY);

  private static List<Class<?>> kinds(Plan p) {
    return p.steps().stream().<Class<?>>map(s -> s.action().getClass()).toList();
  }

  @Test
  void removesTheKeyedRegistrationAndWhatHangsOnItDependentsFirst() {
    var tenant = inSync().roleAssignment(new RoleAssignment("ra-sp", SECURITY_READER_ID, APP_SP, "/")).build();
    Plan p = Destroyer.plan(KEYS, tenant, DeletedItems.NONE, Map.of(KEY, "secrets/" + KEY + ".json"), false);
    assertEquals(List.of(Action.RemoveRoleAssignment.class, Action.RevokeAppRole.class, Action.RevokeAdminConsent.class,
        Action.DeleteServicePrincipal.class, Action.DeleteSecretFile.class, Action.DeleteRegistration.class), kinds(p));
    assertEquals(new Action.DeleteRegistration(KEY, APP_OBJECT, APP_ID, NAME), p.steps().get(5).action());
    assertEquals("remove directory role Security Reader from the service principal", p.steps().get(0).action().describe());
    assertTrue(p.steps().stream().noneMatch(s -> s.action() instanceof Action.RemoveRoleAssignment r
        && r.principal().equals(ADMIN)), "a user's role assignment is not the registration's");
  }

  @Test
  void neverTouchesARegistrationWithoutTheKeyWhateverItsName() {
    Registration bystander = registration(new ObjectId("other-object"), new AppId("22222222-2222-2222-2222-222222222222"),
        NAME, null, List.of(), List.of(), List.of());
    Registration tagged = registration(new ObjectId("tagged-object"), new AppId("33333333-3333-3333-3333-333333333333"),
        "Tagged", null, List.of(), List.of(), List.of(Registration.KEY_TAG_PREFIX + KEY));
    Plan p = Destroyer.plan(KEYS, inSync().registration(bystander).registration(tagged).build(), DeletedItems.NONE,
        Map.of(), false);
    for (Step s : p.writes()) {
      String touched = s.action().toString();
      assertTrue(!touched.contains("other-object") && !touched.contains("tagged-object"), touched);
    }
    assertEquals(1, p.steps().stream().filter(s -> s.action() instanceof Action.ManualStep).count(),
        "the tag-only carrier is shown, never deleted");
  }

  @Test
  void purgeAlsoDeletesPermanentlyWhatThisRunAndEarlierRunsSoftDeleted() {
    Plan now = Destroyer.plan(KEYS, inSync().build(), DeletedItems.NONE, Map.of(), true);
    assertEquals(List.of(new Action.PurgeDeleted(KEY, APP_SP, "service principal '" + NAME + "'"),
        new Action.PurgeDeleted(KEY, APP_OBJECT, "registration '" + NAME + "'")),
        now.steps().subList(now.steps().size() - 2, now.steps().size()).stream().map(Step::action).toList());

    DeletedItems earlier = new DeletedItems(List.of(Fixtures.keyedRegistration()), List.of(ownSp()));
    Plan later = Destroyer.plan(KEYS, Fixtures.fresh().build(), earlier, Map.of(), true);
    assertEquals(List.of(Action.PurgeDeleted.class, Action.PurgeDeleted.class), kinds(later));
    assertTrue(Destroyer.plan(KEYS, Fixtures.fresh().build(), earlier, Map.of(), false).inSync(),
        "without --purge what is already deleted is left to Entra's 30 days");
  }

  @Test
  void nothingCarriesTheKeyNothingToDo() {
    assertTrue(Destroyer.plan(KEYS, Fixtures.fresh().build(), DeletedItems.NONE, Map.of(), true).inSync());
  }
}
