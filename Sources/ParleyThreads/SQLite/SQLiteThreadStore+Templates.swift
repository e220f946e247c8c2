public import Foundation
internal import GRDB

extension SQLiteThreadStore {
    public func createTemplate(repID: UUID?, name: String, text: String) async throws(ThreadStoreError) -> StoredTemplate {
        let name = try ThreadStoreInput.required(name, "A template's name")
        let text = try ThreadStoreInput.required(text, "A template's text")
        let now = self.now()
        let template = StoredTemplate(id: UUID(), repID: repID, name: name, text: text, createdAt: now, updatedAt: now)
        return try await write("create a template") { db in
            if let repID { _ = try Self.rep(db, repID) }
            try TemplateRecord(template).insert(db)
            return template
        }
    }

    public func template(id: UUID) async throws(ThreadStoreError) -> StoredTemplate {
        try await read("read a template") { db in try Self.template(db, id).model() }
    }

    public func templates(repID: UUID?) async throws(ThreadStoreError) -> [StoredTemplate] {
        try await read("list templates") { db in
            var request = TemplateRecord.all()
            if let repID {
                request = request.filter(
                    TemplateRecord.Columns.repID == nil || TemplateRecord.Columns.repID == repID.databaseText
                )
            } else {
                request = request.filter(TemplateRecord.Columns.repID == nil)
            }
            return try request.order(TemplateRecord.Columns.name, TemplateRecord.Columns.id).fetchAll(db).map {
                try $0.model()
            }
        }
    }

    public func updateTemplate(id: UUID, name: String, text: String) async throws(ThreadStoreError) -> StoredTemplate {
        let name = try ThreadStoreInput.required(name, "A template's name")
        let text = try ThreadStoreInput.required(text, "A template's text")
        let now = self.now()
        return try await write("update a template") { db in
            var template = try Self.template(db, id).model()
            template.name = name
            template.text = text
            template.updatedAt = now
            try TemplateRecord(template).update(db)
            return template
        }
    }

    public func deleteTemplate(id: UUID) async throws(ThreadStoreError) {
        try await write("delete a template") { db in
            guard try TemplateRecord.deleteOne(db, key: id.databaseText) else {
                throw ThreadStoreError.notFound("There is no template \(id); it may have been deleted already.")
            }
        }
    }

    static func template(_ db: Database, _ id: UUID) throws -> TemplateRecord {
        guard let record = try TemplateRecord.fetchOne(db, key: id.databaseText) else {
            throw ThreadStoreError.notFound("There is no template \(id); check the identifier.")
        }
        return record
    }
}
