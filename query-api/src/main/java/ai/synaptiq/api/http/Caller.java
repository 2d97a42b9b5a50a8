package ai.synaptiq.api.http;

import ai.synaptiq.api.data.DataState;
import ai.synaptiq.api.exports.ExportCaller;
import ai.synaptiq.api.keys.ApiKey;

/**
 * An admitted request: whose key it carries and the data state it is answered against. It is also
 * the {@link ExportCaller} the export routes read: the key's account, id and role.
 */
public record Caller(ApiKey key, DataState state) implements ExportCaller {
    @Override
    public String accountId() {
        return key.accountId();
    }

    @Override
    public String keyId() {
        return key.id();
    }

    @Override
    public String role() {
        return key.role().wireName();
    }
}
