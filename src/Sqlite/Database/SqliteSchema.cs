namespace ChatHub.Sqlite.Database;

/// <summary>
/// The tables (src/Sqlite/README.md has the table of what each holds). Times that are compared are UTC ticks; rows
/// with an expiry carry <c>expires_at</c>, are ignored by reads from then on and deleted by the sweep. Created when
/// missing; <c>meta.schema_version</c> says which version a file has, and <see cref="Migrations"/> bring an older file
/// up to date before that (in the same transaction). A table that is only added (<c>handoffs</c>, issue 19; the <c>broadcast*</c> tables, issue 23; <c>conversation_refs</c>; <c>memories</c>, <c>memory_settings</c>, <c>summaries</c>, <c>usage</c> and <c>usage_notices</c>, issue 22) needs no new
/// version: <see cref="Create"/> runs at every open and creates it in an existing file.
/// Retention (<c>Retention:*</c>, issue 15): identities carry the time they were last seen (<c>seen_at</c>), routes
/// their <c>at_ticks</c>, audit rows theirs; reads ignore rows older than the configured period and
/// <see cref="RetentionSweeps"/> delete them, so a shorter period applies to the rows already there too.
/// </summary>
internal static class SqliteSchema
{
    public const int Version = 2;

    /// <summary>
    /// Version 1 → 2 (<c>$p0</c>: now): identities and audit rows count as seen / written at the upgrade (version 1 kept no
    /// such time); link codes live minutes and change shape (found by a hash of the whole code, one per issuer), so the
    /// table is dropped and created anew.
    /// </summary>
    public static readonly string[] Migrations =
    [
        "ALTER TABLE identities ADD COLUMN seen_at INTEGER NOT NULL DEFAULT 0",
        "UPDATE identities SET seen_at = $p0",
        "ALTER TABLE audit ADD COLUMN at_ticks INTEGER NOT NULL DEFAULT 0",
        "UPDATE audit SET at_ticks = $p0",
        "DROP TABLE IF EXISTS link_codes",
    ];

    public const string Create = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS identities (
            channel TEXT NOT NULL, user_id TEXT NOT NULL, hub_user TEXT NOT NULL, seen_at INTEGER NOT NULL,
            PRIMARY KEY (channel, user_id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS identities_by_user ON identities (hub_user);
        CREATE INDEX IF NOT EXISTS identities_by_seen ON identities (seen_at);
        CREATE TABLE IF NOT EXISTS routes (
            hub_user TEXT NOT NULL, channel TEXT NOT NULL, at_ticks INTEGER NOT NULL, entry TEXT NOT NULL,
            PRIMARY KEY (hub_user, channel)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS routes_by_time ON routes (at_ticks);
        CREATE INDEX IF NOT EXISTS routes_by_channel ON routes (channel, hub_user);
        CREATE TABLE IF NOT EXISTS conversation_refs (
            conversation TEXT PRIMARY KEY, reference TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS conversation_refs_by_expiry ON conversation_refs (expires_at);
        CREATE TABLE IF NOT EXISTS sessions (
            hub_user TEXT PRIMARY KEY, next_seq INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions (expires_at);
        CREATE TABLE IF NOT EXISTS session_turns (
            hub_user TEXT NOT NULL, seq INTEGER NOT NULL, at_ticks INTEGER NOT NULL, turn TEXT NOT NULL,
            PRIMARY KEY (hub_user, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS idempotency (
            key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS idempotency_by_expiry ON idempotency (expires_at);
        CREATE TABLE IF NOT EXISTS counters (
            key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS link_codes (
            selector TEXT PRIMARY KEY, issuer TEXT NOT NULL, code TEXT NOT NULL, used INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS link_codes_by_issuer ON link_codes (issuer);
        CREATE TABLE IF NOT EXISTS audit (
            id INTEGER PRIMARY KEY, hub_user TEXT NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL, details TEXT NOT NULL,
            at_ticks INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS audit_by_user ON audit (hub_user, id);
        CREATE INDEX IF NOT EXISTS audit_by_time ON audit (at_ticks);
        CREATE TABLE IF NOT EXISTS webchat_conversations (
            conversation TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, replies_expire_at INTEGER NOT NULL,
            seq_expires_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS webchat_replies (
            conversation TEXT NOT NULL, seq INTEGER NOT NULL, reply_id TEXT NOT NULL, reply TEXT NOT NULL,
            PRIMARY KEY (conversation, seq)) WITHOUT ROWID;
        CREATE UNIQUE INDEX IF NOT EXISTS webchat_replies_by_id ON webchat_replies (conversation, reply_id);
        CREATE TABLE IF NOT EXISTS bus_messages (
            id INTEGER PRIMARY KEY, topic TEXT NOT NULL, key TEXT NOT NULL, payload BLOB NOT NULL,
            published_at INTEGER NOT NULL, headers TEXT);
        CREATE TABLE IF NOT EXISTS handoffs (
            id TEXT PRIMARY KEY, hub_user TEXT NOT NULL, ticket TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE UNIQUE INDEX IF NOT EXISTS handoffs_by_user ON handoffs (hub_user);
        CREATE TABLE IF NOT EXISTS broadcasts (
            id TEXT PRIMARY KEY, idempotency_key TEXT, status INTEGER NOT NULL, created_at INTEGER NOT NULL, broadcast TEXT NOT NULL) WITHOUT ROWID;
        CREATE UNIQUE INDEX IF NOT EXISTS broadcasts_by_key ON broadcasts (idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE TABLE IF NOT EXISTS broadcast_recipients (
            id INTEGER PRIMARY KEY, broadcast TEXT NOT NULL, run INTEGER NOT NULL, key TEXT NOT NULL, state INTEGER NOT NULL,
            hub_user TEXT NOT NULL, conversation TEXT, reason TEXT);
        CREATE UNIQUE INDEX IF NOT EXISTS broadcast_recipients_by_key ON broadcast_recipients (broadcast, run, key);
        CREATE INDEX IF NOT EXISTS broadcast_recipients_by_state ON broadcast_recipients (broadcast, run, state, id);
        CREATE INDEX IF NOT EXISTS broadcast_recipients_by_person ON broadcast_recipients (key);
        CREATE TABLE IF NOT EXISTS broadcast_preferences (hub_user TEXT PRIMARY KEY, preference INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS broadcast_preferences_by_value ON broadcast_preferences (preference, hub_user);
        CREATE TABLE IF NOT EXISTS broadcast_lease (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS memories (
            hub_user TEXT NOT NULL, id TEXT NOT NULL, saved_at INTEGER NOT NULL, text TEXT NOT NULL,
            PRIMARY KEY (hub_user, id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS memories_by_time ON memories (saved_at);
        CREATE TABLE IF NOT EXISTS memory_settings (hub_user TEXT PRIMARY KEY, set_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS summaries (
            hub_user TEXT PRIMARY KEY, text TEXT NOT NULL, up_to INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS summaries_by_expiry ON summaries (expires_at);
        CREATE TABLE IF NOT EXISTS usage (
            hub_user TEXT NOT NULL, day INTEGER NOT NULL, platform TEXT NOT NULL, bot TEXT NOT NULL,
            messages INTEGER NOT NULL, cache_hits INTEGER NOT NULL, knowledge_hits INTEGER NOT NULL, model_calls INTEGER NOT NULL,
            prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, uncounted_calls INTEGER NOT NULL,
            model_ms INTEGER NOT NULL, budget_refusals INTEGER NOT NULL,
            PRIMARY KEY (hub_user, day, platform, bot)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS usage_by_day ON usage (day);
        CREATE TABLE IF NOT EXISTS usage_notices (
            hub_user TEXT NOT NULL, period TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (hub_user, period)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS usage_notices_by_expiry ON usage_notices (expires_at);
        """;

    /// <summary>Per table with an expiry: the statement deleting up to <c>$p1</c> rows expired before <c>$p0</c>.</summary>
    public static readonly string[] Sweeps =
    [
        "DELETE FROM idempotency WHERE key IN (SELECT key FROM idempotency WHERE expires_at <= $p0 LIMIT $p1)",
        "DELETE FROM counters WHERE key IN (SELECT key FROM counters WHERE expires_at <= $p0 LIMIT $p1)",
        "DELETE FROM link_codes WHERE selector IN (SELECT selector FROM link_codes WHERE expires_at <= $p0 LIMIT $p1)",
        "DELETE FROM handoffs WHERE id IN (SELECT id FROM handoffs WHERE expires_at <= $p0 LIMIT $p1)",
        "DELETE FROM summaries WHERE hub_user IN (SELECT hub_user FROM summaries WHERE expires_at <= $p0 LIMIT $p1)",
        "DELETE FROM usage_notices WHERE (hub_user, period) IN (SELECT hub_user, period FROM usage_notices WHERE expires_at <= $p0 LIMIT $p1)",
        "DELETE FROM conversation_refs WHERE conversation IN (SELECT conversation FROM conversation_refs WHERE expires_at <= $p0 LIMIT $p1)",
        """
        DELETE FROM session_turns WHERE (hub_user, seq) IN (SELECT t.hub_user, t.seq FROM session_turns t
            JOIN sessions s ON s.hub_user = t.hub_user WHERE s.expires_at <= $p0 LIMIT $p1)
        """,
        """
        DELETE FROM sessions WHERE hub_user IN (SELECT s.hub_user FROM sessions s WHERE s.expires_at <= $p0
            AND NOT EXISTS (SELECT 1 FROM session_turns t WHERE t.hub_user = s.hub_user) LIMIT $p1)
        """,
        """
        DELETE FROM webchat_replies WHERE (conversation, seq) IN (SELECT r.conversation, r.seq FROM webchat_replies r
            JOIN webchat_conversations c ON c.conversation = r.conversation WHERE c.replies_expire_at <= $p0 LIMIT $p1)
        """,
        "DELETE FROM webchat_conversations WHERE conversation IN (SELECT conversation FROM webchat_conversations WHERE seq_expires_at <= $p0 LIMIT $p1)",
    ];

    /// <summary>
    /// Per table with a retention: the statement deleting up to <c>$p1</c> rows older than the cut-off <c>$p0</c> (UTC
    /// ticks) of its <see cref="RetentionKind"/>.
    /// </summary>
    public static readonly (string Sql, RetentionKind Kind)[] RetentionSweeps =
    [
        ("""
         DELETE FROM identities WHERE (channel, user_id) IN (SELECT channel, user_id FROM identities
             WHERE channel = 'webchat' AND seen_at <= $p0 LIMIT $p1)
         """, RetentionKind.WebChatIdentities),
        ("""
         DELETE FROM identities WHERE (channel, user_id) IN (SELECT channel, user_id FROM identities
             WHERE channel <> 'webchat' AND seen_at <= $p0 LIMIT $p1)
         """, RetentionKind.Identities),
        ("""
         DELETE FROM routes WHERE (hub_user, channel) IN (SELECT hub_user, channel FROM routes
             WHERE channel = 'webchat' AND at_ticks <= $p0 LIMIT $p1)
         """, RetentionKind.WebChatIdentities),
        ("""
         DELETE FROM routes WHERE (hub_user, channel) IN (SELECT hub_user, channel FROM routes
             WHERE channel <> 'webchat' AND at_ticks <= $p0 LIMIT $p1)
         """, RetentionKind.Identities),
        ("DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE at_ticks <= $p0 LIMIT $p1)", RetentionKind.Audit),
        ("DELETE FROM memories WHERE (hub_user, id) IN (SELECT hub_user, id FROM memories WHERE saved_at <= $p0 LIMIT $p1)", RetentionKind.Memories),
        ("DELETE FROM memory_settings WHERE hub_user IN (SELECT hub_user FROM memory_settings WHERE set_at <= $p0 LIMIT $p1)", RetentionKind.Memories),
    ];
}

/// <summary>Which <c>Retention</c> period a retention sweep applies.</summary>
internal enum RetentionKind
{
    Identities = 0,
    WebChatIdentities = 1,
    Audit = 2,
    Memories = 3,
}
