internal import GRDB

/// The schema of a ``ParleyDatabase``, one migration at a time.
///
/// Append new migrations at the end, and never edit or reorder one that has shipped: a file
/// remembers which identifiers it has run, and runs only the ones it has not. Table and column names
/// are snake_case; times are Unix seconds on the wall clock, as REAL.
enum ParleyMigrations {
    /// Every migration, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        // The translation cache's persistent tier (SQLiteTranslationCacheStore). One row per
        // TranslationCacheKey.digest; the key's fields beside it are for inspection only, and the
        // protected text is not kept.
        migrator.registerMigration("v1-translation-cache") { db in
            try db.create(table: "translation_cache") { t in
                t.primaryKey("digest", .text)
                t.column("value", .text).notNull()
                t.column("backend", .text).notNull()
                t.column("source", .text).notNull()
                t.column("target", .text).notNull()
                t.column("glossary_version", .text)
                t.column("protection", .text).notNull()
                t.column("formality", .text)
                t.column("bytes", .integer).notNull()
                t.column("created_at", .double).notNull()
                t.column("accessed_at", .double).notNull()
                t.column("expires_at", .double)
            }
            // Eviction takes the least recently used rows; the sweep takes the expired ones.
            try db.create(
                index: "translation_cache_accessed_at",
                on: "translation_cache",
                columns: ["accessed_at"],
                options: []
            )
            try db.create(
                index: "translation_cache_expires_at",
                on: "translation_cache",
                columns: ["expires_at"],
                options: [],
                condition: Column("expires_at") != nil
            )
        }

        // Reps, their business numbers, contacts, conversations and messages; templates, leads, the
        // event history that real-time streams resume from, and the glossary change log. Identifiers
        // are lowercase UUID text, except events and glossary changes, whose ids only grow.
        migrator.registerMigration("v2-threads") { db in
            try db.create(table: "reps") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("email", .text).notNull().unique().collate(.nocase)
                t.column("role", .text).notNull()
                t.column("created_at", .double).notNull()
            }
            try db.create(table: "business_numbers") { t in
                t.primaryKey("id", .text)
                t.column("phone", .text).notNull().unique()
                t.column("rep_id", .text).notNull().indexed().references("reps", onDelete: .restrict)
                t.column("created_at", .double).notNull()
            }
            try db.create(table: "contacts") { t in
                t.primaryKey("id", .text)
                t.column("phone", .text).notNull().unique()
                t.column("name", .text)
                // The name in lowercase without accents, for search.
                t.column("name_folded", .text).notNull().defaults(to: "").indexed()
                t.column("preferred_language", .text)
                t.column("language_source", .text)
                t.column("created_at", .double).notNull()
            }
            try db.create(table: "conversations") { t in
                t.primaryKey("id", .text)
                t.column("number_id", .text).notNull().references("business_numbers", onDelete: .restrict)
                t.column("contact_id", .text).notNull().indexed().references("contacts", onDelete: .restrict)
                t.column("last_message_at", .double)
                // last_message_at, or created_at before any message: what lists sort by.
                t.column("activity_at", .double).notNull()
                t.column("unread_count", .integer).notNull().defaults(to: 0)
                t.column("created_at", .double).notNull()
                t.uniqueKey(["number_id", "contact_id"])
            }
            try db.create(index: "conversations_number_activity", on: "conversations", columns: ["number_id", "activity_at"])
            try db.create(table: "messages") { t in
                t.primaryKey("id", .text)
                t.column("conversation_id", .text).notNull().references("conversations", onDelete: .cascade)
                t.column("sequence", .integer).notNull()
                t.column("direction", .text).notNull()
                t.column("original", .text).notNull()
                t.column("detected_language", .text)
                t.column("confidence", .double)
                t.column("shown_text", .text).notNull()
                t.column("sent_text", .text)
                t.column("translation_status", .text).notNull()
                t.column("translation_error", .text)
                t.column("provenance", .text)
                t.column("delivery_status", .text).notNull()
                t.column("provider_message_id", .text)
                t.column("lead_id", .text)
                t.column("created_at", .double).notNull()
                t.column("updated_at", .double).notNull()
                t.uniqueKey(["conversation_id", "sequence"])
            }
            // A provider's webhook may come twice, even at once: the second insert fails here.
            try db.create(
                index: "messages_provider_message_id",
                on: "messages",
                columns: ["provider_message_id"],
                options: .unique,
                condition: Column("provider_message_id") != nil
            )
            try db.create(
                index: "messages_pending_translation",
                on: "messages",
                columns: ["created_at"],
                condition: Column("translation_status") == "pending"
            )
            try db.create(table: "templates") { t in
                t.primaryKey("id", .text)
                t.column("rep_id", .text).indexed().references("reps", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("text", .text).notNull()
                t.column("created_at", .double).notNull()
                t.column("updated_at", .double).notNull()
            }
            try db.create(table: "leads") { t in
                t.primaryKey("id", .text)
                t.column("contact_id", .text).notNull().indexed().references("contacts", onDelete: .cascade)
                t.column("conversation_id", .text).notNull().references("conversations", onDelete: .cascade)
                t.column("source", .text).notNull()
                // [LeadTurn] as JSON.
                t.column("transcript", .text).notNull()
                t.column("created_at", .double).notNull()
            }
            // AUTOINCREMENT: an id is never reused, even after the newest row is deleted, so
            // Last-Event-ID stays meaningful.
            try db.create(table: "thread_events") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("conversation_id", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("message_id", .text)
                t.column("at", .double).notNull()
            }
            try db.create(index: "thread_events_conversation", on: "thread_events", columns: ["conversation_id", "id"])
            try db.create(table: "glossary_changes") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("industry", .text).notNull()
                t.column("version", .text).notNull()
                t.column("author", .text).notNull()
                t.column("action", .text).notNull()
                t.column("at", .double).notNull()
                t.column("detail", .text).notNull()
            }
            try db.create(index: "glossary_changes_industry", on: "glossary_changes", columns: ["industry", "id"])
        }

        // A lead waits for a rep to pick it up; then it records who did, and when.
        migrator.registerMigration("v3-lead-pickup") { db in
            try db.alter(table: "leads") { t in
                t.add(column: "picked_up_by", .text).references("reps", onDelete: .setNull)
                t.add(column: "picked_up_at", .double)
            }
            try db.create(index: "leads_conversation", on: "leads", columns: ["conversation_id"])
        }

        // Web panel sessions, shared by every replica: the cookie's SHA-256, never the cookie.
        migrator.registerMigration("v4-web-sessions") { db in
            try db.create(table: "web_sessions") { t in
                t.primaryKey("digest", .text)
                t.column("person_id", .text).notNull().indexed().references("reps", onDelete: .cascade)
                t.column("csrf_token", .text).notNull()
                t.column("created_at", .double).notNull()
                t.column("last_seen", .double).notNull()
            }
            try db.create(index: "web_sessions_last_seen", on: "web_sessions", columns: ["last_seen"])
        }

        // A contact's consent as they last said it; durable jobs for background work (at most one
        // unfinished per kind and subject); previews a send refers to by token.
        migrator.registerMigration("v5-jobs-consent") { db in
            try db.alter(table: "contacts") { t in
                t.add(column: "consent_state", .text)
                t.add(column: "consent_at", .double)
                t.add(column: "consent_message_id", .text)
                t.add(column: "consent_keyword", .text)
            }
            try db.create(table: "jobs") { t in
                t.primaryKey("id", .text)
                t.column("kind", .text).notNull()
                t.column("subject_id", .text).notNull()
                t.column("state", .text).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("run_after", .double).notNull()
                t.column("lease_owner", .text)
                t.column("lease_expires_at", .double)
                t.column("last_error", .text)
                t.column("created_at", .double).notNull()
                t.column("updated_at", .double).notNull()
            }
            // Claiming looks for queued jobs by run_after and running ones by lease end.
            try db.create(index: "jobs_claim", on: "jobs", columns: ["state", "run_after"])
            try db.create(index: "jobs_subject", on: "jobs", columns: ["subject_id"])
            // Queueing twice, even at once, leaves one unfinished job: the second insert fails here.
            try db.create(
                index: "jobs_unfinished",
                on: "jobs",
                columns: ["kind", "subject_id"],
                options: .unique,
                condition: ["queued", "running"].contains(Column("state"))
            )
            try db.create(table: "previews") { t in
                t.primaryKey("token", .text)
                t.column("conversation_id", .text).notNull().indexed().references("conversations", onDelete: .cascade)
                t.column("payload", .text).notNull()
                t.column("created_at", .double).notNull()
                t.column("expires_at", .double).notNull()
            }
            try db.create(index: "previews_expires_at", on: "previews", columns: ["expires_at"])
        }

        // How a contact is addressed (formal or informal); NULL when nobody said.
        migrator.registerMigration("v6-contact-formality") { db in
            try db.alter(table: "contacts") { t in
                t.add(column: "formality", .text)
            }
        }

        // The translation memory: each industry's entries (proposed, approved, rejected, superseded),
        // every entry's history (with its industry, so an industry's history needs no join), and a
        // revision per industry that changes with the approved entries, so every process can tell
        // when to rebuild its index.
        migrator.registerMigration("v7-translation-memory") { db in
            try db.create(table: "memory_entries") { t in
                t.primaryKey("id", .text)
                t.column("industry", .text).notNull()
                t.column("source_language", .text).notNull()
                t.column("target_language", .text).notNull()
                t.column("source", .text).notNull()
                t.column("source_key", .text).notNull()
                t.column("target", .text).notNull()
                t.column("status", .text).notNull()
                t.column("origin", .text).notNull()
                t.column("note", .text)
                t.column("machine_target", .text)
                t.column("message_id", .text)
                t.column("external_id", .text)
                t.column("created_by", .text).notNull()
                t.column("created_at", .double).notNull()
                t.column("reviewed_by", .text)
                t.column("reviewed_at", .double)
                t.column("updated_at", .double).notNull()
            }
            // The admin's lists, by status and newest change.
            try db.create(
                index: "memory_entries_industry_status", on: "memory_entries",
                columns: ["industry", "status", "updated_at"])
            // The pipeline's lookup, and the approved entry a new one supersedes.
            try db.create(
                index: "memory_entries_lookup", on: "memory_entries",
                columns: ["industry", "source_language", "target_language", "source_key", "status"])
            try db.create(table: "memory_history") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("entry_id", .text).notNull().references("memory_entries", onDelete: .cascade)
                t.column("industry", .text).notNull()
                t.column("at", .double).notNull()
                t.column("by", .text).notNull()
                t.column("action", .text).notNull()
                t.column("target", .text).notNull()
                t.column("note", .text)
            }
            try db.create(index: "memory_history_entry", on: "memory_history", columns: ["entry_id", "id"])
            try db.create(index: "memory_history_industry", on: "memory_history", columns: ["industry", "id"])
            try db.create(table: "memory_revisions") { t in
                t.primaryKey("industry", .text)
                t.column("revision", .integer).notNull()
            }
        }

        // The team, managed in the app: people can be deactivated (keeping their history), and API
        // keys are stored as their SHA-256 (never the key), each for a person or, without one, the
        // messaging core, until revoked.
        migrator.registerMigration("v8-team") { db in
            try db.alter(table: "reps") { t in
                t.add(column: "deactivated_at", .double)
            }
            try db.create(table: "access_keys") { t in
                t.primaryKey("id", .text)
                t.column("digest", .text).notNull().unique()
                t.column("person_id", .text).indexed().references("reps", onDelete: .cascade)
                t.column("label", .text).notNull()
                t.column("hint", .text).notNull()
                t.column("created_at", .double).notNull()
                t.column("created_by", .text).notNull()
                t.column("revoked_at", .double)
                t.column("last_used_at", .double)
            }
        }

        // The inbox: who sent each reply, and whether the rep is done with a conversation (an open
        // list is what reps work from, so it has its own index).
        migrator.registerMigration("v9-inbox") { db in
            try db.alter(table: "messages") { t in
                t.add(column: "sent_by", .text)
            }
            try db.alter(table: "conversations") { t in
                t.add(column: "state", .text).notNull().defaults(to: "open")
            }
            try db.create(
                index: "conversations_number_state_activity", on: "conversations", columns: ["number_id", "state", "activity_at"])
        }

        // Search: an FTS5 trigram index of the contacts' folded names and numbers, which finds any
        // fragment of 3 characters or more without reading the whole table. It is an external-content
        // table over `contacts` (keyed by its rowid), kept by triggers and filled from the rows there.
        // Should the rowids ever change (a VACUUM), `INSERT INTO contacts_search(contacts_search)
        // VALUES ('rebuild')` makes it again.
        migrator.registerMigration("v10-search") { db in
            try db.execute(
                sql: """
                    CREATE VIRTUAL TABLE contacts_search USING fts5(
                        name_folded, phone, content = 'contacts', tokenize = 'trigram');
                    CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN
                        INSERT INTO contacts_search (rowid, name_folded, phone)
                        VALUES (new.rowid, new.name_folded, new.phone);
                    END;
                    CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
                        INSERT INTO contacts_search (contacts_search, rowid, name_folded, phone)
                        VALUES ('delete', old.rowid, old.name_folded, old.phone);
                    END;
                    CREATE TRIGGER contacts_search_update AFTER UPDATE OF name_folded, phone ON contacts
                    WHEN old.name_folded IS NOT new.name_folded OR old.phone IS NOT new.phone BEGIN
                        INSERT INTO contacts_search (contacts_search, rowid, name_folded, phone)
                        VALUES ('delete', old.rowid, old.name_folded, old.phone);
                        INSERT INTO contacts_search (rowid, name_folded, phone)
                        VALUES (new.rowid, new.name_folded, new.phone);
                    END;
                    INSERT INTO contacts_search (contacts_search) VALUES ('rebuild');
                    """)
        }

        // State the replicas share: each industry's glossary as last published (a replica reloads it
        // when its revision changes), token buckets (sign-in throttling), per-window request counts
        // (API rate limits) and leases (work that runs once, such as seeding demo data).
        migrator.registerMigration("v11-shared-state") { db in
            try db.create(table: "glossary_versions") { t in
                t.primaryKey("industry", .text)
                t.column("revision", .integer).notNull()
                t.column("version", .text).notNull()
                t.column("document", .text).notNull()
                t.column("author", .text).notNull()
                t.column("action", .text).notNull()
                t.column("updated_at", .double).notNull()
            }
            try db.create(table: "shared_buckets") { t in
                t.primaryKey("key", .text)
                t.column("tokens", .double).notNull()
                t.column("allowed", .boolean).notNull()
                t.column("updated_at", .double).notNull().indexed()
            }
            try db.create(table: "rate_windows") { t in
                t.column("key", .text).notNull()
                t.column("window_start", .double).notNull().indexed()
                t.column("requests", .integer).notNull()
                t.primaryKey(["key", "window_start"])
            }
            try db.create(table: "shared_leases") { t in
                t.primaryKey("name", .text)
                t.column("holder", .text).notNull()
                t.column("expires_at", .double).notNull()
            }
        }

        return migrator
    }
}
