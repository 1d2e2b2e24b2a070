package appreg.cli.option;

import appreg.cli.Io;
import appreg.provisioning.graph.ConnectionSettings;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * One apply at a time per tenant from this machine: a second run waits for the first (then plans against what the
 * first left, so it changes nothing) instead of racing it to issue a second secret. A file lock covers other
 * processes; a semaphore covers other threads of this JVM, which a file lock does not.
 */
public final class RunLock implements AutoCloseable {
  private static final ConcurrentHashMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();
  private static final Duration WAIT = Duration.ofMinutes(3);

  private final Semaphore semaphore;
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(Semaphore semaphore, FileChannel channel, FileLock lock) {
    this.semaphore = semaphore;
    this.channel = channel;
    this.lock = lock;
  }

  public static RunLock acquire(ConnectionSettings settings, Io io) {
    Path file = settings.sandbox()
        ? settings.sandboxState().resolveSibling(settings.sandboxState().getFileName() + ".lock")
        : io.workDir().resolve(".appreg").resolve("apply-" + safe(settings.tenant() == null ? "default" : settings.tenant()) + ".lock");
    Path key = file.toAbsolutePath().normalize();
    Semaphore semaphore = IN_PROCESS.computeIfAbsent(key, k -> new Semaphore(1));
    Instant deadline = io.clock().instant().plus(WAIT);
    boolean told = false;
    try {
      while (!semaphore.tryAcquire(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        told = waiting(io, told, deadline);
      }
      Files.createDirectories(key.getParent());
      FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      while (true) {
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null;
        }
        if (lock != null) break;
        told = waiting(io, told, deadline);
        io.sleeper().sleep(Duration.ofMillis(500));
      }
      return new RunLock(semaphore, channel, lock);
    } catch (IOException e) {
      semaphore.release();
      throw new appreg.provisioning.GraphCallException("taking the apply lock " + key, 0, "", e.getMessage(), "", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      semaphore.release();
      throw new appreg.provisioning.GraphCallException("waiting for another apply", 0, "", "interrupted", "", e);
    } catch (RuntimeException e) {
      semaphore.release();
      throw e;
    }
  }

  private static boolean waiting(Io io, boolean told, Instant deadline) {
    if (io.clock().instant().isAfter(deadline)) {
      throw new appreg.provisioning.GraphCallException("waiting for another apply", 0, "",
          "another appreg apply against this tenant has been running for over " + WAIT.toMinutes() + " minutes; "
              + "if none is running, remove the lock file and try again", "", null);
    }
    if (!told) io.err().println("appreg: another apply against this tenant is running; waiting for it to finish");
    return true;
  }

  private static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // the lock goes with the process anyway
    } finally {
      semaphore.release();
    }
  }
}
