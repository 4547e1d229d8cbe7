// Records and their ports live in a GRDB-free module so a PostgreSQL backend can share them;
// importers of the embedded store keep seeing them through this module.
@_exported import TicketingRecords
