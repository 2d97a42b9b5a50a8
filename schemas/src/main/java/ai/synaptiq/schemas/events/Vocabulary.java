package ai.synaptiq.schemas.events;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The closed value sets and identifier shape of the event contract. */
public final class Vocabulary {
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    public static final Set<String> CHANNELS = Set.of("web_chat", "api", "whatsapp", "slack");
    public static final Set<String> SOURCES = Set.of("chat", "api", "import", "form");
    public static final Set<String> SENDERS = Set.of("ai", "visitor", "agent");
    public static final Set<String> LEAD_STATUSES = Set.of("new", "qualified", "demo_booked", "converted", "disqualified");
    public static final Set<String> MEETING_PROVIDERS = Set.of("calcom", "calendly");
    /** The seven event types of the public activity feed, in the order analytics-api.md lists them. */
    public static final List<String> ACTIVITY_TYPES = List.of("lead.created", "lead.qualified", "lead.score_changed",
            "conversation.started", "conversation.handoff", "conversion.completed", "intent.high_value");

    private Vocabulary() {
    }
}
