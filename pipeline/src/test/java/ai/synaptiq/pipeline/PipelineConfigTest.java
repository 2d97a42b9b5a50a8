package ai.synaptiq.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineConfigTest {

    @Test
    void shouldNeverPrintTheClickHouseCredentials() {
        PipelineConfig inUrl = PipelineConfig.fromArgs(new String[] {"--clickhouse", "http://synaptiq:s3cretInUrl@ch:8123"}, Map.of());
        PipelineConfig apart = PipelineConfig.fromArgs(new String[0], Map.of("SYNAPTIQ_CLICKHOUSE_PASSWORD", "s3cretApart"));
        assertFalse(inUrl.describe().contains("s3cretInUrl"), inUrl.describe());
        assertTrue(inUrl.describe().contains("http://ch:8123"), inUrl.describe());
        assertFalse(apart.describe().contains("s3cretApart"), apart.describe());
        assertEquals("s3cretApart", apart.clickhousePassword());
    }
}
