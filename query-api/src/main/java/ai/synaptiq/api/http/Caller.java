package ai.synaptiq.api.http;

import ai.synaptiq.api.data.DataState;
import ai.synaptiq.api.keys.ApiKey;

/** An admitted request: whose key it carries and the data state it is answered against. */
public record Caller(ApiKey key, DataState state) {
    public String accountId() {
        return key.accountId();
    }
}
