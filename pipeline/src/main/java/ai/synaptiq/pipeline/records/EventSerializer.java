package ai.synaptiq.pipeline.records;

import ai.synaptiq.schemas.events.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * How an {@link Event} crosses the network between the parser and the account processor: a
 * null mask, then the fields in a fixed order, text as UTF-8 bytes. Flink's POJO serializer
 * writes text char by char and sets fields by reflection, which cost more than the work
 * done on the event. Events are never kept in state, so the format may change freely.
 */
public final class EventSerializer extends TypeSerializer<Event> {
    private static final long serialVersionUID = 1L;
    /** The type information that gives streams of events this serializer. */
    public static final TypeInformation<Event> TYPE = new EventTypeInfo();

    private transient byte[] scratch;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<Event> duplicate() {
        return new EventSerializer();
    }

    @Override
    public Event createInstance() {
        return new Event();
    }

    @Override
    public Event copy(Event from) {
        Event e = new Event();
        e.eventId = from.eventId;
        e.type = from.type;
        e.accountId = from.accountId;
        e.occurredMs = from.occurredMs;
        e.visitorId = from.visitorId;
        e.conversationId = from.conversationId;
        e.leadId = from.leadId;
        e.channel = from.channel;
        e.source = from.source;
        e.description = from.description;
        e.dataJson = from.dataJson;
        e.sender = from.sender;
        e.responseTimeMs = from.responseTimeMs;
        e.engagementScore = from.engagementScore;
        e.score = from.score;
        e.scoreFrom = from.scoreFrom;
        e.estimatedDealSize = from.estimatedDealSize;
        e.amount = from.amount;
        e.status = from.status;
        e.raw = from.raw;
        e.kafkaPartition = from.kafkaPartition;
        e.kafkaOffset = from.kafkaOffset;
        return e;
    }

    @Override
    public Event copy(Event from, Event reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    // Bits of the null mask: which nullable fields are present.
    private static final int VISITOR = 1;
    private static final int CONVERSATION = 1 << 1;
    private static final int LEAD = 1 << 2;
    private static final int CHANNEL = 1 << 3;
    private static final int SOURCE = 1 << 4;
    private static final int DESCRIPTION = 1 << 5;
    private static final int DATA = 1 << 6;
    private static final int SENDER = 1 << 7;
    private static final int RESPONSE = 1 << 8;
    private static final int ENGAGEMENT = 1 << 9;
    private static final int SCORE = 1 << 10;
    private static final int SCORE_FROM = 1 << 11;
    private static final int DEAL = 1 << 12;
    private static final int AMOUNT = 1 << 13;
    private static final int STATUS = 1 << 14;
    private static final int RAW = 1 << 15;
    private static final int EVENT_ID = 1 << 16;
    private static final int TYPE_ = 1 << 17;
    private static final int ACCOUNT = 1 << 18;

    @Override
    public void serialize(Event e, DataOutputView out) throws IOException {
        int mask = (e.visitorId != null ? VISITOR : 0) | (e.conversationId != null ? CONVERSATION : 0)
                | (e.leadId != null ? LEAD : 0) | (e.channel != null ? CHANNEL : 0) | (e.source != null ? SOURCE : 0)
                | (e.description != null ? DESCRIPTION : 0) | (e.dataJson != null ? DATA : 0) | (e.sender != null ? SENDER : 0)
                | (e.responseTimeMs != null ? RESPONSE : 0) | (e.engagementScore != null ? ENGAGEMENT : 0)
                | (e.score != null ? SCORE : 0) | (e.scoreFrom != null ? SCORE_FROM : 0)
                | (e.estimatedDealSize != null ? DEAL : 0) | (e.amount != null ? AMOUNT : 0) | (e.status != null ? STATUS : 0)
                | (e.raw != null ? RAW : 0) | (e.eventId != null ? EVENT_ID : 0) | (e.type != null ? TYPE_ : 0)
                | (e.accountId != null ? ACCOUNT : 0);
        out.writeInt(mask);
        out.writeLong(e.occurredMs);
        out.writeInt(e.kafkaPartition);
        out.writeLong(e.kafkaOffset);
        text(out, e.eventId);
        text(out, e.type);
        text(out, e.accountId);
        text(out, e.visitorId);
        text(out, e.conversationId);
        text(out, e.leadId);
        text(out, e.channel);
        text(out, e.source);
        text(out, e.description);
        text(out, e.dataJson);
        text(out, e.sender);
        number(out, e.responseTimeMs);
        number(out, e.engagementScore);
        number(out, e.score);
        number(out, e.scoreFrom);
        number(out, e.estimatedDealSize);
        number(out, e.amount);
        text(out, e.status);
        text(out, e.raw);
    }

    private static void text(DataOutputView out, String s) throws IOException {
        if (s == null) {
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static void number(DataOutputView out, Double d) throws IOException {
        if (d != null) {
            out.writeDouble(d);
        }
    }

    @Override
    public Event deserialize(DataInputView in) throws IOException {
        Event e = new Event();
        int mask = in.readInt();
        e.occurredMs = in.readLong();
        e.kafkaPartition = in.readInt();
        e.kafkaOffset = in.readLong();
        e.eventId = text(in, mask, EVENT_ID);
        e.type = text(in, mask, TYPE_);
        e.accountId = text(in, mask, ACCOUNT);
        e.visitorId = text(in, mask, VISITOR);
        e.conversationId = text(in, mask, CONVERSATION);
        e.leadId = text(in, mask, LEAD);
        e.channel = text(in, mask, CHANNEL);
        e.source = text(in, mask, SOURCE);
        e.description = text(in, mask, DESCRIPTION);
        e.dataJson = text(in, mask, DATA);
        e.sender = text(in, mask, SENDER);
        e.responseTimeMs = number(in, mask, RESPONSE);
        e.engagementScore = number(in, mask, ENGAGEMENT);
        e.score = number(in, mask, SCORE);
        e.scoreFrom = number(in, mask, SCORE_FROM);
        e.estimatedDealSize = number(in, mask, DEAL);
        e.amount = number(in, mask, AMOUNT);
        e.status = text(in, mask, STATUS);
        e.raw = text(in, mask, RAW);
        return e;
    }

    private String text(DataInputView in, int mask, int bit) throws IOException {
        if ((mask & bit) == 0) {
            return null;
        }
        int n = in.readInt();
        if (scratch == null || scratch.length < n) {
            scratch = new byte[Math.max(n, 1024)];
        }
        in.readFully(scratch, 0, n);
        return new String(scratch, 0, n, StandardCharsets.UTF_8);
    }

    private static Double number(DataInputView in, int mask, int bit) throws IOException {
        return (mask & bit) == 0 ? null : in.readDouble();
    }

    @Override
    public Event deserialize(Event reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventSerializer;
    }

    @Override
    public int hashCode() {
        return EventSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Event> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer (events are not kept in state; this is what Flink asks of every serializer). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Event> {
        public Snapshot() {
            super(EventSerializer::new);
        }
    }

    /** Type information of {@link Event} streams that uses {@link EventSerializer}. */
    static final class EventTypeInfo extends TypeInformation<Event> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<Event> getTypeClass() {
            return Event.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<Event> createSerializer(SerializerConfig config) {
            return new EventSerializer();
        }

        @Override
        public String toString() {
            return "Event(EventSerializer)";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EventTypeInfo;
        }

        @Override
        public int hashCode() {
            return EventTypeInfo.class.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof EventTypeInfo;
        }
    }
}
