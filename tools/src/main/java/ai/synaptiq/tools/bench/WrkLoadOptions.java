package ai.synaptiq.tools.bench;

import picocli.CommandLine.Option;

/** The load flags of the benchmarks that poll the API with many clients ({@code @Mixin}). */
final class WrkLoadOptions {
    @Option(names = "--clients", defaultValue = "32", description = "concurrent clients (bench live: wrk connections, half on the overview, half on the funnel)")
    int clients;

    @Option(names = "--warmup-seconds", defaultValue = "5", description = "unmeasured load first, in seconds (bench live: also a steady stream before the live phase)")
    long warmupSeconds;
}
