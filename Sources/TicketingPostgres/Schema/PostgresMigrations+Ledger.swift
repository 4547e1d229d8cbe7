extension PostgresMigrations {
    /// Appended for the record ports of the outbox, ledger, settlement and tickets
    /// (ids `v8b-…`, in order, after `recordMigrations`; never edit one that has shipped).
    static let ledgerMigrations: [PostgresMigration] = []
}
