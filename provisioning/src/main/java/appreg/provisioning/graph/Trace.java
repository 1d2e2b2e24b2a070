package appreg.provisioning.graph;

/**
 * Where {@code -v} output goes: one line per Graph request, retry and replication wait. Callers never pass tokens,
 * secrets or response bodies here.
 */
@FunctionalInterface
public interface Trace {
  void line(String text);

  Trace NONE = text -> {};
}
