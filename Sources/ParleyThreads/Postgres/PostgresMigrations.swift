#if PostgreSQL
internal import PostgresNIO

/// The schema of a ``PostgresDatabase``, one migration at a time: the same tables, columns and
/// rules as the SQLite schema (`ParleyMigrations.swift`), in PostgreSQL's types.
///
/// Append new migrations at the end, and never edit or reorder one that has shipped: the
/// `parley_migrations` table lists the identifiers a database has run. Identifiers are `uuid`, except
/// events, glossary changes and memory history lines, whose ids only grow; times are Unix seconds on
/// the wall clock, as `double precision`, so values read back exactly as the SQLite store's do.
/// `messages`, `leads`, `jobs` and `memory_entries` have a `position` column that keeps insertion
/// order, where SQLite uses the row id.
enum PostgresMigrations {
    /// Every migration, in order: an identifier and its statements.
    static let migrations: [(identifier: String, statements: [String])] = [
        (
            "v1-translation-cache",
            [
                """
                CREATE TABLE translation_cache (
                    digest text PRIMARY KEY,
                    value text NOT NULL,
                    backend text NOT NULL,
                    source text NOT NULL,
                    target text NOT NULL,
                    glossary_version text,
                    protection text NOT NULL,
                    formality text,
                    bytes bigint NOT NULL,
                    created_at double precision NOT NULL,
                    accessed_at double precision NOT NULL,
                    expires_at double precision)
                """,
                "CREATE INDEX translation_cache_accessed_at ON translation_cache (accessed_at)",
                "CREATE INDEX translation_cache_expires_at ON translation_cache (expires_at) WHERE expires_at IS NOT NULL",
            ]
        ),
        (
            "v2-threads",
            [
                """
                CREATE TABLE reps (
                    id uuid PRIMARY KEY,
                    name text NOT NULL,
                    email text NOT NULL,
                    role text NOT NULL,
                    created_at double precision NOT NULL)
                """,
                // Unique regardless of case, as SQLite's NOCASE.
                "CREATE UNIQUE INDEX reps_email ON reps (lower(email))",
                """
                CREATE TABLE business_numbers (
                    id uuid PRIMARY KEY,
                    phone text NOT NULL UNIQUE,
                    rep_id uuid NOT NULL REFERENCES reps ON DELETE RESTRICT,
                    created_at double precision NOT NULL)
                """,
                "CREATE INDEX business_numbers_rep_id ON business_numbers (rep_id)",
                """
                CREATE TABLE contacts (
                    id uuid PRIMARY KEY,
                    phone text NOT NULL UNIQUE,
                    name text,
                    name_folded text NOT NULL DEFAULT '',
                    preferred_language text,
                    language_source text,
                    created_at double precision NOT NULL)
                """,
                "CREATE INDEX contacts_name_folded ON contacts (name_folded)",
                """
                CREATE TABLE conversations (
                    id uuid PRIMARY KEY,
                    number_id uuid NOT NULL REFERENCES business_numbers ON DELETE RESTRICT,
                    contact_id uuid NOT NULL REFERENCES contacts ON DELETE RESTRICT,
                    last_message_at double precision,
                    activity_at double precision NOT NULL,
                    unread_count integer NOT NULL DEFAULT 0,
                    created_at double precision NOT NULL,
                    UNIQUE (number_id, contact_id))
                """,
                "CREATE INDEX conversations_contact_id ON conversations (contact_id)",
                "CREATE INDEX conversations_number_activity ON conversations (number_id, activity_at)",
                """
                CREATE TABLE messages (
                    id uuid PRIMARY KEY,
                    position bigint GENERATED ALWAYS AS IDENTITY,
                    conversation_id uuid NOT NULL REFERENCES conversations ON DELETE CASCADE,
                    sequence bigint NOT NULL,
                    direction text NOT NULL,
                    original text NOT NULL,
                    detected_language text,
                    confidence double precision,
                    shown_text text NOT NULL,
                    sent_text text,
                    translation_status text NOT NULL,
                    translation_error text,
                    provenance text,
                    delivery_status text NOT NULL,
                    provider_message_id text,
                    lead_id uuid,
                    created_at double precision NOT NULL,
                    updated_at double precision NOT NULL,
                    UNIQUE (conversation_id, sequence))
                """,
                // A provider's webhook may come twice, even at once: the second insert conflicts here.
                """
                CREATE UNIQUE INDEX messages_provider_message_id ON messages (provider_message_id)
                    WHERE provider_message_id IS NOT NULL
                """,
                """
                CREATE INDEX messages_pending_translation ON messages (created_at, position)
                    WHERE translation_status = 'pending'
                """,
                """
                CREATE TABLE templates (
                    id uuid PRIMARY KEY,
                    rep_id uuid REFERENCES reps ON DELETE CASCADE,
                    name text NOT NULL,
                    text text NOT NULL,
                    created_at double precision NOT NULL,
                    updated_at double precision NOT NULL)
                """,
                "CREATE INDEX templates_rep_id ON templates (rep_id)",
                """
                CREATE TABLE leads (
                    id uuid PRIMARY KEY,
                    position bigint GENERATED ALWAYS AS IDENTITY,
                    contact_id uuid NOT NULL REFERENCES contacts ON DELETE CASCADE,
                    conversation_id uuid NOT NULL REFERENCES conversations ON DELETE CASCADE,
                    source text NOT NULL,
                    transcript text NOT NULL,
                    created_at double precision NOT NULL)
                """,
                "CREATE INDEX leads_contact_id ON leads (contact_id)",
                // An identity is never reused, so Last-Event-ID stays meaningful; the store commits
                // events in id order (see PostgresThreadStore.write).
                """
                CREATE TABLE thread_events (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    conversation_id uuid NOT NULL,
                    kind text NOT NULL,
                    message_id uuid,
                    at double precision NOT NULL)
                """,
                "CREATE INDEX thread_events_conversation ON thread_events (conversation_id, id)",
                """
                CREATE TABLE glossary_changes (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    industry text NOT NULL,
                    version text NOT NULL,
                    author text NOT NULL,
                    action text NOT NULL,
                    at double precision NOT NULL,
                    detail text NOT NULL)
                """,
                "CREATE INDEX glossary_changes_industry ON glossary_changes (industry, id)",
            ]
        ),
        (
            "v3-lead-pickup",
            [
                """
                ALTER TABLE leads
                    ADD COLUMN picked_up_by uuid REFERENCES reps ON DELETE SET NULL,
                    ADD COLUMN picked_up_at double precision
                """,
                "CREATE INDEX leads_conversation_id ON leads (conversation_id)",
            ]
        ),
        (
            "v4-web-sessions",
            [
                """
                CREATE TABLE web_sessions (
                    digest text PRIMARY KEY,
                    person_id uuid NOT NULL REFERENCES reps ON DELETE CASCADE,
                    csrf_token text NOT NULL,
                    created_at double precision NOT NULL,
                    last_seen double precision NOT NULL)
                """,
                "CREATE INDEX web_sessions_person_id ON web_sessions (person_id)",
                "CREATE INDEX web_sessions_last_seen ON web_sessions (last_seen)",
            ]
        ),
        (
            "v5-jobs-consent",
            [
                """
                ALTER TABLE contacts
                    ADD COLUMN consent_state text,
                    ADD COLUMN consent_at double precision,
                    ADD COLUMN consent_message_id uuid,
                    ADD COLUMN consent_keyword text
                """,
                """
                CREATE TABLE jobs (
                    id uuid PRIMARY KEY,
                    position bigint GENERATED ALWAYS AS IDENTITY,
                    kind text NOT NULL,
                    subject_id uuid NOT NULL,
                    state text NOT NULL,
                    attempts integer NOT NULL DEFAULT 0,
                    run_after double precision NOT NULL,
                    lease_owner text,
                    lease_expires_at double precision,
                    last_error text,
                    created_at double precision NOT NULL,
                    updated_at double precision NOT NULL)
                """,
                "CREATE INDEX jobs_claim ON jobs (state, run_after)",
                "CREATE INDEX jobs_subject ON jobs (subject_id)",
                // Queueing twice, even at once, leaves one unfinished job: the second insert conflicts here.
                """
                CREATE UNIQUE INDEX jobs_unfinished ON jobs (kind, subject_id)
                    WHERE state IN ('queued', 'running')
                """,
                """
                CREATE TABLE previews (
                    token text PRIMARY KEY,
                    conversation_id uuid NOT NULL REFERENCES conversations ON DELETE CASCADE,
                    payload text NOT NULL,
                    created_at double precision NOT NULL,
                    expires_at double precision NOT NULL)
                """,
                "CREATE INDEX previews_conversation_id ON previews (conversation_id)",
                "CREATE INDEX previews_expires_at ON previews (expires_at)",
            ]
        ),
        (
            "v6-contact-formality",
            [
                "ALTER TABLE contacts ADD COLUMN formality text",
            ]
        ),
        (
            "v7-translation-memory",
            [
                """
                CREATE TABLE memory_entries (
                    id uuid PRIMARY KEY,
                    position bigint GENERATED ALWAYS AS IDENTITY,
                    industry text NOT NULL,
                    source_language text NOT NULL,
                    target_language text NOT NULL,
                    source text NOT NULL,
                    source_key text NOT NULL,
                    target text NOT NULL,
                    status text NOT NULL,
                    origin text NOT NULL,
                    note text,
                    machine_target text,
                    message_id uuid,
                    external_id text,
                    created_by text NOT NULL,
                    created_at double precision NOT NULL,
                    reviewed_by text,
                    reviewed_at double precision,
                    updated_at double precision NOT NULL)
                """,
                "CREATE INDEX memory_entries_industry_status ON memory_entries (industry, status, updated_at)",
                """
                CREATE INDEX memory_entries_lookup
                    ON memory_entries (industry, source_language, target_language, source_key, status)
                """,
                """
                CREATE TABLE memory_history (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    entry_id uuid NOT NULL REFERENCES memory_entries ON DELETE CASCADE,
                    industry text NOT NULL,
                    at double precision NOT NULL,
                    by text NOT NULL,
                    action text NOT NULL,
                    target text NOT NULL,
                    note text)
                """,
                "CREATE INDEX memory_history_entry ON memory_history (entry_id, id)",
                "CREATE INDEX memory_history_industry ON memory_history (industry, id)",
                """
                CREATE TABLE memory_revisions (
                    industry text PRIMARY KEY,
                    revision bigint NOT NULL)
                """,
            ]
        ),
        (
            "v8-team",
            [
                "ALTER TABLE reps ADD COLUMN deactivated_at double precision",
                """
                CREATE TABLE access_keys (
                    id uuid PRIMARY KEY,
                    digest text NOT NULL UNIQUE,
                    person_id uuid REFERENCES reps ON DELETE CASCADE,
                    label text NOT NULL,
                    hint text NOT NULL,
                    created_at double precision NOT NULL,
                    created_by text NOT NULL,
                    revoked_at double precision,
                    last_used_at double precision)
                """,
                "CREATE INDEX access_keys_person_id ON access_keys (person_id)",
            ]
        ),
        (
            "v9-inbox",
            [
                "ALTER TABLE messages ADD COLUMN sent_by uuid",
                "ALTER TABLE conversations ADD COLUMN state text NOT NULL DEFAULT 'open'",
                "CREATE INDEX conversations_number_state_activity ON conversations (number_id, state, activity_at)",
            ]
        ),
        (
            // Search: trigram indexes (pg_trgm) of the contacts' folded names and numbers, which LIKE
            // '%fragment%' uses for fragments of 3 characters or more. The extension is created when
            // the database lacks it (in `public` when there is one, so dropping Parley's schema never
            // drops it); where it cannot be, the migration stops with what to do, rather than leave
            // every search reading the whole table.
            "v10-search",
            [
                """
                DO $parley$
                BEGIN
                    -- Schemas of one database migrate at once (tests, several installs): one creates it.
                    PERFORM pg_advisory_xact_lock(hashtext('parley.pg_trgm'));
                    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
                        BEGIN
                            IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public') THEN
                                CREATE EXTENSION pg_trgm SCHEMA public;
                            ELSE
                                CREATE EXTENSION pg_trgm;
                            END IF;
                        EXCEPTION WHEN OTHERS THEN
                            RAISE EXCEPTION 'Parley indexes contact search with PostgreSQL''s pg_trgm extension and could not create it (%). '
                                'Install it on the server (Debian''s postgresql package ships it; elsewhere postgresql-contrib), or have '
                                'the database owner or a superuser run CREATE EXTENSION pg_trgm in this database; then start Parley again.',
                                SQLERRM;
                        END;
                    END IF;
                END
                $parley$
                """,
                // The operator class is named with the extension's schema, which need not be on the
                // search path.
                """
                DO $parley$
                DECLARE
                    trgm text := (
                        SELECT quote_ident(nspname) FROM pg_extension JOIN pg_namespace ON pg_namespace.oid = extnamespace
                        WHERE extname = 'pg_trgm');
                BEGIN
                    EXECUTE format('CREATE INDEX contacts_name_trgm ON contacts USING gin (name_folded %s.gin_trgm_ops)', trgm);
                    EXECUTE format('CREATE INDEX contacts_phone_trgm ON contacts USING gin (phone %s.gin_trgm_ops)', trgm);
                END
                $parley$
                """,
            ]
        ),
        (
            // State the replicas share: glossaries as last published, token buckets (sign-in
            // throttling), per-window request counts (API rate limits) and leases.
            "v11-shared-state",
            [
                """
                CREATE TABLE glossary_versions (
                    industry text PRIMARY KEY,
                    revision bigint NOT NULL,
                    version text NOT NULL,
                    document text NOT NULL,
                    author text NOT NULL,
                    action text NOT NULL,
                    updated_at double precision NOT NULL)
                """,
                """
                CREATE TABLE shared_buckets (
                    key text PRIMARY KEY,
                    tokens double precision NOT NULL,
                    allowed boolean NOT NULL,
                    updated_at double precision NOT NULL)
                """,
                "CREATE INDEX shared_buckets_updated_at ON shared_buckets (updated_at)",
                """
                CREATE TABLE rate_windows (
                    key text NOT NULL,
                    window_start double precision NOT NULL,
                    requests bigint NOT NULL,
                    PRIMARY KEY (key, window_start))
                """,
                "CREATE INDEX rate_windows_window_start ON rate_windows (window_start)",
                """
                CREATE TABLE shared_leases (
                    name text PRIMARY KEY,
                    holder text NOT NULL,
                    expires_at double precision NOT NULL)
                """,
            ]
        ),
    ]

    /// Runs the migrations the database has not run, inside the caller's transaction, holding a lock
    /// so replicas that start together take turns.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        // A replica waits for another's migrations however long they take (an index on a big
        // table), and a migration's own statements run to their end.
        try await connection.answered("SET LOCAL lock_timeout = 0", logger: logger)
        try await connection.answered("SET LOCAL idle_in_transaction_session_timeout = 0", logger: logger)
        try await connection.answered(
            "SELECT pg_advisory_xact_lock(hashtext(COALESCE(current_schema(), '') || '.parley_migrations'))",
            logger: logger
        )
        try await connection.answered(
            """
            CREATE TABLE IF NOT EXISTS parley_migrations (
                identifier text PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now())
            """,
            logger: logger
        )
        var applied: Set<String> = []
        for try await identifier in try await connection.answered(
            "SELECT identifier FROM parley_migrations",
            logger: logger
        ).decode(String.self) {
            applied.insert(identifier)
        }
        for migration in migrations where !applied.contains(migration.identifier) {
            for statement in migration.statements {
                try await connection.answered(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await connection.answered(
                "INSERT INTO parley_migrations (identifier) VALUES (\(migration.identifier))",
                logger: logger
            )
            logger.info("Applied a PostgreSQL migration.", metadata: ["postgres.migration": "\(migration.identifier)"])
        }
    }
}
#endif
