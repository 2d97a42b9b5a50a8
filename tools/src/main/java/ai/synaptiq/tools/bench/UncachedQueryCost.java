package ai.synaptiq.tools.bench;

import ai.synaptiq.api.analytics.CompareMode;
import ai.synaptiq.api.analytics.DateRange;
import ai.synaptiq.api.analytics.FunnelQuery;
import ai.synaptiq.api.analytics.FunnelService;
import ai.synaptiq.api.analytics.Granularity;
import ai.synaptiq.api.analytics.OverviewQuery;
import ai.synaptiq.api.analytics.OverviewService;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Migrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What one answer costs when no cache holds it: the overview and funnel services (the API's own
 * SQL and result reading) called straight, one at a time, for a 30-day and a 365-day window
 * ending today. Each query runs once unmeasured, then {@code --repeats} times; the median and the
 * slowest are printed with the target each must meet, then a {@code SUMMARY} line.
 *
 * <p>Standalone, it loads {@code --events} events (default 1,000,000) of one account over the
 * last 365 days into an empty ClickHouse first ({@link BenchData}: the shape the pipeline writes,
 * merged as data at rest would be):
 * <pre>
 * java -cp query-api/target/synaptiq-api.jar ai.synaptiq.tools.bench.UncachedQueryCost --clickhouse URL [--events N] [--repeats N]
 * </pre>
 * Other benchmarks call {@link #measure} for an account they loaded their own way (through the job).
 */
public final class UncachedQueryCost {
    private static final String ACCOUNT = "cost";
    private static final ZoneId UTC = ZoneId.of("UTC");

    /** One query's cost: the median and slowest of the measured runs, and the target (ms) its median must meet; 0 means none. */
    public record Cost(String name, double medianMs, double maxMs, double targetMs) {
        public boolean met() {
            return targetMs == 0 || medianMs <= targetMs;
        }

        public String describe() {
            return String.format(Locale.ROOT, "%-44s median %8.1f ms  max %8.1f ms%s", name, medianMs, maxMs,
                    targetMs == 0 ? "" : String.format(Locale.ROOT, "  (target <= %.0f ms: %s)", targetMs, met() ? "met" : "NOT met"));
        }
    }

    private UncachedQueryCost() {
    }

    @Command(name = "UncachedQueryCost",
            description = "The cost of uncached answers over a year of one account, loaded straight into ClickHouse.")
    static final class UncachedFlags extends BenchFlags {
        @Option(names = "--events", defaultValue = "1000000", description = "events of the account") long events;
        @Option(names = "--repeats", defaultValue = "7", description = "requests per query shape; the median counts") int repeats;
    }

    public static void main(String[] args) {
        UncachedFlags flags = BenchSupport.flags(new UncachedFlags(), args);
        ClickHouseClient clickHouse = flags.clickHouse.client(Duration.ofMinutes(30));
        long events = flags.events;
        int repeats = flags.repeats;
        BenchSupport.printMachine();
        Migrations.apply(clickHouse);
        BenchData data = new BenchData(clickHouse, ACCOUNT);
        long wanted = events - events % BenchData.EVENTS_PER_JOURNEY;
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (data.eventCount() != wanted) {
            if (data.eventCount() != 0) {
                throw new IllegalStateException("account '" + ACCOUNT + "' already holds another number of events: start from an empty ClickHouse");
            }
            System.out.println("loading " + wanted + " events of one account over 365 days (straight into the tables) ...");
            long until = System.currentTimeMillis();
            data.load(wanted, until - Duration.ofDays(365).toMillis(), until);
        } else {
            data.settle();
        }
        List<Cost> costs = measure(clickHouse, ACCOUNT, today, repeats);
        System.out.println("Uncached cost of one answer, account with " + wanted + " events over 365 days, " + repeats + " runs each:");
        costs.forEach(c -> System.out.println("  " + c.describe()));
        boolean all = costs.stream().allMatch(Cost::met);
        System.out.println("SUMMARY uncached queries (" + wanted + " events): " + (all ? "every target met" : "targets NOT all met"));
    }

    /**
     * Times the uncached overview and funnel of an account for the 30 and 365 days ending
     * {@code today}, as dashboards ask for them (overview compared with the previous period).
     */
    public static List<Cost> measure(ClickHouseClient clickHouse, String account, LocalDate today, int repeats) {
        OverviewService overviews = new OverviewService(clickHouse);
        FunnelService funnels = new FunnelService(clickHouse);
        DateRange month = DateRange.requested(today.minusDays(30), today);
        DateRange year = DateRange.requested(today.minusDays(364), today);
        Optional<CompareMode> previous = Optional.of(CompareMode.PREVIOUS_PERIOD);
        List<Cost> out = new ArrayList<>();
        out.add(time("overview 30 days, previous_period", 50, repeats,
                () -> overviews.overview(account, new OverviewQuery(month, Granularity.DAY, previous, UTC))));
        out.add(time("funnel 30 days", 50, repeats,
                () -> funnels.funnel(account, new FunnelQuery(month, Optional.empty(), Optional.empty(), UTC))));
        out.add(time("funnel 365 days, channel=whatsapp", 250, repeats,
                () -> funnels.funnel(account, new FunnelQuery(year, Optional.of("whatsapp"), Optional.empty(), UTC))));
        out.add(time("overview 365 days, previous_period", 0, repeats,
                () -> overviews.overview(account, new OverviewQuery(year, Granularity.DAY, previous, UTC))));
        out.add(time("funnel 365 days", 0, repeats,
                () -> funnels.funnel(account, new FunnelQuery(year, Optional.empty(), Optional.empty(), UTC))));
        out.add(time("funnel 365 days, source=form", 0, repeats,
                () -> funnels.funnel(account, new FunnelQuery(year, Optional.empty(), Optional.of("form"), UTC))));
        return out;
    }

    private static Cost time(String name, double targetMs, int repeats, Supplier<Object> query) {
        query.get();
        double[] ms = new double[Math.max(1, repeats)];
        for (int i = 0; i < ms.length; i++) {
            long start = System.nanoTime();
            query.get();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return new Cost(name, ms[ms.length / 2], ms[ms.length - 1], targetMs);
    }
}
