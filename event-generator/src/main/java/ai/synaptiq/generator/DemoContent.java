package ai.synaptiq.generator;

/**
 * The words the demo traffic is made of: people (some with non-ASCII names), companies (some with
 * commas and quotes, the cases CSV exports must survive), pages, chat lines and lead attributes.
 */
final class DemoContent {
    record Person(String name, String emailLocal) {
    }

    record Company(String name, String domain) {
    }

    static final Person[] PEOPLE = {
        new Person("Ana Souza", "ana.souza"),
        new Person("Zoë Ångström", "zoe.angstrom"),
        new Person("José Álvarez", "jose.alvarez"),
        new Person("Łukasz Żółkiewski", "lukasz.z"),
        new Person("Søren Kierkegård", "soren"),
        new Person("Nguyễn Thị Hà", "ha.nguyen"),
        new Person("李雷", "li.lei"),
        new Person("Ольга Петрова", "olga.petrova"),
        new Person("Aoife Ní Bhraonáin", "aoife"),
        new Person("François Dupont", "f.dupont"),
        new Person("Ömer Çelik", "omer.celik"),
        new Person("Priya Raman", "priya.raman"),
        new Person("John O'Neil", "john.oneil"),
        new Person("Mary-Jane Watson", "mj.watson"),
        new Person("Kenji Watanabe", "kenji.w"),
        new Person("Fatima Al-Sayed", "fatima.alsayed"),
        new Person("David Kim", "david.kim"),
        new Person("Emma Johnson", "emma.j"),
        new Person("Lucas Müller", "lucas.mueller"),
        new Person("Chloé Bernard", "chloe.bernard"),
    };

    static final Company[] COMPANIES = {
        new Company("Acme, Inc.", "acme.example"),
        new Company("O'Brien & Sons", "obrien-sons.example"),
        new Company("\"Blue Sky\" Analytics", "bluesky-analytics.example"),
        new Company("Smith, Jones & Partners LLP", "smithjones.example"),
        new Company("Müller Maschinenbau GmbH", "mueller-mb.example"),
        new Company("Société Générale d'Études", "sge.example"),
        new Company("北京云科技有限公司", "bjcloud.example"),
        new Company("Globex Corporation", "globex.example"),
        new Company("Initech", "initech.example"),
        new Company("Hooli", "hooli.example"),
        new Company("Stark Industries", "stark.example"),
        new Company("Nakatomi Trading Co.", "nakatomi.example"),
        new Company("Soylent \"Good Food\", Ltd.", "soylent.example"),
        new Company("=cmd|' /C calc'!A0 Holdings", "formula.example"),
        new Company("Wayne Enterprises", "wayne.example"),
        new Company("Umbrella Corp.", "umbrella.example"),
    };

    static final String SITE = "https://www.synaptiq-demo.example";
    static final String[] PAGES = {
        "/", "/pricing", "/pricing#enterprise", "/features", "/features/lead-scoring", "/integrations/slack",
        "/integrations/whatsapp", "/blog/ai-sales-assistant", "/blog/how-to-qualify-leads?utm_source=newsletter",
        "/demo", "/docs/api", "/customers", "/security",
    };
    static final String[] REFERRERS = {
        "https://www.google.com/", "https://www.linkedin.com/", "https://news.ycombinator.com/",
        "https://www.bing.com/", "https://duckduckgo.com/", "https://twitter.com/", "https://www.g2.com/products/synaptiq",
    };
    static final String[] AI_LINES = {
        "Hi there! 👋 How can I help you today?",
        "Great question. Our Pro plan includes unlimited conversations and lead scoring.",
        "Yes, we integrate with Slack, WhatsApp and any CRM through our API.",
        "Could you share your work email so I can send you the details?",
        "Thanks! Would you like to book a demo with our team?",
        "Enterprise plans start at 50 seats and include SSO and a dedicated manager.",
        "I can answer that: data is stored in the EU and encrypted at rest.",
        "Here is the link to our pricing page: " + SITE + "/pricing",
    };
    static final String[] VISITOR_LINES = {
        "Hi, what does the Pro plan cost?",
        "Do you integrate with HubSpot?",
        "We are a team of ~40 reps, is there a volume discount?",
        "Can I talk to someone about \"enterprise\" pricing?",
        "How does lead scoring work, exactly?",
        "Is there a free trial?",
        "Sure, it's on the form, thanks.",
        "Ça marche, merci !",
        "We need SOC 2, do you have it?",
        "ok",
    };
    static final String[] AGENT_LINES = {
        "Hi, this is a human from the sales team, happy to help.",
        "Let me check that for you.",
        "I've sent you a quote by email.",
        "I can set up a call with our solutions engineer.",
    };
    static final String[] HANDOFF_REASONS = {
        "visitor asked for a human", "pricing negotiation", "technical question", "security review", "billing issue",
    };
    static final String[] AGENTS = {"Sam Carter", "Priya Nair", "Jonas Weber", "María López"};
    static final String[] OWNERS = {"sam.carter", "priya.nair", "jonas.weber", "maria.lopez"};
    static final String[] TAGS = {
        "enterprise", "smb", "hot", "pricing", "demo-requested", "integration:slack", "eu", "apac", "trial",
    };
    static final String[] PLANS = {"starter", "pro", "enterprise"};
    static final String[] CRMS = {"hubspot", "salesforce", "pipedrive", "none"};
    static final String[] REGIONS = {"EMEA", "NA", "APAC", "LATAM"};
    static final String[] USE_CASES = {"support, sales", "inbound qualification", "after-hours chat", "\"24/7\" coverage"};
    static final String[] INTENTS = {
        "enterprise_pricing", "volume_discount", "security_review", "annual_contract", "integration_request", "demo_request",
    };
    static final String[] INTENT_DESCRIPTIONS = {
        "High-value buying intent detected: visitor requested enterprise pricing.",
        "High-value buying intent detected: visitor asked about a multi-year contract.",
        "High-value buying intent detected: visitor asked for a security review.",
    };

    private DemoContent() {
    }
}
