package appreg.provisioning.graph;

import com.microsoft.kiota.RequestOption;

/**
 * Marks a POST that is safe to send twice (a $batch of reads; a create whose duplicate Graph answers with a conflict
 * that appreg converges on). Other POSTs, above all {@code addPassword}, are never re-sent after a 5xx or a dropped
 * connection: the server may have done the work, so the caller looks the result up instead.
 */
public final class IdempotentPost implements RequestOption {
  public static final IdempotentPost INSTANCE = new IdempotentPost();

  private IdempotentPost() {}

  @Override
  @SuppressWarnings("unchecked")
  public <T extends RequestOption> Class<T> getType() {
    return (Class<T>) IdempotentPost.class;
  }
}
