package ai.synaptiq.api.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The rounding of docs/metrics.md §2, half up, computed exactly in decimal: rates 4 places,
 * averages 1, money 2 (the funnel has its own places). Rates are 0 and averages null when
 * there is nothing to divide by.
 */
public final class Rounding {
    public static final int RATE = 4;
    public static final int AVERAGE = 1;
    public static final int MONEY = 2;
    public static final int CHANGE = 4;

    private Rounding() {
    }

    /** {@code part / whole} at {@code places}; 0 when whole is 0. */
    public static BigDecimal ratio(long part, long whole, int places) {
        if (whole == 0) {
            return BigDecimal.ZERO.setScale(places);
        }
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), places, RoundingMode.HALF_UP);
    }

    /** {@code sum / (count * unit)} at {@code places}; null when count is 0. */
    public static BigDecimal mean(double sum, long count, long unit, int places) {
        if (count == 0) {
            return null;
        }
        return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(count * unit), places, RoundingMode.HALF_UP);
    }

    public static BigDecimal money(long cents) {
        return BigDecimal.valueOf(cents, MONEY);
    }

    /** {@code (current - previous) / previous} at 4 places; null when previous is 0 or either is unknown. */
    public static BigDecimal change(BigDecimal current, BigDecimal previous) {
        if (current == null || previous == null || previous.signum() == 0) {
            return null;
        }
        return current.subtract(previous).divide(previous, CHANGE, RoundingMode.HALF_UP);
    }
}
