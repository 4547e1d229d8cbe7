import TicketingRecords

// The embedded backend: SQLite keeps every durable record (the ports in Sources/TicketingRecords/Ports).
extension Storage: AccountRecords, VenueRecords, PerformanceRecords, CouponRecordStore, OrderRecordStore,
    PaymentRecords, IdempotencyRecords, OutboxRecords, LedgerRecords, SettlementRecords, TicketRecordStore {}
