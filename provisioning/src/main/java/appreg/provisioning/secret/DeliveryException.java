package appreg.provisioning.secret;

import appreg.provisioning.AppregException;

/** A secret cannot be delivered where it was asked to go (exit 1). Never carries the secret. */
public final class DeliveryException extends AppregException {
  public DeliveryException(String message) {
    super(message);
  }

  public DeliveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
