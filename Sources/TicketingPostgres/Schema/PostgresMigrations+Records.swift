extension PostgresMigrations {
    /// Appended for the record ports of accounts, venues, performances, coupons, orders,
    /// payments and idempotency (ids `v8a-…`, in order; never edit one that has shipped).
    static let recordMigrations: [PostgresMigration] = [
        PostgresMigration(id: "v8a-queue-and-holds", sql: queueAndHolds),
        PostgresMigration(id: "v8a-idempotency-by-age", sql: idempotencyByAge),
        PostgresMigration(id: "v8a-sold-seat-unbound", sql: soldSeatUnbound),
    ]

    /// A sold seat names its order, which carries the performance; SQLite keeps no foreign key
    /// here either, and the record contract (Tests/TicketingServerTests/Contract) moves orders of
    /// performances it never wrote.
    static let soldSeatUnbound = """
        ALTER TABLE sold_seat DROP CONSTRAINT sold_seat_performance_id_fkey;
        """

    /// The durable trace of a performance's line and holds (`PerformanceRecords.applyJournal`),
    /// as SQLite keeps it (TicketingStorage/Migrations+Inventory.swift), so the same snapshot
    /// rebuilds a performance on either backend.
    static let queueAndHolds = """
        CREATE TABLE queue_runtime (
            performance_id text PRIMARY KEY,
            seed_hex text NOT NULL,
            opened boolean NOT NULL DEFAULT false
        );
        CREATE TABLE queue_entry (
            performance_id text NOT NULL,
            user_id text NOT NULL,
            join_key bigint,
            joined_at timestamptz NOT NULL,
            state text NOT NULL,
            admission_expires_at timestamptz,
            PRIMARY KEY (performance_id, user_id)
        );
        CREATE INDEX queue_entry_on_state ON queue_entry (performance_id, state, join_key);
        CREATE TABLE seat_hold (
            id text PRIMARY KEY,
            performance_id text NOT NULL,
            user_id text NOT NULL,
            seat_ids jsonb NOT NULL,
            amount bigint NOT NULL,
            expires_at timestamptz NOT NULL,
            order_id text,
            status text NOT NULL
        );
        CREATE INDEX seat_hold_on_status ON seat_hold (performance_id, status);
        """

    /// Pruning deletes by age.
    static let idempotencyByAge = """
        CREATE INDEX idempotent_response_on_created_at ON idempotent_response (created_at);
        """
}
