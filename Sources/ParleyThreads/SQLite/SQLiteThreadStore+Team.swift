public import Foundation
internal import GRDB

extension SQLiteThreadStore {
    public func reps(ids: Set<UUID>) async throws(ThreadStoreError) -> [Rep] {
        guard !ids.isEmpty else { return [] }
        return try await read("read people") { db in
            var reps: [Rep] = []
            for batch in Self.batches(ids.map(\.databaseText)) {
                reps += try RepRecord.filter(batch.contains(RepRecord.Columns.id)).fetchAll(db).map { try $0.model() }
            }
            return reps
        }
    }

    public func updateRep(id: UUID, name: String?, role: Rep.Role?) async throws(ThreadStoreError) -> Rep {
        var trimmed: String?
        if let name { trimmed = try ThreadStoreInput.required(name, "A person's name") }
        return try await write("change a person") { [trimmed] db in
            var rep = try Self.rep(db, id)
            if let role, role != rep.role {
                if rep.role == .admin, rep.isActive, try Self.activeAdmins(db) <= 1 { throw TeamRules.lastAdmin(rep) }
                rep.role = role
            }
            if let trimmed { rep.name = trimmed }
            try RepRecord(rep).update(db)
            return rep
        }
    }

    public func deactivateRep(id: UUID) async throws(ThreadStoreError) -> Rep {
        let now = self.now()
        return try await write("deactivate a person") { db in
            var rep = try Self.rep(db, id)
            guard rep.isActive else { return rep }
            let numbers = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM business_numbers WHERE rep_id = ?", arguments: [id.databaseText]) ?? 0
            if numbers > 0 { throw TeamRules.holdsNumbers(rep, count: numbers) }
            if rep.role == .admin, try Self.activeAdmins(db) <= 1 { throw TeamRules.lastAdmin(rep) }
            rep.deactivatedAt = now
            try RepRecord(rep).update(db)
            try db.execute(
                sql: "UPDATE access_keys SET revoked_at = ? WHERE person_id = ? AND revoked_at IS NULL",
                arguments: [now.timeIntervalSince1970, id.databaseText])
            try db.execute(sql: "DELETE FROM web_sessions WHERE person_id = ?", arguments: [id.databaseText])
            return rep
        }
    }

    public func reactivateRep(id: UUID) async throws(ThreadStoreError) -> Rep {
        try await write("reactivate a person") { db in
            var rep = try Self.rep(db, id)
            guard !rep.isActive else { return rep }
            rep.deactivatedAt = nil
            try RepRecord(rep).update(db)
            return rep
        }
    }

    public func createAccessKey(_ key: StoredAccessKey) async throws(ThreadStoreError) -> StoredAccessKey {
        var key = key
        key.label = TeamRules.label(key.label)
        return try await write("issue a key") { [key] db in
            if let personID = key.personID {
                let rep = try Self.rep(db, personID)
                guard rep.isActive else { throw TeamRules.deactivated(rep) }
            }
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM access_keys WHERE digest = ?)", arguments: [key.digest]) == true {
                throw TeamRules.digestTaken
            }
            try Self.insert(db, key)
            return key
        }
    }

    public func accessKey(id: UUID) async throws(ThreadStoreError) -> StoredAccessKey {
        try await read("read a key") { db in try Self.accessKey(db, id) }
    }

    public func accessKeys(ids: Set<UUID>) async throws(ThreadStoreError) -> [StoredAccessKey] {
        guard !ids.isEmpty else { return [] }
        return try await read("read keys") { db in
            var keys: [StoredAccessKey] = []
            for batch in Self.batches(ids.map(\.databaseText)) {
                let rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM access_keys WHERE id IN (\(databaseQuestionMarks(count: batch.count)))",
                    arguments: StatementArguments(batch))
                keys += try rows.map(Self.accessKey)
            }
            return keys
        }
    }

    public func activeAccessKey(digest: String) async throws(ThreadStoreError) -> StoredAccessKey? {
        try await read("read a key") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM access_keys WHERE digest = ? AND revoked_at IS NULL", arguments: [digest])
                .map(Self.accessKey)
        }
    }

    public func accessKeys(personID: UUID?) async throws(ThreadStoreError) -> [StoredAccessKey] {
        try await read("list keys") { db in
            let rows =
                if let personID {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM access_keys WHERE person_id = ? ORDER BY created_at DESC, id DESC",
                        arguments: [personID.databaseText])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM access_keys WHERE person_id IS NULL ORDER BY created_at DESC, id DESC")
                }
            return try rows.map(Self.accessKey)
        }
    }

    public func revokeAccessKey(id: UUID) async throws(ThreadStoreError) -> StoredAccessKey {
        let now = self.now()
        return try await write("revoke a key") { db in
            var key = try Self.accessKey(db, id)
            if key.revokedAt == nil {
                key.revokedAt = now
                try db.execute(
                    sql: "UPDATE access_keys SET revoked_at = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, id.databaseText])
            }
            if let personID = key.personID {
                try db.execute(sql: "DELETE FROM web_sessions WHERE person_id = ?", arguments: [personID.databaseText])
            }
            return key
        }
    }

    public func rotateAccessKey(id: UUID, replacement: StoredAccessKey) async throws(ThreadStoreError) -> StoredAccessKey {
        let now = self.now()
        var replacement = replacement
        replacement.label = TeamRules.label(replacement.label)
        return try await write("rotate a key") { [replacement] db in
            let old = try Self.accessKey(db, id)
            guard old.revokedAt == nil else { throw TeamRules.alreadyRevoked }
            var new = replacement
            new.personID = old.personID
            if let personID = old.personID {
                let rep = try Self.rep(db, personID)
                guard rep.isActive else { throw TeamRules.deactivated(rep) }
            }
            try db.execute(
                sql: "UPDATE access_keys SET revoked_at = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, id.databaseText])
            try Self.insert(db, new)
            if let personID = old.personID {
                try db.execute(sql: "DELETE FROM web_sessions WHERE person_id = ?", arguments: [personID.databaseText])
            }
            return new
        }
    }

    public func touchAccessKey(id: UUID, at: Date) async throws(ThreadStoreError) {
        try await write("record a key's use") { db in
            try db.execute(
                sql: "UPDATE access_keys SET last_used_at = ? WHERE id = ?", arguments: [at.timeIntervalSince1970, id.databaseText])
        }
    }

    public func addBusinessNumber(_ phone: PhoneNumber, repID: UUID) async throws(ThreadStoreError) -> BusinessNumber {
        let now = self.now()
        return try await write("add a business number") { db in
            let rep = try Self.rep(db, repID)
            guard rep.isActive else { throw TeamRules.deactivated(rep) }
            if let existing = try BusinessNumberRecord.filter(BusinessNumberRecord.Columns.phone == phone.e164).fetchOne(db) {
                let holder = try? Self.rep(db, try existing.model().repID)
                throw TeamRules.numberTaken(phone, holder: holder?.name)
            }
            let number = BusinessNumber(id: UUID(), phone: phone, repID: repID, createdAt: now)
            try BusinessNumberRecord(number).insert(db)
            return number
        }
    }

    public func reassignBusinessNumber(id: UUID, to repID: UUID) async throws(ThreadStoreError) -> BusinessNumber {
        try await write("reassign a business number") { db in
            var number = try Self.number(db, id)
            let rep = try Self.rep(db, repID)
            guard rep.isActive else { throw TeamRules.deactivated(rep) }
            number.repID = repID
            try db.execute(sql: "UPDATE business_numbers SET rep_id = ? WHERE id = ?", arguments: [repID.databaseText, id.databaseText])
            return number
        }
    }

    // MARK: Plumbing

    /// Values split so that no statement binds more than 500 of them (SQLite limits the variables
    /// of one statement), for reads by many keys.
    static func batches<Value>(_ values: [Value]) -> [ArraySlice<Value>] {
        stride(from: 0, to: values.count, by: 500).map { values[$0..<min($0 + 500, values.count)] }
    }

    static func activeAdmins(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reps WHERE role = 'admin' AND deactivated_at IS NULL") ?? 0
    }

    static func accessKey(_ db: Database, _ id: UUID) throws -> StoredAccessKey {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM access_keys WHERE id = ?", arguments: [id.databaseText]) else {
            throw TeamRules.keyNotFound(id)
        }
        return try accessKey(row)
    }

    static func accessKey(_ row: Row) throws -> StoredAccessKey {
        StoredAccessKey(
            id: try RowDecoding.uuid(row["id"], "access_keys.id"),
            digest: row["digest"],
            personID: try RowDecoding.optionalUUID(row["person_id"], "access_keys.person_id"),
            label: row["label"], hint: row["hint"],
            createdAt: RowDecoding.date(row["created_at"]), createdBy: row["created_by"],
            revokedAt: (row["revoked_at"] as Double?).map(RowDecoding.date),
            lastUsedAt: (row["last_used_at"] as Double?).map(RowDecoding.date))
    }

    static func insert(_ db: Database, _ key: StoredAccessKey) throws {
        try db.execute(
            sql: """
                INSERT INTO access_keys (id, digest, person_id, label, hint, created_at, created_by, revoked_at, last_used_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                key.id.databaseText, key.digest, key.personID?.databaseText, key.label, key.hint, key.createdAt.timeIntervalSince1970,
                key.createdBy, key.revokedAt?.timeIntervalSince1970, key.lastUsedAt?.timeIntervalSince1970,
            ])
    }
}
