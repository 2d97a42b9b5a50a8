package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.PipelineConfig;
import ai.synaptiq.pipeline.records.BucketTotals;
import ai.synaptiq.pipeline.records.Contribution;
import ai.synaptiq.pipeline.records.ConversationState;
import ai.synaptiq.pipeline.records.LeadState;
import ai.synaptiq.pipeline.sink.Rows;
import ai.synaptiq.pipeline.sink.TableRow;
import ai.synaptiq.schemas.events.Event;
import ai.synaptiq.schemas.events.Rejection;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Keyed by account: everything the job keeps about an account, in one operator, so an event
 * crosses the network once (docs/architecture.md). For each event, in arrival order:
 * <ol>
 * <li>admission: a repeated (accountId, eventId) is dropped silently for as long as the dedup
 * TTL; an event older than the allowed lateness behind the newest event the account has sent on
 * the same topic partition is a {@code too_late} dead letter. A partition is read in order, so
 * the verdict is the same in every run and after every restart. The watermark plays no part: it
 * depends on how the reads of several partitions interleave, and during a catch-up it runs far
 * ahead of the partitions a subtask has not read yet;</li>
 * <li>conversation ({@link ConversationTracker}): state per conversation id, whose channel and
 * lead the event inherits;</li>
 * <li>lead ({@link LeadTracker}): state per lead id, last-writer-wins per field; score moves
 * into the lead's creation bucket;</li>
 * <li>an events row and, for the public feed, an activity row; what the event adds to its
 * overview bucket ({@link OverviewContributions}).</li>
 * </ol>
 * State lives in RocksDB as MapStates under the account key, each behind a {@link WriteBackCache}:
 * changed entries stay on the heap and are written to state, together with their conversation,
 * lead and overview_rollup rows, at most once per write interval, before every checkpoint barrier
 * and at the end of input: a checkpoint never holds a change whose row is not on its way to the
 * sink (which is chained behind this operator and flushes on the same checkpoint).
 *
 * <p>An {@link ErasureFilter#FORGET_LEAD} marker replaces the lead's state by a bare "erased"
 * entry (no row is written from it again), and later events linked to the lead only through
 * their conversation are dropped; the filter has already dropped those carrying its ids.
 */
public class AccountProcessor extends AbstractStreamOperator<TableRow>
        implements OneInputStreamOperator<Event, TableRow>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    /** Pending changes past this many are written at once, whatever the interval (bounds the heap in a catch-up). */
    static final int MAX_PENDING = 20_000;
    private static final String SEP = "\u0001";

    private final String topic;
    private final long allowedLatenessMs;
    private final Duration dedupTtl;
    private final long grainMs;
    private final long writeIntervalMs;
    private final ActivityFeed feed;

    /** Admitted event ids, kept for the dedup TTL. */
    private transient WriteBackCache<String, Boolean> seen;
    /** The newest event time the account has sent on each Kafka partition. */
    private transient WriteBackCache<Integer, Long> newestMs;
    private transient WriteBackCache<String, ConversationState> conversations;
    private transient WriteBackCache<String, LeadState> leads;
    private transient WriteBackCache<Long, BucketTotals> buckets;

    private transient boolean flushScheduled;
    private transient StreamRecord<TableRow> outRecord;
    /** Erased leads seen by this subtask (markers, or erased state met), as accountId + SEP + leadId; refilled by the filter's markers after a restart. */
    private transient Set<String> erasedLeads;

    /**
     * What the processor is told by the job's configuration.
     *
     * @param topic the topic its dead letters name
     * @param allowedLateness how far an event may be behind the account's newest one on its partition
     * @param dedupTtl how long an admitted event id is remembered
     * @param rollupGrain the overview bucket width
     * @param writeInterval how long changes wait on the heap at most before they are written
     * @param scoreChangeThreshold the smallest score change the activity feed shows
     */
    public record Settings(String topic, Duration allowedLateness, Duration dedupTtl, Duration rollupGrain,
            Duration writeInterval, int scoreChangeThreshold) implements Serializable {
        /** The job's flags. */
        public static Settings of(PipelineConfig config) {
            return new Settings(config.topic(), config.allowedLateness(), config.dedupTtl(), config.rollupGrain(),
                    config.writeInterval(), config.scoreChangeThreshold());
        }
    }

    public AccountProcessor(Settings settings) {
        this.topic = settings.topic();
        this.allowedLatenessMs = settings.allowedLateness().toMillis();
        this.dedupTtl = settings.dedupTtl();
        this.grainMs = settings.rollupGrain().toMillis();
        this.writeIntervalMs = settings.writeInterval().toMillis();
        this.feed = new ActivityFeed(settings.scoreChangeThreshold());
    }

    @Override
    public void open() throws Exception {
        super.open();
        MapStateDescriptor<String, Boolean> seenDesc = new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
        seenDesc.enableTimeToLive(StateTtlConfig.newBuilder(dedupTtl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        seen = new WriteBackCache<>(this, getRuntimeContext().getMapState(seenDesc));
        newestMs = new WriteBackCache<>(this, getRuntimeContext().getMapState(
                new MapStateDescriptor<>("newest-event-ms-by-partition", Types.INT, Types.LONG)));
        conversations = new WriteBackCache<>(this, getRuntimeContext().getMapState(
                new MapStateDescriptor<>("conversations", Types.STRING, TypeInformation.of(ConversationState.class))));
        leads = new WriteBackCache<>(this, getRuntimeContext().getMapState(
                new MapStateDescriptor<>("leads", Types.STRING, TypeInformation.of(LeadState.class))));
        buckets = new WriteBackCache<>(this, getRuntimeContext().getMapState(
                new MapStateDescriptor<>("overview-buckets", Types.LONG, TypeInformation.of(BucketTotals.class))));
        outRecord = new StreamRecord<>(null);
        erasedLeads = new HashSet<>();
    }

    @Override
    public void processElement(StreamRecord<Event> element) throws Exception {
        Event e = element.getValue();
        if (ErasureFilter.isForgetMarker(e)) {
            forget(e);
            return;
        }
        if (!admit(e)) {
            return;
        }
        if (!erasedLeads.isEmpty() && linkedToErasedLead(e)) {
            return;
        }
        if (e.conversationId != null) {
            ConversationState c = conversation(e);
            ConversationTracker.apply(c, e);
            ConversationTracker.enrich(c, e);
        }
        if (e.leadId != null) {
            LeadState l = lead(e);
            if (l.erased) {
                // Met in state before this subtask's marker (after a restart): forget the event too.
                erasedLeads.add(e.accountId + SEP + e.leadId);
                return;
            }
            LeadTracker.apply(l, e);
            for (Contribution move : LeadTracker.scoreMoves(l, grainMs)) {
                BucketTotals t = bucket(e.accountId, move.bucketStartMs);
                t.sums.add(move);
                t.applied++;
            }
        }
        emit(Rows.event(e));
        if (feed.includes(e)) {
            emit(Rows.activity(e, ActivityFeed.description(e), ActivityFeed.metadata(e)));
        }
        long bucketMs = OverviewContributions.bucket(e.occurredMs, grainMs);
        BucketTotals t = buckets.changed(bucketMs);
        if (t == null) {
            // Look the bucket up only when the event adds something to it.
            Contribution probe = new Contribution(e.accountId, bucketMs);
            if (OverviewContributions.addTo(probe, e)) {
                t = bucket(e.accountId, bucketMs);
                t.sums.add(probe);
                t.applied++;
            }
        } else if (OverviewContributions.addTo(t.sums, e)) {
            t.applied++;
        }
        if (pendingChanges() >= MAX_PENDING) {
            flush();
        }
    }

    /** Replaces the lead's state by a bare erased entry; repeated markers change nothing. */
    private void forget(Event marker) throws Exception {
        erasedLeads.add(marker.accountId + SEP + marker.leadId);
        LeadState l = lead(marker);
        scheduleWrite();
        if (l.erased) {
            return;
        }
        LeadState bare = new LeadState(l.accountId, l.leadId);
        bare.erased = true;
        bare.version = l.version + 1;
        leads.put(marker.leadId, bare);
    }

    /** Whether the event's lead (own, or its conversation's) has been erased. */
    private boolean linkedToErasedLead(Event e) throws Exception {
        String leadId = e.leadId;
        if (leadId == null && e.conversationId != null) {
            ConversationState c = conversations.get(e.conversationId);
            leadId = c == null ? null : c.leadId;
        }
        return leadId != null && erasedLeads.contains(e.accountId + SEP + leadId);
    }

    /** Dedup and lateness; true when the event is admitted (and is then remembered). */
    private boolean admit(Event e) throws Exception {
        if (seen.contains(e.eventId)) {
            return false;
        }
        Long newest = newestMs.get(e.kafkaPartition);
        if (newest != null && e.occurredMs < newest - allowedLatenessMs) {
            emit(Rows.deadLetter(System.currentTimeMillis(), topic, e.kafkaPartition, e.kafkaOffset,
                    e.accountId, Rejection.TOO_LATE, "occurredAt is more than " + Duration.ofMillis(allowedLatenessMs)
                            + " behind the account's newest event", e.raw));
            return false;
        }
        seen.put(e.eventId, Boolean.TRUE);
        scheduleWrite();
        if (newest == null || e.occurredMs > newest) {
            newestMs.put(e.kafkaPartition, e.occurredMs);
        }
        e.raw = null;
        return true;
    }

    private ConversationState conversation(Event e) throws Exception {
        return conversations.update(e.conversationId, id -> new ConversationState(e.accountId, id));
    }

    private LeadState lead(Event e) throws Exception {
        return leads.update(e.leadId, id -> new LeadState(e.accountId, id));
    }

    /** The bucket's totals (held, from state, or new), held as changed. The current key is the account. */
    private BucketTotals bucket(String accountId, long bucketMs) throws Exception {
        return buckets.update(bucketMs, b -> new BucketTotals(accountId, b));
    }

    /** A write at the end of the interval, unless one is scheduled already: called with every change held. */
    private void scheduleWrite() {
        if (!flushScheduled) {
            flushScheduled = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + writeIntervalMs, ts -> {
                flushScheduled = false;
                flush();
            });
        }
    }

    /** The changes held on the heap: event ids, conversations, leads and buckets (a newer time per partition comes with an event id). */
    private int pendingChanges() {
        return seen.size() + conversations.size() + leads.size() + buckets.size();
    }

    private void emit(TableRow row) {
        output.collect(outRecord.replace(row));
    }

    /** Writes every held change to state, and the changed conversation, lead and bucket rows to the output. */
    void flush() throws Exception {
        seen.flush();
        newestMs.flush();
        conversations.flush((id, c) -> emit(Rows.conversation(c)));
        leads.flush((id, l) -> {
            if (!l.erased) {
                emit(Rows.lead(l));
            }
        });
        buckets.flush((bucketMs, t) -> emit(Rows.rollup(t.sums, t.applied)));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            flush();
        }
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }
}
