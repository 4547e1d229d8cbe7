/// The durable records of the distributed mode, mirroring the SQLite schema
/// (TicketingStorage/Migrations*.swift) in PostgreSQL's idiom: snake_case, `timestamptz`,
/// `jsonb`, `bigint` money (KRW), and the same append-only and closed-statement rules as
/// triggers. The waiting room and holds live in Redis; sold seats are durable here.
public enum PostgresMigrations {
    public static let all: [PostgresMigration] = [
        PostgresMigration(id: "v1-accounts-venues-performances", sql: accountsVenuesPerformances),
        PostgresMigration(id: "v2-sold-seats", sql: soldSeats),
        PostgresMigration(id: "v3-orders-outbox", sql: ordersOutbox),
        PostgresMigration(id: "v4-coupons", sql: coupons),
        PostgresMigration(id: "v5-settlement", sql: settlement),
        PostgresMigration(id: "v6-idempotency", sql: idempotency),
        PostgresMigration(id: "v7-token-secret", sql: tokenSecret),
    ] + recordMigrations + ledgerMigrations

    static let accountsVenuesPerformances = """
        CREATE TABLE app_user (
            id text PRIMARY KEY,
            email text NOT NULL,
            name text NOT NULL,
            role text NOT NULL,
            password_hash text NOT NULL,
            created_at timestamptz NOT NULL
        );
        -- Case-insensitive like SQLite's COLLATE NOCASE.
        CREATE UNIQUE INDEX app_user_email ON app_user (lower(email));
        CREATE TABLE venue (
            id text PRIMARY KEY,
            owner_id text NOT NULL REFERENCES app_user,
            name text NOT NULL,
            layout jsonb NOT NULL,
            seat_count integer NOT NULL,
            created_at timestamptz NOT NULL
        );
        CREATE TABLE performance (
            id text PRIMARY KEY,
            venue_id text NOT NULL REFERENCES venue,
            seller_id text NOT NULL REFERENCES app_user,
            title text NOT NULL,
            starts_at timestamptz NOT NULL,
            sale_opens_at timestamptz NOT NULL,
            spec jsonb NOT NULL,
            created_at timestamptz NOT NULL
        );
        CREATE INDEX performance_on_starts_at ON performance (starts_at);
        """

    static let soldSeats = """
        CREATE TABLE sold_seat (
            performance_id text NOT NULL REFERENCES performance,
            seat_id text NOT NULL,
            order_id text NOT NULL,
            PRIMARY KEY (performance_id, seat_id)
        );
        """

    /// Orders carry the payment worker's lease; the outbox carries the relay's. A lease is a
    /// claim with a deadline: a node that dies mid-work loses it when the deadline passes.
    static let ordersOutbox = """
        CREATE TABLE ticket_order (
            id text PRIMARY KEY,
            user_id text NOT NULL,
            performance_id text NOT NULL,
            seller_id text NOT NULL,
            hold_id text NOT NULL,
            seat_ids jsonb NOT NULL,
            subtotal bigint NOT NULL,
            discount bigint NOT NULL,
            total bigint NOT NULL,
            applied jsonb NOT NULL,
            status text NOT NULL,
            payment_key text,
            failure_code text,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL,
            paid_at timestamptz,
            lease_owner text,
            lease_until timestamptz,
            CHECK (total = subtotal - discount AND discount >= 0 AND total >= 0)
        );
        CREATE INDEX ticket_order_on_user ON ticket_order (user_id, created_at);
        CREATE INDEX ticket_order_on_status ON ticket_order (status);
        CREATE TABLE outbox_event (
            seq bigserial PRIMARY KEY,
            event_id text NOT NULL UNIQUE,
            aggregate_id text NOT NULL,
            type text NOT NULL,
            payload jsonb NOT NULL,
            created_at timestamptz NOT NULL,
            delivered_at timestamptz,
            lease_owner text,
            lease_until timestamptz,
            attempts integer NOT NULL DEFAULT 0
        );
        CREATE INDEX outbox_event_pending ON outbox_event (seq) WHERE delivered_at IS NULL;
        CREATE INDEX outbox_event_pending_by_aggregate ON outbox_event (aggregate_id, seq) WHERE delivered_at IS NULL;
        CREATE TABLE processed_event (
            consumer text NOT NULL,
            event_id text NOT NULL,
            processed_at timestamptz NOT NULL,
            PRIMARY KEY (consumer, event_id)
        );
        """

    static let coupons = """
        CREATE TABLE coupon (
            id text PRIMARY KEY,
            name text NOT NULL,
            kind text NOT NULL,
            parameters jsonb NOT NULL,
            seller_id text REFERENCES app_user,
            performance_id text REFERENCES performance,
            grade text,
            min_spend bigint NOT NULL,
            per_ticket boolean NOT NULL,
            total_quantity integer NOT NULL,
            issued_count integer NOT NULL DEFAULT 0,
            claim_opens_at timestamptz,
            expires_at timestamptz,
            funded_by text NOT NULL CHECK (funded_by IN ('seller', 'platform')),
            created_by text NOT NULL REFERENCES app_user,
            created_at timestamptz NOT NULL,
            CHECK (issued_count BETWEEN 0 AND total_quantity)
        );
        CREATE INDEX coupon_on_performance_id ON coupon (performance_id);
        CREATE INDEX coupon_on_seller_id ON coupon (seller_id);
        CREATE TABLE coupon_issuance (
            seq bigserial PRIMARY KEY,
            id text NOT NULL UNIQUE,
            coupon_id text NOT NULL REFERENCES coupon,
            user_id text NOT NULL REFERENCES app_user,
            claimed_at timestamptz NOT NULL,
            UNIQUE (coupon_id, user_id)
        );
        CREATE INDEX coupon_issuance_on_user_id ON coupon_issuance (user_id);
        CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
        END $$;
        CREATE TRIGGER coupon_issuance_append_only BEFORE UPDATE OR DELETE ON coupon_issuance
            FOR EACH ROW EXECUTE FUNCTION append_only();
        CREATE TABLE coupon_use (
            user_coupon_id text PRIMARY KEY REFERENCES coupon_issuance (id),
            order_id text NOT NULL,
            used_at timestamptz NOT NULL
        );
        CREATE INDEX coupon_use_on_order_id ON coupon_use (order_id);
        """

    static let settlement = """
        CREATE TABLE settlement_state (
            id integer PRIMARY KEY CHECK (id = 1),
            period_seconds integer NOT NULL CHECK (period_seconds >= 60),
            closed_until timestamptz
        );
        INSERT INTO settlement_state (id, period_seconds) VALUES (1, 86400);
        CREATE TABLE seller_fee_rate (
            seller_id text PRIMARY KEY REFERENCES app_user,
            basis_points integer NOT NULL CHECK (basis_points BETWEEN 0 AND 10000),
            updated_at timestamptz NOT NULL
        );
        CREATE TABLE settlement_statement (
            id text PRIMARY KEY,
            seller_id text NOT NULL,
            period_start timestamptz NOT NULL,
            period_end timestamptz NOT NULL,
            status text NOT NULL CHECK (status IN ('open', 'closed', 'paid')),
            gross bigint NOT NULL DEFAULT 0,
            seller_coupon_cost bigint NOT NULL DEFAULT 0,
            platform_coupon_cost bigint NOT NULL DEFAULT 0,
            refunds bigint NOT NULL DEFAULT 0,
            platform_fee bigint NOT NULL DEFAULT 0,
            closed_at timestamptz,
            paid_at timestamptz,
            UNIQUE (seller_id, period_start)
        );
        CREATE INDEX settlement_statement_on_status ON settlement_statement (status, period_end);
        CREATE TABLE ledger_transaction (
            id text PRIMARY KEY,
            kind text NOT NULL,
            order_id text NOT NULL,
            seller_id text NOT NULL,
            performance_id text NOT NULL,
            statement_id text NOT NULL REFERENCES settlement_statement,
            occurred_at timestamptz NOT NULL,
            posted_at timestamptz NOT NULL,
            ticket_delta integer NOT NULL,
            gross bigint NOT NULL,
            seller_coupon_cost bigint NOT NULL,
            platform_coupon_cost bigint NOT NULL,
            refunds bigint NOT NULL,
            platform_fee bigint NOT NULL,
            UNIQUE (order_id, kind)
        );
        CREATE INDEX ledger_transaction_on_performance_id ON ledger_transaction (performance_id);
        CREATE INDEX ledger_transaction_on_statement_id ON ledger_transaction (statement_id);
        CREATE TABLE ledger_entry (
            seq bigserial PRIMARY KEY,
            transaction_id text NOT NULL REFERENCES ledger_transaction,
            statement_id text NOT NULL REFERENCES settlement_statement,
            account text NOT NULL,
            debit bigint NOT NULL,
            credit bigint NOT NULL,
            description text NOT NULL,
            CHECK (debit >= 0 AND credit >= 0 AND (debit > 0) <> (credit > 0))
        );
        CREATE INDEX ledger_entry_on_statement_id ON ledger_entry (statement_id, seq);
        CREATE INDEX ledger_entry_on_account ON ledger_entry (account);
        CREATE TRIGGER ledger_transaction_append_only BEFORE UPDATE OR DELETE ON ledger_transaction
            FOR EACH ROW EXECUTE FUNCTION append_only();
        CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
            FOR EACH ROW EXECUTE FUNCTION append_only();
        CREATE FUNCTION ledger_entry_open_statement() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF (SELECT status FROM settlement_statement WHERE id = NEW.statement_id) <> 'open' THEN
                RAISE EXCEPTION 'a closed statement never changes';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER ledger_entry_open_statement BEFORE INSERT ON ledger_entry
            FOR EACH ROW EXECUTE FUNCTION ledger_entry_open_statement();
        CREATE FUNCTION settlement_statement_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.status <> 'open' AND (
                NEW.gross <> OLD.gross OR NEW.seller_coupon_cost <> OLD.seller_coupon_cost
                OR NEW.platform_coupon_cost <> OLD.platform_coupon_cost OR NEW.refunds <> OLD.refunds
                OR NEW.platform_fee <> OLD.platform_fee OR NEW.period_start <> OLD.period_start
                OR NEW.period_end <> OLD.period_end OR NEW.seller_id <> OLD.seller_id
                OR (OLD.status = 'paid' AND NEW.status <> 'paid') OR NEW.status = 'open') THEN
                RAISE EXCEPTION 'a closed statement never changes';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER settlement_statement_frozen BEFORE UPDATE ON settlement_statement
            FOR EACH ROW EXECUTE FUNCTION settlement_statement_frozen();
        """

    static let idempotency = """
        CREATE TABLE idempotent_response (
            scoped_key text PRIMARY KEY,
            request_hash text NOT NULL,
            status integer NOT NULL,
            content_type text,
            body bytea NOT NULL,
            created_at timestamptz NOT NULL
        );
        """

    /// One row, created once by whichever node starts first, so every node verifies every token.
    static let tokenSecret = """
        CREATE TABLE token_secret (
            id integer PRIMARY KEY CHECK (id = 1),
            secret bytea NOT NULL CHECK (length(secret) >= 32),
            created_at timestamptz NOT NULL
        );
        """
}
