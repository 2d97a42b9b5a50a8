package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.records.BucketTotals;
import ai.synaptiq.pipeline.records.Contribution;
import ai.synaptiq.pipeline.records.ConversationState;
import ai.synaptiq.pipeline.records.LeadState;
import ai.synaptiq.pipeline.records.Rows;
import ai.synaptiq.pipeline.records.TableRow;
import ai.synaptiq.schemas.events.Event;
import ai.synaptiq.schemas.events.Rejection;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.MapState;
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
 * State lives in RocksDB as MapStates under the account key. Changed entries stay on the heap
 * (write-back) and are written to state, together with their conversation, lead and
 * overview_rollup rows, at most once per write interval, before every checkpoint barrier and at
 * the end of input: a checkpoint never holds a change whose row is not on its way to the sink
 * (which is chained behind this operator and flushes on the same checkpoint).
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

    private transient MapState<String, Boolean> seen;
    private transient MapState<Integer, Long> newestMs;
    private transient MapState<String, ConversationState> conversations;
    private transient MapState<String, LeadState> leads;
    private transient MapState<Long, BucketTotals> buckets;

    private transient Map<String, Pending> pending;
    private transient int pendingCount;
    private transient boolean flushScheduled;
    private transient StreamRecord<TableRow> outRecord;
    /** Erased leads seen by this subtask (markers, or erased state met), as accountId + SEP + leadId; refilled by the filter's markers after a restart. */
    private transient Set<String> erasedLeads;

    /** The changes of one account not yet written to state. */
    private static final class Pending {
        final Set<String> seenIds = new HashSet<>();
        final Map<Integer, Long> newestMs = new HashMap<>();
        final Map<String, ConversationState> conversations = new HashMap<>();
        final Map<String, LeadState> leads = new HashMap<>();
        final Map<Long, BucketTotals> buckets = new HashMap<>();
    }

    public AccountProcessor(String topic, Duration allowedLateness, Duration dedupTtl, long rollupGrainMs,
            long writeIntervalMs, int scoreChangeThreshold) {
        this.topic = topic;
        this.allowedLatenessMs = allowedLateness.toMillis();
        this.dedupTtl = dedupTtl;
        this.grainMs = rollupGrainMs;
        this.writeIntervalMs = writeIntervalMs;
        this.feed = new ActivityFeed(scoreChangeThreshold);
    }

    @Override
    public void open() throws Exception {
        super.open();
        MapStateDescriptor<String, Boolean> seenDesc = new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
        seenDesc.enableTimeToLive(StateTtlConfig.newBuilder(dedupTtl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        seen = getRuntimeContext().getMapState(seenDesc);
        newestMs = getRuntimeContext().getMapState(new MapStateDescriptor<>("newest-event-ms-by-partition", Types.INT, Types.LONG));
        conversations = getRuntimeContext().getMapState(new MapStateDescriptor<>("conversations", Types.STRING,
                TypeInformation.of(ConversationState.class)));
        leads = getRuntimeContext().getMapState(new MapStateDescriptor<>("leads", Types.STRING, TypeInformation.of(LeadState.class)));
        buckets = getRuntimeContext().getMapState(new MapStateDescriptor<>("overview-buckets", Types.LONG,
                TypeInformation.of(BucketTotals.class)));
        pending = new HashMap<>();
        outRecord = new StreamRecord<>(null);
        erasedLeads = new HashSet<>();
    }

    @Override
    public void processElement(StreamRecord<Event> element) throws Exception {
        Event e = element.getValue();
        Pending p = pending.computeIfAbsent(e.accountId, a -> new Pending());
        if (ErasureFilter.isForgetMarker(e)) {
            forget(e, p);
            return;
        }
        if (!admit(e, p)) {
            return;
        }
        if (!erasedLeads.isEmpty() && linkedToErasedLead(e, p)) {
            return;
        }
        if (e.conversationId != null) {
            ConversationState c = conversation(e, p);
            ConversationTracker.apply(c, e);
            ConversationTracker.enrich(c, e);
        }
        if (e.leadId != null) {
            LeadState l = lead(e, p);
            if (l.erased) {
                // Met in state before this subtask's marker (after a restart): forget the event too.
                erasedLeads.add(e.accountId + SEP + e.leadId);
                return;
            }
            LeadTracker.apply(l, e);
            for (Contribution move : LeadTracker.scoreMoves(l, grainMs)) {
                BucketTotals t = bucket(e.accountId, move.bucketStartMs, p);
                t.sums.add(move);
                t.applied++;
            }
        }
        emit(Rows.event(e));
        if (feed.includes(e)) {
            emit(Rows.activity(e, ActivityFeed.description(e), ActivityFeed.metadata(e)));
        }
        long bucketMs = OverviewContributions.bucket(e.occurredMs, grainMs);
        BucketTotals t = p.buckets.get(bucketMs);
        if (t == null) {
            // Look the bucket up only when the event adds something to it.
            Contribution probe = new Contribution(e.accountId, bucketMs);
            if (OverviewContributions.addTo(probe, e)) {
                t = bucket(e.accountId, bucketMs, p);
                t.sums.add(probe);
                t.applied++;
            }
        } else if (OverviewContributions.addTo(t.sums, e)) {
            t.applied++;
        }
        if (pendingCount >= MAX_PENDING) {
            flush();
        }
    }

    /** Replaces the lead's state by a bare erased entry; repeated markers change nothing. */
    private void forget(Event marker, Pending p) throws Exception {
        erasedLeads.add(marker.accountId + SEP + marker.leadId);
        LeadState l = lead(marker, p);
        if (l.erased) {
            return;
        }
        LeadState bare = new LeadState();
        bare.accountId = l.accountId;
        bare.leadId = l.leadId;
        bare.erased = true;
        bare.version = l.version + 1;
        p.leads.put(marker.leadId, bare);
    }

    /** Whether the event's lead (own, or its conversation's) has been erased. */
    private boolean linkedToErasedLead(Event e, Pending p) throws Exception {
        String leadId = e.leadId;
        if (leadId == null && e.conversationId != null) {
            ConversationState c = p.conversations.get(e.conversationId);
            if (c == null) {
                c = conversations.get(e.conversationId);
            }
            leadId = c == null ? null : c.leadId;
        }
        return leadId != null && erasedLeads.contains(e.accountId + SEP + leadId);
    }

    /** Dedup and lateness; true when the event is admitted (and is then remembered). */
    private boolean admit(Event e, Pending p) throws Exception {
        if (p.seenIds.contains(e.eventId) || seen.contains(e.eventId)) {
            return false;
        }
        Long newest = p.newestMs.get(e.kafkaPartition);
        if (newest == null) {
            newest = newestMs.get(e.kafkaPartition);
        }
        if (newest != null && e.occurredMs < newest - allowedLatenessMs) {
            emit(Rows.deadLetter(System.currentTimeMillis(), topic, e.kafkaPartition, e.kafkaOffset,
                    e.accountId, Rejection.TOO_LATE, "occurredAt is more than " + Duration.ofMillis(allowedLatenessMs)
                            + " behind the account's newest event", e.raw));
            return false;
        }
        p.seenIds.add(e.eventId);
        changed();
        if (newest == null || e.occurredMs > newest) {
            p.newestMs.put(e.kafkaPartition, e.occurredMs);
        }
        e.raw = null;
        return true;
    }

    private ConversationState conversation(Event e, Pending p) throws Exception {
        ConversationState c = p.conversations.get(e.conversationId);
        if (c == null) {
            c = conversations.get(e.conversationId);
            if (c == null) {
                c = new ConversationState();
                c.accountId = e.accountId;
                c.conversationId = e.conversationId;
            }
            p.conversations.put(e.conversationId, c);
            changed();
        }
        return c;
    }

    private LeadState lead(Event e, Pending p) throws Exception {
        LeadState l = p.leads.get(e.leadId);
        if (l == null) {
            l = leads.get(e.leadId);
            if (l == null) {
                l = new LeadState();
                l.accountId = e.accountId;
                l.leadId = e.leadId;
            }
            p.leads.put(e.leadId, l);
            changed();
        }
        return l;
    }

    /** The bucket's totals (pending, from state, or new); whatever is pending is changed. The current key is the account. */
    private BucketTotals bucket(String accountId, long bucketMs, Pending p) throws Exception {
        BucketTotals t = p.buckets.get(bucketMs);
        if (t == null) {
            t = buckets.get(bucketMs);
            if (t == null) {
                t = new BucketTotals(accountId, bucketMs);
            }
            p.buckets.put(bucketMs, t);
            changed();
        }
        return t;
    }

    /** One more pending change; a write is scheduled for the end of the interval. */
    private void changed() {
        pendingCount++;
        if (!flushScheduled) {
            flushScheduled = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + writeIntervalMs, ts -> {
                flushScheduled = false;
                flush();
            });
        }
    }

    private void emit(TableRow row) {
        output.collect(outRecord.replace(row));
    }

    /** Writes every pending change to state and the changed conversation, lead and bucket rows to the output. */
    void flush() throws Exception {
        if (pending.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Pending> a : pending.entrySet()) {
            setCurrentKey(a.getKey());
            Pending p = a.getValue();
            for (String id : p.seenIds) {
                seen.put(id, Boolean.TRUE);
            }
            if (!p.newestMs.isEmpty()) {
                newestMs.putAll(p.newestMs);
            }
            for (Map.Entry<String, ConversationState> c : p.conversations.entrySet()) {
                conversations.put(c.getKey(), c.getValue());
                emit(Rows.conversation(c.getValue()));
            }
            for (Map.Entry<String, LeadState> l : p.leads.entrySet()) {
                leads.put(l.getKey(), l.getValue());
                if (!l.getValue().erased) {
                    emit(Rows.lead(l.getValue()));
                }
            }
            for (Map.Entry<Long, BucketTotals> b : p.buckets.entrySet()) {
                buckets.put(b.getKey(), b.getValue());
                emit(Rows.rollup(b.getValue().sums, b.getValue().applied));
            }
        }
        pending.clear();
        pendingCount = 0;
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
