package ai.synaptiq.generator;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;

/**
 * When each visitor's session starts: more traffic in the (UTC) afternoon and on weekdays (or
 * the same all the time), and visitor {@code i} always starts no later than visitor {@code i + 1}, so stories can be opened
 * one by one in time order. Visitor {@code i} is placed in the i-th of n equal shares of the
 * range's traffic, at a point drawn from (seed, i) alone.
 */
final class VisitorArrivals {
    private static final long SLOT_MS = VisitorStory.HOUR;

    private final long seed;
    private final long startMs;
    private final long endMs;
    private final long visitors;
    /** cumulative[k] = traffic weight of the slots before slot k. */
    private final double[] cumulative;

    VisitorArrivals(long seed, long startMs, long endMs, long visitors, boolean dailyPattern) {
        this.seed = seed;
        this.startMs = startMs;
        this.endMs = endMs;
        this.visitors = visitors;
        int slots = (int) Math.max(1, (endMs - startMs + SLOT_MS - 1) / SLOT_MS);
        cumulative = new double[slots + 1];
        for (int k = 0; k < slots; k++) {
            long slotStart = startMs + k * SLOT_MS;
            long slotLength = Math.min(SLOT_MS, endMs - slotStart);
            double weight = dailyPattern ? weight(slotStart) : 1;
            cumulative[k + 1] = cumulative[k] + weight * slotLength / SLOT_MS;
        }
    }

    long sessionStartMs(long index) {
        double jitter = (VisitorStory.mix(seed * 31 + index) >>> 11) * 0x1.0p-53;
        double target = (index + jitter) / visitors * cumulative[cumulative.length - 1];
        int slot = Arrays.binarySearch(cumulative, target);
        if (slot < 0) {
            slot = -slot - 2;
        }
        slot = Math.min(slot, cumulative.length - 2);
        double slotWeight = cumulative[slot + 1] - cumulative[slot];
        double within = slotWeight > 0 ? (target - cumulative[slot]) / slotWeight : 0;
        long slotStart = startMs + slot * SLOT_MS;
        long slotLength = Math.min(SLOT_MS, endMs - slotStart);
        return Math.min(endMs - 1, slotStart + (long) (within * slotLength));
    }

    /** Relative traffic of the hour starting at {@code ms}. */
    private static double weight(long ms) {
        ZonedDateTime at = Instant.ofEpochMilli(ms).atZone(ZoneOffset.UTC);
        double hour = at.getHour() + 0.5;
        double weight = 0.25 + Math.exp(-(hour - 14.5) * (hour - 14.5) / (2 * 4.5 * 4.5));
        DayOfWeek day = at.getDayOfWeek();
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY ? weight * 0.55 : weight;
    }
}
