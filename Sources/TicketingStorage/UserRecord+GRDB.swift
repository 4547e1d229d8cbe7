import GRDB
import TicketingRecords

extension UserRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "user"
}
