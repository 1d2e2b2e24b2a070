package appreg.cli.render;

import appreg.provisioning.manifest.ApplicationSpec;
import appreg.provisioning.manifest.Manifest;
import appreg.provisioning.profile.FirstToken;
import appreg.provisioning.profile.ManualStep;
import appreg.provisioning.profile.Profile;
import appreg.provisioning.profile.Profiles;
import appreg.provisioning.reconcile.ApplyReport.Settings;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What a person does after apply for the applications a manifest made from built-in profiles ({@code profile:} on the
 * application): the profile's manual steps and reminders, and how to get the first token with the registration just
 * made. {@code authorityHost} and {@code graphRoot} are the run's cloud's sign-in host and Microsoft Graph root.
 */
public record AfterApply(List<Entry> entries, URI authorityHost, URI graphRoot) {
  public AfterApply {
    entries = List.copyOf(entries);
  }

  /** One application and the profile it was made from. */
  public record Entry(String application, Profile profile) {}

  public static AfterApply of(Manifest manifest, URI authorityHost, URI graphRoot) {
    List<Entry> entries = new ArrayList<>();
    for (ApplicationSpec a : manifest.applications()) {
      if (a.profile() != null) entries.add(new Entry(a.key(), Profiles.get(a.profile())));
    }
    return new AfterApply(entries, authorityHost, graphRoot);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The checklist lines, numbered from {@code n}; each profile's steps once even when several applications use it. */
  int printSteps(PrintWriter out, int n) {
    List<String> seen = new ArrayList<>();
    for (Entry e : entries) {
      if (seen.contains(e.profile().name())) continue;
      seen.add(e.profile().name());
      if (entries.size() > 1) out.println("  for " + e.application() + " (profile " + e.profile().name() + "):");
      for (ManualStep m : e.profile().checklist()) out.println("  " + n++ + ". " + m.text() + "\n       " + m.link());
      for (String r : e.profile().reminders()) out.println("  note: " + r);
    }
    return n;
  }

  /** "First token for KEY": authority, endpoints, client ID, resource and scope, sign-in, redirect, source. */
  void printTokens(PrintWriter out, java.util.Map<String, Settings> settings) {
    for (Entry e : entries) {
      Settings s = settings.get(e.application());
      FirstToken t = e.profile().firstToken();
      String authority = authority(s);
      out.println();
      out.println("First token for " + e.application() + " (" + t.api() + (t.appPlusUser() ? ", App+User" : ", app only") + "):");
      row(out, "Authority", authority);
      row(out, "Token endpoint (v2.0)", authority + "/oauth2/v2.0/token");
      row(out, "Scope (v2.0)", t.scope(graphRoot));
      row(out, "Token endpoint (v1.0)", authority + "/oauth2/token");
      row(out, "Resource (v1.0)", t.resource(graphRoot));
      row(out, "Client ID", s == null ? "(see the settings above)" : s.clientId());
      row(out, "Who signs in", t.who());
      row(out, "Grant", t.grant());
      if (t.redirectUri() != null) {
        row(out, "Redirect URI", t.redirectUri() + ": add the one your tool listens on to web.redirectUris and apply again");
      }
      row(out, "Documented at", t.source());
      for (String note : t.notes()) out.println("  note: " + note);
    }
  }

  private String authority(Settings s) {
    String host = authorityHost.toString().replaceAll("/+$", "");
    return host + "/" + (s == null ? "TENANT_ID" : s.tenantId());
  }

  private static void row(PrintWriter out, String label, String value) {
    out.println("  " + PlanText.pad(label, 28) + value);
  }

  void jsonSteps(ArrayNode manual, ArrayNode reminders) {
    List<String> seen = new ArrayList<>();
    for (Entry e : entries) {
      if (seen.contains(e.profile().name())) continue;
      seen.add(e.profile().name());
      for (ManualStep m : e.profile().checklist()) {
        manual.addObject().put("text", m.text()).put("link", m.link()).put("profile", e.profile().name());
      }
      e.profile().reminders().forEach(reminders::add);
    }
  }

  void jsonTokens(ArrayNode tokens, java.util.Map<String, Settings> settings) {
    for (Entry e : entries) {
      Settings s = settings.get(e.application());
      FirstToken t = e.profile().firstToken();
      String authority = authority(s);
      ObjectNode n = tokens.addObject();
      n.put("application", e.application());
      n.put("profile", e.profile().name());
      n.put("api", t.api());
      n.put("authority", authority);
      n.put("tokenEndpoint", authority + "/oauth2/v2.0/token");
      n.put("clientId", s == null ? null : s.clientId());
      n.put("scope", t.scope(graphRoot));
      n.put("resource", t.resource(graphRoot));
      n.put("tokenEndpointV1", authority + "/oauth2/token");
      n.put("grant", t.appPlusUser() ? "authorization_code" : "client_credentials");
      n.put("appPlusUser", t.appPlusUser());
      n.put("who", t.who());
      n.put("redirectUri", t.redirectUri());
      n.put("source", t.source());
      t.notes().forEach(n.putArray("notes")::add);
    }
  }
}
