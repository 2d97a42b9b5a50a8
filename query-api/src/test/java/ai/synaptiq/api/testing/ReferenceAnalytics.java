package ai.synaptiq.api.testing;

import ai.synaptiq.pipeline.reference.ReferenceModel;
import ai.synaptiq.schemas.events.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The test oracle of the API: expected answers computed from the raw event lines alone. What the
 * pipeline does with the lines (admission, enrichment, lead state, the feed's rows) comes from the
 * pipeline's own oracle, {@link ReferenceModel}; the figures are computed here straight from
 * docs/metrics.md (overview, funnel, activity), sharing nothing with the API's code.
 */
public final class ReferenceAnalytics {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LEAD_STAGE_TYPES = Set.of("lead.created", "lead.qualified", "meeting.booked", "conversion.completed");
    private static final List<String[]> STAGES = List.of(
            new String[] {"Visitors", "visitor.session_started"},
            new String[] {"Engaged (Started Chat)", "conversation.started"},
            new String[] {"Lead Captured", "lead.created"},
            new String[] {"Qualified", "lead.qualified"},
            new String[] {"Demo Booked", "meeting.booked"},
            new String[] {"Converted", "conversion.completed"});

    /** An admitted event with the channel and lead it carries after enrichment (its own, else its conversation's so far). */
    private record Fact(Event e, String channel, String leadId) {
        String account() {
            return e.accountId;
        }
    }

    private final ReferenceModel.Outcome outcome;
    private final List<Fact> facts = new ArrayList<>();
    private final Map<String, Event> byId = new HashMap<>();

    public ReferenceAnalytics(List<String> lines) {
        outcome = ReferenceModel.run(lines);
        for (ReferenceModel.AdmittedEvent a : outcome.admitted()) {
            facts.add(new Fact(a.event(), a.channel(), a.leadId()));
            byId.put(a.accountId() + "/" + a.eventId(), a.event());
        }
    }

    private double currentScore(String account, String leadId) {
        return outcome.lead(account, leadId).score();
    }

    // ---------------------------------------------------------------- overview

    private static final class Measures {
        long conversations, leads, qualified, messages, aiTimed, handoffs;
        BigDecimal responseMs = BigDecimal.ZERO, scores = BigDecimal.ZERO, revenue = BigDecimal.ZERO;
    }

    private Measures measure(String account, ZoneId zone, LocalDate from, LocalDate to) {
        Measures m = new Measures();
        for (Fact f : facts) {
            Event e = f.e();
            if (!f.account().equals(account) || !within(e, zone, from, to)) {
                continue;
            }
            switch (e.type) {
                case "conversation.started" -> m.conversations++;
                case "lead.created" -> {
                    m.leads++;
                    m.scores = m.scores.add(BigDecimal.valueOf(currentScore(account, e.leadId)));
                }
                case "lead.qualified" -> {
                    m.qualified++;
                    if (e.estimatedDealSize != null) {
                        m.revenue = m.revenue.add(BigDecimal.valueOf(e.estimatedDealSize));
                    }
                }
                case "message.sent" -> {
                    m.messages++;
                    if ("ai".equals(e.sender) && e.responseTimeMs != null) {
                        m.aiTimed++;
                        m.responseMs = m.responseMs.add(BigDecimal.valueOf(e.responseTimeMs));
                    }
                }
                case "conversation.handoff" -> m.handoffs++;
                default -> {
                }
            }
        }
        return m;
    }

    /** The expected overview body, without dataCompleteUntil. */
    public ObjectNode overview(String account, LocalDate start, LocalDate end, String granularity, String compareWith, ZoneId zone) {
        ObjectNode body = JSON.createObjectNode();
        body.set("period", period(start, end));
        ObjectNode summary = summary(measure(account, zone, start, end));
        body.set("summary", summary);
        if (compareWith == null) {
            body.putNull("comparison");
        } else {
            long days = ChronoUnit.DAYS.between(start, end) + 1;
            LocalDate ps = compareWith.equals("previous_period") ? start.minusDays(days) : start.minusYears(1);
            LocalDate pe = compareWith.equals("previous_period") ? start.minusDays(1) : end.minusYears(1);
            ObjectNode previous = summary(measure(account, zone, ps, pe));
            ObjectNode comparison = JSON.createObjectNode();
            comparison.set("period", period(ps, pe));
            previous.fieldNames().forEachRemaining(name -> {
                ObjectNode c = comparison.putObject(name);
                c.set("value", previous.get(name));
                JsonNode cur = summary.get(name);
                JsonNode prev = previous.get(name);
                if (cur.isNull() || prev.isNull() || prev.decimalValue().signum() == 0) {
                    c.putNull("change");
                } else {
                    c.put("change", cur.decimalValue().subtract(prev.decimalValue()).divide(prev.decimalValue(), 4, RoundingMode.HALF_UP));
                }
            });
            body.set("comparison", comparison);
        }
        ArrayNode series = body.putArray("timeSeries");
        for (LocalDate[] bucket : buckets(start, end, granularity)) {
            Measures m = measure(account, zone, bucket[0], bucket[1]);
            series.addObject().put("period", bucket[0] + "/" + bucket[1]).put("conversations", m.conversations).put("leads", m.leads)
                    .put("qualifiedLeads", m.qualified).put("conversionRate", rate(m.qualified, m.conversations, 4));
        }
        return body;
    }

    private static ObjectNode summary(Measures m) {
        ObjectNode s = JSON.createObjectNode();
        s.put("totalConversations", m.conversations);
        s.put("totalLeads", m.leads);
        s.put("qualifiedLeads", m.qualified);
        s.put("conversionRate", rate(m.qualified, m.conversations, 4));
        s.put("avgLeadScore", mean(m.scores, m.leads));
        s.put("avgResponseTime", mean(m.responseMs.divide(BigDecimal.valueOf(1000)), m.aiTimed));
        s.put("avgMessagesPerConversation", mean(BigDecimal.valueOf(m.messages), m.conversations));
        s.put("handoffRate", rate(m.handoffs, m.conversations, 4));
        s.put("totalRevenuePipeline", m.revenue.setScale(2, RoundingMode.HALF_UP));
        return s;
    }

    private static List<LocalDate[]> buckets(LocalDate start, LocalDate end, String granularity) {
        List<LocalDate[]> out = new ArrayList<>();
        LocalDate s = start;
        while (!s.isAfter(end)) {
            LocalDate e = switch (granularity) {
                case "day" -> s;
                case "week" -> s.plusDays(6);
                default -> s.withDayOfMonth(s.lengthOfMonth());
            };
            if (e.isAfter(end)) {
                e = end;
            }
            out.add(new LocalDate[] {s, e});
            s = e.plusDays(1);
        }
        return out;
    }

    // ---------------------------------------------------------------- funnel

    /** The expected funnel body, without dataCompleteUntil. */
    public ObjectNode funnel(String account, LocalDate start, LocalDate end, String channel, String source, ZoneId zone) {
        List<Fact> mine = facts.stream().filter(f -> f.account().equals(account)).toList();
        long[] counts = new long[STAGES.size()];
        for (int i = 0; i < STAGES.size(); i++) {
            String type = STAGES.get(i)[1];
            Set<String> entities = new HashSet<>();
            for (Fact f : mine) {
                if (!f.e().type.equals(type) || !within(f.e(), zone, start, end)) {
                    continue;
                }
                if (channel != null && !channel.equals(resolvedChannel(mine, f, true))) {
                    continue;
                }
                String entity = switch (type) {
                    case "visitor.session_started" -> f.e().visitorId;
                    case "conversation.started" -> f.e().conversationId;
                    default -> f.e().leadId;
                };
                if (source != null && !sourcesOf(mine, type, entity).contains(source)) {
                    continue;
                }
                entities.add(entity);
            }
            counts[i] = entities.size();
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("period", period(start, end));
        ArrayNode stages = body.putArray("stages");
        int worst = -1;
        for (int i = 0; i < counts.length; i++) {
            ObjectNode s = stages.addObject().put("name", STAGES.get(i)[0]).put("count", counts[i]);
            if (i + 1 < counts.length) {
                s.put("conversionToNext", rate(counts[i + 1], counts[i], 3));
                if (worst < 0 || counts[i] - counts[i + 1] > counts[worst] - counts[worst + 1]) {
                    worst = i;
                }
            } else {
                s.putNull("conversionToNext");
            }
        }
        body.put("overallConversion", rate(counts[counts.length - 1], counts[0], 5));
        boolean allZero = java.util.Arrays.stream(counts).allMatch(c -> c == 0);
        body.put("topDropoffStage", allZero ? null : STAGES.get(worst)[0] + " -> " + STAGES.get(worst + 1)[0]);
        return body;
    }

    /** Own/enriched channel; else the conversation start's; else the visitor session's; else (lead stages) the lead's creation's. */
    private static String resolvedChannel(List<Fact> mine, Fact f, boolean viaLead) {
        if (f.channel() != null) {
            return f.channel();
        }
        String c = firstChannel(mine, x -> x.e().type.equals("conversation.started") && f.e().conversationId != null
                && f.e().conversationId.equals(x.e().conversationId));
        if (c == null) {
            c = firstChannel(mine, x -> x.e().type.equals("visitor.session_started") && f.e().visitorId != null
                    && f.e().visitorId.equals(x.e().visitorId));
        }
        if (c == null && viaLead && LEAD_STAGE_TYPES.contains(f.e().type)) {
            for (Fact x : mine) {
                if (x.e().type.equals("lead.created") && x.e().leadId.equals(f.e().leadId)) {
                    c = resolvedChannel(mine, x, false);
                    if (c != null) {
                        break;
                    }
                }
            }
        }
        return c;
    }

    private static String firstChannel(List<Fact> mine, Predicate<Fact> which) {
        return mine.stream().filter(which).filter(x -> x.channel() != null)
                .min(Comparator.comparingLong(x -> x.e().occurredMs)).map(Fact::channel).orElse(null);
    }

    private static Set<String> sourcesOf(List<Fact> mine, String stageType, String entity) {
        Map<String, String> leadSource = new HashMap<>();
        for (Fact f : mine) {
            if (f.e().type.equals("lead.created") && f.e().source != null) {
                leadSource.put(f.e().leadId, f.e().source);
            }
        }
        Set<String> sources = new HashSet<>();
        if (LEAD_STAGE_TYPES.contains(stageType)) {
            if (leadSource.containsKey(entity)) {
                sources.add(leadSource.get(entity));
            }
            return sources;
        }
        boolean visitor = stageType.equals("visitor.session_started");
        for (Fact f : mine) {
            String id = visitor ? f.e().visitorId : f.e().conversationId;
            if (entity.equals(id) && f.leadId() != null && leadSource.containsKey(f.leadId())) {
                sources.add(leadSource.get(f.leadId()));
            }
        }
        return sources;
    }

    // ---------------------------------------------------------------- analytics report

    /**
     * What the analytics report says about a bucket (docs/exports.md, "Analytics report"): the
     * funnel's counts of visitors, conversations, leads created and qualified, and the median AI
     * response time and mean engagement score (null without any), within the segment.
     */
    public record ReportBucket(LocalDate start, long visitors, long conversations, long leads, long qualified,
                               BigDecimal medianResponseMs, BigDecimal engagementScore) {
    }

    /** The expected rows of the analytics report, one per bucket of the period; {@code channel}, {@code source} may be null. */
    public List<ReportBucket> report(String account, LocalDate start, LocalDate end, String granularity, String channel, String source,
            ZoneId zone) {
        List<ReportBucket> out = new ArrayList<>();
        for (LocalDate[] b : buckets(start, end, granularity)) {
            out.add(reportBucket(account, b[0], b[1], channel, source, zone));
        }
        return out;
    }

    /** The expected figures of the report over the whole period. */
    public ReportBucket reportBucket(String account, LocalDate start, LocalDate end, String channel, String source, ZoneId zone) {
        JsonNode stages = funnel(account, start, end, channel, source, zone).get("stages");
        List<Fact> mine = facts.stream().filter(f -> f.account().equals(account)).toList();
        Map<String, String> leadSource = new HashMap<>();
        mine.stream().filter(f -> f.e().type.equals("lead.created") && f.e().source != null).forEach(f -> leadSource.put(f.e().leadId, f.e().source));
        List<Double> times = new ArrayList<>();
        BigDecimal engagement = BigDecimal.ZERO;
        long scored = 0;
        for (Fact f : mine) {
            Event e = f.e();
            if (!within(e, zone, start, end)
                    || (channel != null && !channel.equals(resolvedChannel(mine, f, false)))
                    || (source != null && (f.leadId() == null || !source.equals(leadSource.get(f.leadId()))))) {
                continue;
            }
            if (e.type.equals("message.sent") && "ai".equals(e.sender) && e.responseTimeMs != null) {
                times.add(e.responseTimeMs);
            } else if (e.type.equals("conversation.ended") && e.engagementScore != null) {
                engagement = engagement.add(BigDecimal.valueOf(e.engagementScore));
                scored++;
            }
        }
        times.sort(null);
        int n = times.size();
        BigDecimal median = n == 0 ? null : n % 2 == 1 ? BigDecimal.valueOf(times.get(n / 2))
                : BigDecimal.valueOf(times.get(n / 2 - 1)).add(BigDecimal.valueOf(times.get(n / 2))).divide(BigDecimal.valueOf(2));
        return new ReportBucket(start, stages.get(0).get("count").asLong(), stages.get(1).get("count").asLong(),
                stages.get(2).get("count").asLong(), stages.get(3).get("count").asLong(), median,
                scored == 0 ? null : engagement.divide(BigDecimal.valueOf(scored), 10, RoundingMode.HALF_UP));
    }

    // ---------------------------------------------------------------- activity

    /** An expected feed item; {@code description} is null when the event had none (the pipeline writes one). */
    public record FeedItem(String id, String type, String leadId, String conversationId, String description, JsonNode metadata, String occurredAt) {
    }

    /** The whole expected feed for the filters, newest first; the rows are the pipeline oracle's. */
    public List<FeedItem> activity(String account, long fromMs, long untilMs, Set<String> types, String leadId) {
        List<ReferenceModel.ActivityRow> matching = new ArrayList<>();
        for (ReferenceModel.ActivityRow row : outcome.activity()) {
            if (row.accountId().equals(account) && row.occurredMs() >= fromMs && row.occurredMs() < untilMs
                    && (types == null || types.contains(row.type())) && (leadId == null || leadId.equals(row.leadId()))) {
                matching.add(row);
            }
        }
        matching.sort(Comparator.comparingLong(ReferenceModel.ActivityRow::occurredMs).thenComparing(ReferenceModel.ActivityRow::id).reversed());
        DateTimeFormatter iso = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
        List<FeedItem> items = new ArrayList<>();
        for (ReferenceModel.ActivityRow row : matching) {
            String description = byId.get(account + "/" + row.id()).description;
            items.add(new FeedItem(row.id(), row.type(), row.leadId(), row.conversationId(), description, row.metadata(),
                    iso.format(Instant.ofEpochMilli(row.occurredMs()))));
        }
        return items;
    }

    /** Every admitted id of an account, for checks that no other account's rows leak. */
    public Set<String> eventIds(String account) {
        Set<String> ids = new HashSet<>();
        facts.stream().filter(f -> f.account().equals(account)).forEach(f -> ids.add(f.e().eventId));
        return ids;
    }

    /** A lead of the account with at least {@code min} feed items, for leadId filters. */
    public String busyLead(String account, int min) {
        Map<String, Integer> n = new HashMap<>();
        for (ReferenceModel.ActivityRow row : outcome.activity()) {
            if (row.accountId().equals(account) && row.leadId() != null) {
                n.merge(row.leadId(), 1, Integer::sum);
            }
        }
        return n.entrySet().stream().filter(x -> x.getValue() >= min).map(Map.Entry::getKey).sorted().findFirst().orElseThrow();
    }

    // ---------------------------------------------------------------- shared

    private static boolean within(Event e, ZoneId zone, LocalDate from, LocalDate to) {
        LocalDate day = Instant.ofEpochMilli(e.occurredMs).atZone(zone).toLocalDate();
        return !day.isBefore(from) && !day.isAfter(to);
    }

    private static ObjectNode period(LocalDate start, LocalDate end) {
        return JSON.createObjectNode().put("startDate", start.toString()).put("endDate", end.toString());
    }

    private static BigDecimal rate(long part, long whole, int places) {
        return whole == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), places, RoundingMode.HALF_UP);
    }

    private static BigDecimal mean(BigDecimal sum, long count) {
        return count == 0 ? null : sum.divide(BigDecimal.valueOf(count), 1, RoundingMode.HALF_UP);
    }
}
