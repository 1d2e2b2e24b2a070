package appreg.provisioning.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The properties Graph v1.0 declares for one type, so the sandbox can refuse what Entra refuses: an unknown
 * property in a request body is a 400, not silently dropped (graph-facts.md §3.4). Property lists follow the v1.0
 * resource pages in microsoftgraph/microsoft-graph-docs-contrib ({@code api-reference/v1.0/resources/*.md}).
 *
 * @param graphName     the OData type name, e.g. {@code application} (used in {@code @odata.type} and messages)
 * @param directoryName the directory type name Entra puts in complex-type errors, e.g. {@code PasswordCredential}
 * @param properties    declared structural properties; a non-null value is the schema of a complex property
 * @param navigation    relationships: selectable and expandable, never writable in a body
 */
record Schema(String graphName, String directoryName, Map<String, Schema> properties, Set<String> navigation) {

  Schema {
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    navigation = Set.copyOf(navigation);
  }

  boolean declares(String property) {
    return properties.containsKey(property) || navigation.contains(property);
  }

  /**
   * Rejects unknown properties at the top level ({@code "Invalid property 'x'."}) and inside complex values
   * ({@code "The property 'x' does not exist on type 'Microsoft.DirectoryServices.T'..."}), as Entra does.
   */
  void validateBody(JsonNode body) {
    body.fieldNames().forEachRemaining(name -> {
      if (isAnnotation(name)) {
        return;
      }
      if (!properties.containsKey(name)) {
        throw GraphError.invalidProperty(name);
      }
      validateNested(properties.get(name), body.get(name));
    });
  }

  private static void validateNested(Schema schema, JsonNode value) {
    if (schema == null || value == null || value.isNull()) {
      return;
    }
    if (value.isArray()) {
      value.forEach(item -> validateNested(schema, item));
      return;
    }
    if (!value.isObject()) {
      throw GraphError.badRequest("Invalid value specified for property of resource '" + schema.directoryName + "'.");
    }
    value.fieldNames().forEachRemaining(name -> {
      if (isAnnotation(name)) {
        return;
      }
      if (!schema.properties.containsKey(name)) {
        throw GraphError.unknownProperty(name, schema.directoryName);
      }
      validateNested(schema.properties.get(name), value.get(name));
    });
  }

  static boolean isAnnotation(String name) {
    return name.startsWith("@odata.") || name.contains("@odata.");
  }
}
