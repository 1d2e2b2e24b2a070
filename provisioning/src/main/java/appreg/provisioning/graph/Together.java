package appreg.provisioning.graph;

/**
 * Calls that may run side by side: each runs on its own thread as a member of one group, and the gateway sends the
 * requests its members make while every member waits on Graph as one round trip. A gateway that cannot batch simply
 * sends them as they come ({@link #NONE}).
 */
public interface Together {
  Together NONE = () -> new Member() {};

  /** A place in the group for one call, taken before its thread starts so the group never waits short of it. */
  Member join();

  /** One call's place in the group. */
  interface Member {
    /** Binds the place to the current thread: its Graph requests from now on go out with the group's. */
    default void enter() {}

    /** Gives the place up: the group no longer waits for this call's requests. Idempotent. */
    default void leave() {}
  }
}
