extension PostgresMigrations {
    /// Appended for the record ports of the outbox, ledger, settlement and tickets
    /// (ids `v8b-…`, in order, after `recordMigrations`; never edit one that has shipped).
    static let ledgerMigrations: [PostgresMigration] = [
        PostgresMigration(id: "v8b-tickets-checkins", sql: ticketsCheckins),
    ]

    /// Tickets, check-ins, per-performance signing keys and door accounts, as in SQLite
    /// (TicketingStorage/Migrations+Tickets.swift, docs/TICKETS.md).
    ///
    /// Tickets are issued and revoked by a trigger on `ticket_order.status`, so every path that
    /// marks an order paid or refunded does it in its own transaction without knowing tickets
    /// exist: a paid order without tickets, or a refunded one with valid tickets, cannot commit.
    static let ticketsCheckins = """
        CREATE TABLE ticket (
            id text PRIMARY KEY,
            order_id text NOT NULL,
            performance_id text NOT NULL,
            seat_id text NOT NULL,
            user_id text NOT NULL,
            -- Bumped when a ticket is reissued; doors refuse codes of an older version.
            version integer NOT NULL DEFAULT 1,
            issued_at timestamptz NOT NULL,
            revoked_at timestamptz,
            UNIQUE (order_id, seat_id)
        );
        CREATE INDEX ticket_on_user ON ticket (user_id);
        CREATE INDEX ticket_on_performance ON ticket (performance_id);
        -- One row per ticket: the primary key is what makes entry happen exactly once.
        CREATE TABLE checkin (
            ticket_id text PRIMARY KEY REFERENCES ticket,
            performance_id text NOT NULL,
            checked_in_at timestamptz NOT NULL,
            gate text,
            scanned_by text NOT NULL,
            offline boolean NOT NULL DEFAULT false,
            recorded_at timestamptz NOT NULL
        );
        CREATE INDEX checkin_on_performance ON checkin (performance_id);
        CREATE TABLE performance_key (
            performance_id text PRIMARY KEY REFERENCES performance,
            public_key bytea NOT NULL,
            -- The private key XORed with a pad derived from the server secret (never served).
            sealed_private_key bytea NOT NULL,
            created_at timestamptz NOT NULL
        );
        CREATE TABLE door_account (
            user_id text PRIMARY KEY REFERENCES app_user,
            seller_id text NOT NULL REFERENCES app_user,
            created_at timestamptz NOT NULL
        );
        CREATE INDEX door_account_on_seller ON door_account (seller_id);

        -- One ticket per seat of a paid order, keeping those it already has. The id is 80
        -- random bits like SQLite's randomblob(10): the bytes of a v4 UUID that are not its
        -- version or variant bits (gen_random_uuid is built in and strongly random).
        CREATE FUNCTION issue_tickets(o ticket_order) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            seat text;
            raw bytea;
        BEGIN
            FOR seat IN SELECT jsonb_array_elements_text(o.seat_ids) LOOP
                raw := uuid_send(gen_random_uuid());
                INSERT INTO ticket (id, order_id, performance_id, seat_id, user_id, version, issued_at)
                VALUES ('tkt_' || encode(substring(raw FROM 1 FOR 6) || substring(raw FROM 10 FOR 4), 'hex'),
                        o.id, o.performance_id, seat, o.user_id, 1, COALESCE(o.paid_at, o.updated_at))
                ON CONFLICT (order_id, seat_id) DO NOTHING;
            END LOOP;
        END $$;
        CREATE FUNCTION ticket_order_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.status = 'paid' AND OLD.status <> 'paid' THEN
                PERFORM issue_tickets(NEW);
            ELSIF NEW.status = 'refunded' THEN
                UPDATE ticket SET revoked_at = NEW.updated_at WHERE order_id = NEW.id AND revoked_at IS NULL;
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER ticket_order_tickets AFTER UPDATE OF status ON ticket_order
            FOR EACH ROW EXECUTE FUNCTION ticket_order_tickets();

        -- Orders paid before this migration get their tickets too.
        SELECT issue_tickets(o) FROM ticket_order o WHERE o.status IN ('paid', 'refund_processing', 'refunded');
        UPDATE ticket SET revoked_at = o.updated_at FROM ticket_order o
        WHERE o.id = ticket.order_id AND o.status = 'refunded';
        """
}
