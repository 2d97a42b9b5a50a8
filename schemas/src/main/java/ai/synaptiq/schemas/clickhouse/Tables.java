package ai.synaptiq.schemas.clickhouse;

/** Fully qualified names of the tables the pipeline writes and the API reads. */
public final class Tables {
    public static final String EVENTS = Migrations.DATABASE + ".events";
    public static final String LEADS = Migrations.DATABASE + ".leads";
    public static final String CONVERSATIONS = Migrations.DATABASE + ".conversations";
    public static final String ACTIVITY = Migrations.DATABASE + ".activity";
    public static final String OVERVIEW_ROLLUP = Migrations.DATABASE + ".overview_rollup";
    public static final String DEAD_LETTERS = Migrations.DATABASE + ".dead_letters";
    public static final String PIPELINE_PROGRESS = Migrations.DATABASE + ".pipeline_progress";
    public static final String API_KEYS = Migrations.DATABASE + ".api_keys";
    /** When each account's rows last changed (migration 004): the API's cache version per account. */
    public static final String ACCOUNT_VERSIONS = Migrations.DATABASE + ".account_versions";
    /** Which conversations and visitors carry which channel, as id hashes, filled from events by ClickHouse (migration 008). */
    public static final String FUNNEL_CHANNELS = Migrations.DATABASE + ".funnel_channels";

    // Exports (migration 003).
    public static final String DASHBOARD_ANNOTATIONS = Migrations.DATABASE + ".dashboard_annotations";
    public static final String REPORT_BRANDING = Migrations.DATABASE + ".report_branding";
    public static final String EXPORT_AUDIT_LOG = Migrations.DATABASE + ".export_audit_log";
    public static final String EXPORT_FIELD_RESTRICTIONS = Migrations.DATABASE + ".export_field_restrictions";
    public static final String LEAD_ERASURES = Migrations.DATABASE + ".lead_erasures";
    public static final String NOTIFICATIONS = Migrations.DATABASE + ".notifications";
    public static final String EXPORT_SETTINGS = Migrations.DATABASE + ".export_settings";
    public static final String EXPORT_SCHEDULES = Migrations.DATABASE + ".export_schedules";
    public static final String EXPORT_RUNS = Migrations.DATABASE + ".export_runs";
    public static final String EXPORT_RUN_CLAIMS = Migrations.DATABASE + ".export_run_claims";
    public static final String EXPORT_FILES = Migrations.DATABASE + ".export_files";

    // Cloud storage integrations and alert channels (migration 005).
    public static final String EXPORT_INTEGRATIONS = Migrations.DATABASE + ".export_integrations";
    public static final String EXPORT_ALERT_CHANNELS = Migrations.DATABASE + ".export_alert_channels";

    private Tables() {
    }
}
