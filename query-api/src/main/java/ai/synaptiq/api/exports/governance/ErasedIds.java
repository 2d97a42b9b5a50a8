package ai.synaptiq.api.exports.governance;

import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;

/**
 * SQL conditions that leave erased leads out of every export and report: the lead itself, and the
 * conversations and visitors its erasure tombstone lists. They hold whether or not the deleting
 * mutations have finished, and whatever a late event may have written since.
 */
public final class ErasedIds {
    private ErasedIds() {
    }

    /** {@code column} (a lead id) is not an erased lead of the account. */
    public static String notLead(String accountId, String column) {
        return column + " NOT IN (SELECT lead_id FROM " + Tables.LEAD_ERASURES + " WHERE account_id = " + Sql.quote(accountId) + ")";
    }

    /** {@code column} (a conversation id) is not a conversation of an erased lead. */
    public static String notConversation(String accountId, String column) {
        return column + " NOT IN (SELECT arrayJoin(conversation_ids) FROM " + Tables.LEAD_ERASURES
                + " WHERE account_id = " + Sql.quote(accountId) + ")";
    }

    /** A {@code synaptiq.events} row that belongs to no erased lead, conversation or visitor. */
    public static String notInEvent(String accountId) {
        return notLead(accountId, "lead_id") + " AND " + notConversation(accountId, "conversation_id")
                + " AND visitor_id NOT IN (SELECT arrayJoin(visitor_ids) FROM " + Tables.LEAD_ERASURES
                + " WHERE account_id = " + Sql.quote(accountId) + ")";
    }

    /** A {@code synaptiq.conversations} row of no erased lead. */
    public static String notInConversation(String accountId) {
        return notLead(accountId, "lead_id") + " AND " + notConversation(accountId, "conversation_id");
    }
}
