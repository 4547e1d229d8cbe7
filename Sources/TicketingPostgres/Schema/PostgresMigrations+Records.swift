extension PostgresMigrations {
    /// Appended for the record ports of accounts, venues, performances, coupons, orders,
    /// payments and idempotency (ids `v8a-…`, in order; never edit one that has shipped).
    static let recordMigrations: [PostgresMigration] = []
}
