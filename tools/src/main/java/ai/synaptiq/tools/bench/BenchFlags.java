package ai.synaptiq.tools.bench;

import ai.synaptiq.schemas.cli.ClickHouseOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** What every benchmark's command line has: {@code --help} and the ClickHouse it measures against. */
@Command(mixinStandardHelpOptions = true, sortOptions = false)
abstract class BenchFlags {
    @Mixin ClickHouseOptions clickHouse;
}
