package ai.synaptiq.pipeline.records;

/** One record as read from the topic, with its place there (the dead-letter row key). */
public class RawRecord {
    public String value;
    public String topic;
    public int partition;
    public long offset;

    public RawRecord() {
    }

    public RawRecord(String value, String topic, int partition, long offset) {
        this.value = value;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }
}
