package io.github.sentrymcp.opentelemetry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenCallsTest {
  /** A key whose equality is by value, as a listener's Call record's is. */
  record Key(String name) {}

  @Test
  void keysAreTheirIdentityNotTheirValue() {
    OpenCalls<Key, String> calls = new OpenCalls<>(10);
    Key a = new Key("whoami");
    Key b = new Key("whoami");
    assertTrue(calls.put(a, "first"));
    assertTrue(calls.put(b, "second"));
    assertFalse(calls.put(a, "again"), "one entry per call");
    assertEquals("first", calls.get(a));
    assertEquals("second", calls.get(b));
    assertNull(calls.get(new Key("whoami")));
    assertEquals("first", calls.remove(a));
    assertNull(calls.remove(a));
    assertEquals(1, calls.size());
  }

  @Test
  void aFullRegistryRefusesMore() {
    OpenCalls<Key, String> calls = new OpenCalls<>(2);
    Key a = new Key("a");
    Key b = new Key("b");
    Key c = new Key("c");
    assertTrue(calls.put(a, "a"));
    assertTrue(calls.hasRoom());
    assertTrue(calls.put(b, "b"));
    assertFalse(calls.hasRoom());
    assertFalse(calls.put(c, "c"));
    assertNull(calls.get(c));
    calls.remove(a);
    assertTrue(calls.put(c, "c"));
    assertThrows(IllegalArgumentException.class, () -> new OpenCalls<Key, String>(0));
  }

  @Test
  void anEntryWhoseCallIsForgottenGoesAway() throws InterruptedException {
    OpenCalls<Key, String> calls = new OpenCalls<>(100);
    Key kept = new Key("kept");
    calls.put(kept, "kept");
    for (int i = 0; i < 50; i++) {
      calls.put(new Key("lost " + i), "lost"); // never ended, and nobody holds the call any more
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    List<byte[]> pressure = new ArrayList<>();
    while (calls.size() > 1 && System.nanoTime() < deadline) {
      System.gc();
      pressure.add(new byte[1 << 16]);
      if (pressure.size() > 64) {
        pressure.clear();
      }
      Thread.sleep(10);
    }
    assertEquals(1, calls.size(), "the forgotten calls' entries were expunged");
    assertEquals("kept", calls.get(kept));
  }
}
