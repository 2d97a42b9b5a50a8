package ai.synaptiq.api.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The cache's promises, with computations that block on latches instead of timing. */
class ResponseCacheTest {
    private static final ResponseCache.Renderer RENDER = (version, completeUntil, started, content) -> {
        byte[] body = (new String(content, StandardCharsets.UTF_8) + "@" + completeUntil).getBytes(StandardCharsets.UTF_8);
        return new ResponseCache.Entry(version, completeUntil, started, content, body, "\"" + new String(body, StandardCharsets.UTF_8) + "\"");
    };

    /** A computation that counts its runs and, when told to, waits for a latch before answering. */
    private static final class Answer implements Supplier<byte[]> {
        final AtomicInteger runs = new AtomicInteger();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release;
        final String text;

        Answer(String text, boolean blocked) {
            this.text = text;
            this.release = new CountDownLatch(blocked ? 1 : 0);
        }

        @Override
        public byte[] get() {
            runs.incrementAndGet();
            started.countDown();
            try {
                assertTrue(release.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String body(ResponseCache.Lookup lookup) {
        return new String(lookup.entry().body(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldComputeOnceForConcurrentFirstRequests() throws Exception {
        try (ResponseCache cache = new ResponseCache(100, 1 << 20, Duration.ofHours(1), Duration.ofSeconds(1), 1, ResponseCache.Observer.NONE)) {
            Answer answer = new Answer("a", true);
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<ResponseCache.Lookup>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(clients.submit(() -> cache.get("k", "v1", "t1", answer, RENDER)));
            }
            assertTrue(answer.started.await(30, TimeUnit.SECONDS));
            answer.release.countDown();
            for (Future<ResponseCache.Lookup> call : calls) {
                assertEquals("a@t1", body(call.get()));
            }
            clients.shutdown();
            assertEquals(1, answer.runs.get(), "one computation for every request that came meanwhile");
        }
    }

    @Test
    void shouldServeThePreviousAnswerWhileOneNewAnswerIsComputed() throws Exception {
        try (ResponseCache cache = new ResponseCache(100, 1 << 20, Duration.ofHours(1), Duration.ZERO, 1, ResponseCache.Observer.NONE)) {
            cache.get("k", "v1", "t1", new Answer("old", false), RENDER);
            Answer fresh = new Answer("new", true);
            for (int i = 0; i < 20; i++) {
                ResponseCache.Lookup during = cache.get("k", "v2", "t2", fresh, RENDER);
                assertEquals("old@t1", body(during), "the previous answer, with its own dataCompleteUntil");
                assertFalse(during.computed());
            }
            assertTrue(fresh.started.await(30, TimeUnit.SECONDS));
            fresh.release.countDown();
            String seen = "";
            for (int i = 0; i < 3000 && !seen.equals("new@t2"); i++) {
                seen = body(cache.get("k", "v2", "t2", fresh, RENDER));
                Thread.sleep(10);
            }
            assertEquals("new@t2", seen);
            assertEquals(1, fresh.runs.get(), "twenty requests during the computation started one");
        }
    }

    @Test
    void shouldWaitForANewAnswerOnceThePreviousIsOlderThanTheFreshnessWindow() {
        try (ResponseCache cache = new ResponseCache(100, 1 << 20, Duration.ZERO, Duration.ZERO, 1, ResponseCache.Observer.NONE)) {
            cache.get("k", "v1", "t1", new Answer("old", false), RENDER);
            ResponseCache.Lookup next = cache.get("k", "v2", "t2", new Answer("new", false), RENDER);
            assertEquals("new@t2", body(next));
            assertTrue(next.computed());
        }
    }

    @Test
    void shouldServeThePreviousAnswerToOthersWhileOneRequestRecomputesAnExpiredOne() throws Exception {
        try (ResponseCache cache = new ResponseCache(100, 1 << 20, Duration.ofMillis(200), Duration.ZERO, 1, ResponseCache.Observer.NONE)) {
            cache.get("k", "v1", "t1", new Answer("old", false), RENDER);
            Thread.sleep(300); // the entry is now older than the freshness window
            Answer slow = new Answer("new", true);
            ExecutorService clients = Executors.newFixedThreadPool(1);
            Future<ResponseCache.Lookup> first = clients.submit(() -> cache.get("k", "v2", "t2", slow, RENDER));
            assertTrue(slow.started.await(30, TimeUnit.SECONDS));
            ResponseCache.Lookup other = cache.get("k", "v2", "t2", new Answer("unused", false), RENDER);
            assertEquals("old@t1", body(other), "served the previous answer, not queued behind the computation");
            assertFalse(other.computed());
            slow.release.countDown();
            assertEquals("new@t2", body(first.get()));
            assertTrue(first.get().computed());
            assertEquals(1, slow.runs.get());
            clients.shutdown();
        }
    }

    @Test
    void shouldRenderANewDataCompleteUntilWithoutRecomputing() {
        try (ResponseCache cache = new ResponseCache(100, 1 << 20, Duration.ZERO, Duration.ZERO, 1, ResponseCache.Observer.NONE)) {
            Answer answer = new Answer("a", false);
            ResponseCache.Lookup first = cache.get("k", "v1", "t1", answer, RENDER);
            ResponseCache.Lookup later = cache.get("k", "v1", "t2", answer, RENDER);
            assertEquals("a@t2", body(later));
            assertArrayEquals(first.entry().content(), later.entry().content());
            assertEquals(first.entry().startedNanos(), later.entry().startedNanos(), "the data is as old as it was");
            assertEquals(1, answer.runs.get());
        }
    }

    @Test
    void shouldShareANewComputationWhenTheRunningOneBeganBeforeTheWindow() throws Exception {
        try (ResponseCache cache = new ResponseCache(100, 1 << 20, Duration.ofSeconds(2), Duration.ZERO, 1, ResponseCache.Observer.NONE)) {
            Answer slow = new Answer("slow", true);
            ExecutorService clients = Executors.newFixedThreadPool(3);
            Future<ResponseCache.Lookup> first = clients.submit(() -> cache.get("k", "v1", "t1", slow, RENDER));
            assertTrue(slow.started.await(30, TimeUnit.SECONDS));
            Thread.sleep(2200); // the slow computation is now older than the freshness window
            Answer fresh = new Answer("fresh", true);
            Future<ResponseCache.Lookup> second = clients.submit(() -> cache.get("k", "v1", "t1", fresh, RENDER));
            assertTrue(fresh.started.await(30, TimeUnit.SECONDS));
            Future<ResponseCache.Lookup> third = clients.submit(() -> cache.get("k", "v1", "t1", fresh, RENDER));
            fresh.release.countDown();
            assertEquals("fresh@t1", body(second.get()));
            assertEquals("fresh@t1", body(third.get()), "the third request joined the second's computation");
            assertEquals(1, fresh.runs.get());
            slow.release.countDown();
            assertEquals("slow@t1", body(first.get()));
            assertEquals("fresh@t1", body(cache.get("k", "v1", "t1", fresh, RENDER)), "the older computation does not replace the newer answer");
            clients.shutdown();
        }
    }

    @Test
    void shouldKeepServingThePreviousAnswerWhenABackgroundComputationFails() throws Exception {
        try (ResponseCache cache = new ResponseCache(100, 1 << 20, Duration.ofHours(1), Duration.ZERO, 1, ResponseCache.Observer.NONE)) {
            cache.get("k", "v1", "t1", new Answer("old", false), RENDER);
            CountDownLatch failed = new CountDownLatch(1);
            Supplier<byte[]> failing = () -> {
                failed.countDown();
                throw new IllegalStateException("ClickHouse is away");
            };
            assertEquals("old@t1", body(cache.get("k", "v2", "t2", failing, RENDER)));
            assertTrue(failed.await(30, TimeUnit.SECONDS));
            assertEquals("old@t1", body(cache.get("k", "v2", "t2", failing, RENDER)));
        }
    }

    @Test
    void shouldDateABackgroundAnswerFromWhenItsQueryBeganNotFromWhenItWasQueued() throws Exception {
        CountDownLatch backgroundDone = new CountDownLatch(2);
        AtomicInteger pastFreshness = new AtomicInteger();
        ResponseCache.Observer observer = counting(backgroundDone, pastFreshness);
        // One background thread: b's recomputation waits behind a's, past the freshness window.
        try (ResponseCache cache = new ResponseCache(100, 1 << 20, Duration.ofSeconds(2), Duration.ofSeconds(1), 1, observer)) {
            cache.get("a", "v1", "t1", new Answer("a1", false), RENDER);
            cache.get("b", "v1", "t1", new Answer("b1", false), RENDER);
            Thread.sleep(1100); // both entries are due for a recomputation
            Answer a2 = new Answer("a2", true);
            assertEquals("a1@t1", body(cache.get("a", "v2", "t2", a2, RENDER)));
            assertTrue(a2.started.await(30, TimeUnit.SECONDS));
            assertEquals("b1@t1", body(cache.get("b", "v2", "t2", new Answer("b2", false), RENDER)));
            Thread.sleep(1000); // b's entry is now older than the window, its recomputation still queued
            ResponseCache.Lookup meanwhile = cache.get("b", "v2", "t2", new Answer("unused", false), RENDER);
            assertEquals("b1@t1", body(meanwhile), "served the previous answer while its recomputation waits");
            assertFalse(meanwhile.computed());
            assertEquals(1, pastFreshness.get());
            a2.release.countDown();
            assertTrue(backgroundDone.await(30, TimeUnit.SECONDS));
            ResponseCache.Lookup after = cache.get("b", "v2", "t2", new Answer("foreground", false), RENDER);
            assertEquals("b2@t2", body(after), "the queued answer is as old as its query, so it is served, not recomputed");
            assertFalse(after.computed());
        }
    }

    @Test
    void shouldCountAnAnswersAgeFromTheLastTimeItsDataWasCurrent() throws Exception {
        CountDownLatch backgroundDone = new CountDownLatch(1);
        ResponseCache.Observer observer = counting(backgroundDone, new AtomicInteger());
        try (ResponseCache cache = new ResponseCache(100, 1 << 20, Duration.ofMillis(300), Duration.ZERO, 1, observer)) {
            cache.get("k", "v1", "t1", new Answer("old", false), RENDER);
            Thread.sleep(400); // computed longer ago than the window, but nothing changed since
            assertFalse(cache.get("k", "v1", "t1", new Answer("unused", false), RENDER).computed());
            Answer slow = new Answer("new", true);
            ExecutorService clients = Executors.newFixedThreadPool(1);
            try {
                // Would wait for the slow answer (and time out) if the age counted from the computation.
                ResponseCache.Lookup changed = clients.submit(() -> cache.get("k", "v2", "t2", slow, RENDER)).get(10, TimeUnit.SECONDS);
                assertEquals("old@t1", body(changed), "the data changed just now: the previous answer is served while a new one is computed");
                assertFalse(changed.computed());
                assertTrue(slow.started.await(30, TimeUnit.SECONDS), "the new answer is computed in the background");
            } finally {
                slow.release.countDown();
                clients.shutdown();
            }
            assertTrue(backgroundDone.await(30, TimeUnit.SECONDS));
            assertEquals("new@t2", body(cache.get("k", "v2", "t2", new Answer("unused", false), RENDER)));
        }
    }

    /** Counts background computations down on {@code backgroundDone} and answers served past the window up. */
    private static ResponseCache.Observer counting(CountDownLatch backgroundDone, AtomicInteger pastFreshness) {
        return new ResponseCache.Observer() {
            @Override
            public void computed(boolean inBackground, long nanos, boolean failed) {
                if (inBackground) {
                    backgroundDone.countDown();
                }
            }

            @Override
            public void servedPastFreshness() {
                pastFreshness.incrementAndGet();
            }
        };
    }
}
