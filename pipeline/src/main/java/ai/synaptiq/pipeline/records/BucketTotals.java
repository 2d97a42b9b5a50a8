package ai.synaptiq.pipeline.records;

/** An overview bucket's sums and how many contributions made them (the row's version). */
public class BucketTotals {
    public Contribution sums;
    public long applied;

    public BucketTotals() {
    }

    public BucketTotals(String accountId, long bucketStartMs) {
        this.sums = new Contribution(accountId, bucketStartMs);
    }
}
