package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.records.Rows;
import ai.synaptiq.pipeline.records.TableRow;
import ai.synaptiq.schemas.events.Event;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** The rows an enriched event becomes: always an events row, and an activity row for the public feed. */
public class EventRows implements FlatMapFunction<Event, TableRow> {
    private final ActivityFeed feed;

    public EventRows(int scoreChangeThreshold) {
        this.feed = new ActivityFeed(scoreChangeThreshold);
    }

    @Override
    public void flatMap(Event e, Collector<TableRow> out) throws Exception {
        out.collect(Rows.event(e));
        if (feed.includes(e)) {
            out.collect(Rows.activity(e, ActivityFeed.description(e), ActivityFeed.metadata(e)));
        }
    }
}
