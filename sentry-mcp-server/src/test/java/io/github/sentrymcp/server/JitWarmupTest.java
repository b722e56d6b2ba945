package io.github.sentrymcp.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JitWarmupTest {

  @Test
  void theWarmUpWaitsWhileTheServerIsBusyAndGoesOnOnceItIsIdle() throws Exception {
    AtomicReference<Duration> idle = new AtomicReference<>(Duration.ZERO);
    CompletableFuture<Boolean> mayCall = CompletableFuture.supplyAsync(() -> JitWarmup.awaitIdle(idle::get));
    boolean returnedWhileBusy;
    try {
      mayCall.get(300, TimeUnit.MILLISECONDS);
      returnedWhileBusy = true;
    } catch (TimeoutException expected) {
      returnedWhileBusy = false;
    }
    assertFalse(returnedWhileBusy, "a warm-up call must not start while a request is in flight");
    idle.set(Duration.ofMillis(5)); // idle, but not long enough
    Thread.sleep(100);
    assertFalse(mayCall.isDone());
    idle.set(JitWarmup.IDLE_BEFORE_CALL);
    assertTrue(mayCall.get(5, TimeUnit.SECONDS));
  }
}
