#if PostgreSQL
public import Foundation
internal import PostgresNIO

extension PostgresThreadStore {
    public func reps(ids: Set<UUID>) async throws(ThreadStoreError) -> [Rep] {
        guard !ids.isEmpty else { return [] }
        return try await read("read people") { connection in
            try await connection.rows("SELECT * FROM reps WHERE id = ANY(\(Array(ids)))", logger: logger).map(PostgresRows.rep)
        }
    }

    public func updateRep(id: UUID, name: String?, role: Rep.Role?) async throws(ThreadStoreError) -> Rep {
        var trimmed: String?
        if let name { trimmed = try ThreadStoreInput.required(name, "A person's name") }
        return try await write("change a person") { [trimmed] connection, _ in
            try await Self.lockTeam(connection, logger)
            var rep = try await Self.rep(connection, id, logger)
            if let role, role != rep.role {
                if rep.role == .admin, rep.isActive, try await Self.activeAdmins(connection, logger) <= 1 { throw TeamRules.lastAdmin(rep) }
                rep.role = role
            }
            if let trimmed { rep.name = trimmed }
            try await connection.run(
                "UPDATE reps SET name = \(rep.name), role = \(rep.role.rawValue) WHERE id = \(id)", logger: logger)
            return rep
        }
    }

    public func deactivateRep(id: UUID) async throws(ThreadStoreError) -> Rep {
        let now = self.now()
        return try await write("deactivate a person") { connection, _ in
            try await Self.lockTeam(connection, logger)
            var rep = try await Self.rep(connection, id, logger)
            guard rep.isActive else { return rep }
            let numbers = try await connection.row("SELECT COUNT(*)::bigint AS n FROM business_numbers WHERE rep_id = \(id)", logger: logger)
            let count = Int(try numbers?["n"].decode(Int64.self) ?? 0)
            if count > 0 { throw TeamRules.holdsNumbers(rep, count: count) }
            if rep.role == .admin, try await Self.activeAdmins(connection, logger) <= 1 { throw TeamRules.lastAdmin(rep) }
            rep.deactivatedAt = now
            let seconds = now.timeIntervalSince1970
            try await connection.run("UPDATE reps SET deactivated_at = \(seconds) WHERE id = \(id)", logger: logger)
            try await connection.run(
                "UPDATE access_keys SET revoked_at = \(seconds) WHERE person_id = \(id) AND revoked_at IS NULL", logger: logger)
            try await connection.run("DELETE FROM web_sessions WHERE person_id = \(id)", logger: logger)
            return rep
        }
    }

    public func reactivateRep(id: UUID) async throws(ThreadStoreError) -> Rep {
        try await write("reactivate a person") { connection, _ in
            try await Self.lockTeam(connection, logger)
            var rep = try await Self.rep(connection, id, logger)
            guard !rep.isActive else { return rep }
            rep.deactivatedAt = nil
            try await connection.run("UPDATE reps SET deactivated_at = NULL WHERE id = \(id)", logger: logger)
            return rep
        }
    }

    public func createAccessKey(_ key: StoredAccessKey) async throws(ThreadStoreError) -> StoredAccessKey {
        var key = key
        key.label = TeamRules.label(key.label)
        return try await write("issue a key") { [key] connection, _ in
            try await Self.lockTeam(connection, logger)
            if let personID = key.personID {
                let rep = try await Self.rep(connection, personID, logger)
                guard rep.isActive else { throw TeamRules.deactivated(rep) }
            }
            guard try await Self.insert(connection, key, logger) else { throw TeamRules.digestTaken }
            return key
        }
    }

    public func accessKey(id: UUID) async throws(ThreadStoreError) -> StoredAccessKey {
        try await read("read a key") { connection in try await Self.accessKey(connection, id, lock: false, logger) }
    }

    public func accessKeys(ids: Set<UUID>) async throws(ThreadStoreError) -> [StoredAccessKey] {
        guard !ids.isEmpty else { return [] }
        return try await read("read keys") { connection in
            try await connection.rows("SELECT * FROM access_keys WHERE id = ANY(\(Array(ids)))", logger: logger)
                .map(PostgresRows.accessKey)
        }
    }

    public func activeAccessKey(digest: String) async throws(ThreadStoreError) -> StoredAccessKey? {
        try await read("read a key") { connection in
            try await connection.row("SELECT * FROM access_keys WHERE digest = \(digest) AND revoked_at IS NULL", logger: logger)
                .map(PostgresRows.accessKey)
        }
    }

    public func accessKeys(personID: UUID?) async throws(ThreadStoreError) -> [StoredAccessKey] {
        try await read("list keys") { connection in
            let query: PostgresQuery =
                if let personID {
                    "SELECT * FROM access_keys WHERE person_id = \(personID) ORDER BY created_at DESC, id DESC"
                } else {
                    "SELECT * FROM access_keys WHERE person_id IS NULL ORDER BY created_at DESC, id DESC"
                }
            return try await connection.rows(query, logger: logger).map(PostgresRows.accessKey)
        }
    }

    public func revokeAccessKey(id: UUID) async throws(ThreadStoreError) -> StoredAccessKey {
        let now = self.now()
        return try await write("revoke a key") { connection, _ in
            var key = try await Self.accessKey(connection, id, lock: true, logger)
            if key.revokedAt == nil {
                key.revokedAt = now
                try await connection.run(
                    "UPDATE access_keys SET revoked_at = \(now.timeIntervalSince1970) WHERE id = \(id)", logger: logger)
            }
            if let personID = key.personID {
                try await connection.run("DELETE FROM web_sessions WHERE person_id = \(personID)", logger: logger)
            }
            return key
        }
    }

    public func rotateAccessKey(id: UUID, replacement: StoredAccessKey) async throws(ThreadStoreError) -> StoredAccessKey {
        let now = self.now()
        var replacement = replacement
        replacement.label = TeamRules.label(replacement.label)
        return try await write("rotate a key") { [replacement] connection, _ in
            try await Self.lockTeam(connection, logger)
            // The row stays locked until the transaction ends: a rotation that waited reads this one's outcome.
            let old = try await Self.accessKey(connection, id, lock: true, logger)
            guard old.revokedAt == nil else { throw TeamRules.alreadyRevoked }
            var new = replacement
            new.personID = old.personID
            if let personID = old.personID {
                let rep = try await Self.rep(connection, personID, logger)
                guard rep.isActive else { throw TeamRules.deactivated(rep) }
            }
            try await connection.run(
                "UPDATE access_keys SET revoked_at = \(now.timeIntervalSince1970) WHERE id = \(id)", logger: logger)
            guard try await Self.insert(connection, new, logger) else { throw TeamRules.digestTaken }
            if let personID = old.personID {
                try await connection.run("DELETE FROM web_sessions WHERE person_id = \(personID)", logger: logger)
            }
            return new
        }
    }

    public func touchAccessKey(id: UUID, at: Date) async throws(ThreadStoreError) {
        try await write("record a key's use") { connection, _ in
            try await connection.run("UPDATE access_keys SET last_used_at = \(at.timeIntervalSince1970) WHERE id = \(id)", logger: logger)
        }
    }

    public func addBusinessNumber(_ phone: PhoneNumber, repID: UUID) async throws(ThreadStoreError) -> BusinessNumber {
        let now = self.now()
        return try await write("add a business number") { connection, _ in
            try await Self.lockTeam(connection, logger)
            let rep = try await Self.rep(connection, repID, logger)
            guard rep.isActive else { throw TeamRules.deactivated(rep) }
            let number = BusinessNumber(id: UUID(), phone: phone, repID: repID, createdAt: now)
            let inserted = try await connection.row(
                """
                INSERT INTO business_numbers (id, phone, rep_id, created_at)
                VALUES (\(number.id), \(phone.e164), \(repID), \(now.timeIntervalSince1970))
                ON CONFLICT (phone) DO NOTHING RETURNING id
                """,
                logger: logger)
            guard inserted != nil else {
                let holder = try await connection.row(
                    "SELECT reps.name FROM business_numbers JOIN reps ON reps.id = business_numbers.rep_id WHERE phone = \(phone.e164)",
                    logger: logger)
                throw TeamRules.numberTaken(phone, holder: try holder?["name"].decode(String.self))
            }
            return number
        }
    }

    public func reassignBusinessNumber(id: UUID, to repID: UUID) async throws(ThreadStoreError) -> BusinessNumber {
        try await write("reassign a business number") { connection, _ in
            try await Self.lockTeam(connection, logger)
            var number = try await Self.number(connection, id, logger)
            let rep = try await Self.rep(connection, repID, logger)
            guard rep.isActive else { throw TeamRules.deactivated(rep) }
            number.repID = repID
            try await connection.run("UPDATE business_numbers SET rep_id = \(repID) WHERE id = \(id)", logger: logger)
            return number
        }
    }

    // MARK: Plumbing

    /// Makes the transaction's team changes (roles, activity, keys, numbers) take turns with every
    /// other's, on every replica, until it ends, so the last admin or a person's numbers are
    /// counted on what is committed.
    static func lockTeam(_ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.run("SELECT pg_advisory_xact_lock(hashtext(COALESCE(current_schema(), '') || '.team'))", logger: logger)
    }

    static func activeAdmins(_ connection: PostgresConnection, _ logger: Logger) async throws -> Int {
        let row = try await connection.row(
            "SELECT COUNT(*)::bigint AS n FROM reps WHERE role = 'admin' AND deactivated_at IS NULL", logger: logger)
        return Int(try row?["n"].decode(Int64.self) ?? 0)
    }

    static func accessKey(_ connection: PostgresConnection, _ id: UUID, lock: Bool, _ logger: Logger) async throws -> StoredAccessKey {
        let query: PostgresQuery =
            lock ? "SELECT * FROM access_keys WHERE id = \(id) FOR UPDATE" : "SELECT * FROM access_keys WHERE id = \(id)"
        guard let row = try await connection.row(query, logger: logger) else { throw TeamRules.keyNotFound(id) }
        return try PostgresRows.accessKey(row)
    }

    /// Inserts a key; false when its digest is taken.
    static func insert(_ connection: PostgresConnection, _ key: StoredAccessKey, _ logger: Logger) async throws -> Bool {
        try await connection.row(
            """
            INSERT INTO access_keys (id, digest, person_id, label, hint, created_at, created_by, revoked_at, last_used_at)
            VALUES (\(key.id), \(key.digest), \(key.personID), \(key.label), \(key.hint), \(key.createdAt.timeIntervalSince1970),
                \(key.createdBy), \(key.revokedAt?.timeIntervalSince1970), \(key.lastUsedAt?.timeIntervalSince1970))
            ON CONFLICT (digest) DO NOTHING RETURNING id
            """,
            logger: logger) != nil
    }
}
#endif
