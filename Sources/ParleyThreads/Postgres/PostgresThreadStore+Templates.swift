#if PostgreSQL
public import Foundation
internal import PostgresNIO

extension PostgresThreadStore {
    public func createTemplate(repID: UUID?, name: String, text: String) async throws(ThreadStoreError) -> StoredTemplate {
        let name = try ThreadStoreInput.required(name, "A template's name")
        let text = try ThreadStoreInput.required(text, "A template's text")
        let now = self.now()
        let template = StoredTemplate(id: UUID(), repID: repID, name: name, text: text, createdAt: now, updatedAt: now)
        return try await write("create a template") { connection, _ in
            if let repID { _ = try await Self.rep(connection, repID, logger) }
            let at = now.timeIntervalSince1970
            try await connection.run(
                """
                INSERT INTO templates (id, rep_id, name, text, created_at, updated_at)
                VALUES (\(template.id), \(repID), \(name), \(text), \(at), \(at))
                """,
                logger: logger
            )
            return template
        }
    }

    public func template(id: UUID) async throws(ThreadStoreError) -> StoredTemplate {
        try await read("read a template") { connection in try await Self.template(connection, id, logger) }
    }

    public func templates(repID: UUID?) async throws(ThreadStoreError) -> [StoredTemplate] {
        try await read("list templates") { connection in
            let query: PostgresQuery =
                if let repID {
                    #"SELECT * FROM templates WHERE rep_id IS NULL OR rep_id = \#(repID) ORDER BY name COLLATE "C", id"#
                } else {
                    #"SELECT * FROM templates WHERE rep_id IS NULL ORDER BY name COLLATE "C", id"#
                }
            return try await connection.rows(query, logger: logger).map(PostgresRows.template)
        }
    }

    public func updateTemplate(id: UUID, name: String, text: String) async throws(ThreadStoreError) -> StoredTemplate {
        let name = try ThreadStoreInput.required(name, "A template's name")
        let text = try ThreadStoreInput.required(text, "A template's text")
        let now = self.now()
        return try await write("update a template") { connection, _ in
            guard
                let row = try await connection.row(
                    """
                    UPDATE templates SET name = \(name), text = \(text), updated_at = \(now.timeIntervalSince1970)
                    WHERE id = \(id) RETURNING *
                    """,
                    logger: logger
                )
            else {
                throw ThreadStoreError.notFound("There is no template \(id); check the identifier.")
            }
            return try PostgresRows.template(row)
        }
    }

    public func deleteTemplate(id: UUID) async throws(ThreadStoreError) {
        try await write("delete a template") { connection, _ in
            guard try await connection.row("DELETE FROM templates WHERE id = \(id) RETURNING id", logger: logger) != nil
            else {
                throw ThreadStoreError.notFound("There is no template \(id); it may have been deleted already.")
            }
        }
    }

    static func template(_ connection: PostgresConnection, _ id: UUID, _ logger: Logger) async throws -> StoredTemplate {
        guard let row = try await connection.row("SELECT * FROM templates WHERE id = \(id)", logger: logger) else {
            throw ThreadStoreError.notFound("There is no template \(id); check the identifier.")
        }
        return try PostgresRows.template(row)
    }
}
#endif
