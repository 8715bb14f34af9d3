-- Contribution rollups (ADR 0018): additive counts and sums per Shanghai calendar day, kept in the
-- transaction that changes their source rows. Every trigger applies a difference (the old row's
-- share out, the new row's in) with INSERT … ON CONFLICT DO UPDATE SET x = x + excluded.x, which
-- adds up under any number of concurrent writers: an upsert that waits for a cell's lock adds to
-- the value its holder committed. Cells whose counts fall to zero stay; readers skip them.
--
-- Order revenue, one cell per day × placing partner × sourcing partner (the registrant of the
-- linked registration) × shipping region × currency. Status is not a dimension but a column set
-- (booked: submitted/confirmed/shipped/delivered; voided: cancelled/expired; lines counts every
-- status), so confirming, shipping or delivering an order touches nothing and a cancellation moves
-- its amount within one cell. booked_orders counts booked orders with at least one line.
CREATE TABLE "contribution_order_days" (
  "day" date NOT NULL,
  "partner_id" uuid NOT NULL,
  "source_partner_id" uuid,
  "region_code" text,
  "currency" char(3) NOT NULL,
  "lines" integer NOT NULL DEFAULT 0,
  "booked_lines" integer NOT NULL DEFAULT 0,
  "booked_orders" integer NOT NULL DEFAULT 0,
  "booked_minor" bigint NOT NULL DEFAULT 0,
  "voided_minor" bigint NOT NULL DEFAULT 0,
  CONSTRAINT "contribution_order_days_key" UNIQUE NULLS NOT DISTINCT
    ("day", "partner_id", "source_partner_id", "region_code", "currency")
);
--> statement-breakpoint
CREATE INDEX "contribution_order_days_partner_idx" ON "contribution_order_days" ("partner_id", "day");
--> statement-breakpoint
CREATE INDEX "contribution_order_days_source_idx" ON "contribution_order_days" ("source_partner_id", "day")
  WHERE "source_partner_id" IS NOT NULL;
--> statement-breakpoint
-- The same by the lines' product line: booked_orders here counts booked orders with at least one
-- line of that product line (an order with lines of two product lines counts in both).
CREATE TABLE "contribution_order_line_days" (
  "day" date NOT NULL,
  "partner_id" uuid NOT NULL,
  "source_partner_id" uuid,
  "region_code" text,
  "product_line_id" uuid NOT NULL,
  "currency" char(3) NOT NULL,
  "lines" integer NOT NULL DEFAULT 0,
  "booked_lines" integer NOT NULL DEFAULT 0,
  "booked_orders" integer NOT NULL DEFAULT 0,
  "booked_minor" bigint NOT NULL DEFAULT 0,
  "voided_minor" bigint NOT NULL DEFAULT 0,
  CONSTRAINT "contribution_order_line_days_key" UNIQUE NULLS NOT DISTINCT
    ("day", "partner_id", "source_partner_id", "region_code", "product_line_id", "currency")
);
--> statement-breakpoint
CREATE INDEX "contribution_order_line_days_partner_idx" ON "contribution_order_line_days" ("partner_id", "day");
--> statement-breakpoint
CREATE INDEX "contribution_order_line_days_source_idx" ON "contribution_order_line_days" ("source_partner_id", "day")
  WHERE "source_partner_id" IS NOT NULL;
--> statement-breakpoint
-- Registrations by submission day and registrant, with what the funnel asks of each: approved,
-- the furthest stage reached (1 registered … 4 negotiation, 5 won, 0 none), status, loss reason.
CREATE TABLE "contribution_submission_days" (
  "day" date NOT NULL,
  "partner_id" uuid NOT NULL,
  "region_code" text NOT NULL,
  "product_line_id" uuid NOT NULL,
  "approved" boolean NOT NULL,
  "furthest_stage" smallint NOT NULL,
  "status" "registration_status" NOT NULL,
  "lost_reason_code" text,
  "registrations" integer NOT NULL DEFAULT 0,
  CONSTRAINT "contribution_submission_days_key" UNIQUE NULLS NOT DISTINCT
    ("day", "partner_id", "region_code", "product_line_id", "approved", "furthest_stage", "status",
     "lost_reason_code")
);
--> statement-breakpoint
CREATE INDEX "contribution_submission_days_partner_idx" ON "contribution_submission_days" ("partner_id", "day");
--> statement-breakpoint
-- Decisions by decision day and registrant.
CREATE TABLE "contribution_decision_days" (
  "day" date NOT NULL,
  "partner_id" uuid NOT NULL,
  "region_code" text NOT NULL,
  "product_line_id" uuid NOT NULL,
  "decided" integer NOT NULL DEFAULT 0,
  "approved" integer NOT NULL DEFAULT 0,
  CONSTRAINT "contribution_decision_days_key" UNIQUE
    ("day", "partner_id", "region_code", "product_line_id")
);
--> statement-breakpoint
CREATE INDEX "contribution_decision_days_partner_idx" ON "contribution_decision_days" ("partner_id", "day");
--> statement-breakpoint
-- Outcomes by the day they count on: won (won date), lost (closing instant), expired (end of
-- protection, for approved and expired registrations — an approval past its end is expired even
-- before the sweeper marks it, so readers cut this one at "now"). days_to_close sums won date −
-- submission day over won rows.
CREATE TABLE "contribution_outcome_days" (
  "day" date NOT NULL,
  "outcome" text NOT NULL,
  "partner_id" uuid NOT NULL,
  "fulfilment_partner_id" uuid,
  "region_code" text NOT NULL,
  "product_line_id" uuid NOT NULL,
  "currency" char(3) NOT NULL,
  "registrations" integer NOT NULL DEFAULT 0,
  "won_minor" bigint NOT NULL DEFAULT 0,
  "days_to_close" integer NOT NULL DEFAULT 0,
  CONSTRAINT "contribution_outcome_days_outcome" CHECK ("outcome" IN ('won', 'lost', 'expired')),
  CONSTRAINT "contribution_outcome_days_key" UNIQUE NULLS NOT DISTINCT
    ("day", "outcome", "partner_id", "fulfilment_partner_id", "region_code", "product_line_id",
     "currency")
);
--> statement-breakpoint
CREATE INDEX "contribution_outcome_days_partner_idx" ON "contribution_outcome_days" ("partner_id", "day");
--> statement-breakpoint
CREATE INDEX "contribution_outcome_days_fulfilment_idx" ON "contribution_outcome_days" ("fulfilment_partner_id", "day")
  WHERE "fulfilment_partner_id" IS NOT NULL;
--> statement-breakpoint
-- Time spent in each stage, as a histogram of whole hours, by submission day and registrant: a
-- stay starts when protection starts (registered) or at the stage change that entered the stage,
-- and counts once the registration has left it (a later stage, won or lost).
CREATE TABLE "contribution_stage_stays" (
  "day" date NOT NULL,
  "partner_id" uuid NOT NULL,
  "region_code" text NOT NULL,
  "product_line_id" uuid NOT NULL,
  "stage" "registration_stage" NOT NULL,
  "hours" integer NOT NULL,
  "stays" integer NOT NULL DEFAULT 0,
  CONSTRAINT "contribution_stage_stays_key" UNIQUE
    ("day", "partner_id", "region_code", "product_line_id", "stage", "hours")
);
--> statement-breakpoint
CREATE INDEX "contribution_stage_stays_partner_idx" ON "contribution_stage_stays" ("partner_id", "day");
--> statement-breakpoint
-- Raw reads that stay: the median time to decision (not additive) reads the period's decisions
-- from this index alone; expiries of the day that is still running are read up to now.
CREATE INDEX "registrations_decided_idx" ON "registrations" ("decided_at")
  INCLUDE ("submitted_at", "partner_id", "region_code", "product_line_id");
--> statement-breakpoint
CREATE INDEX "registrations_protection_ends_idx" ON "registrations" ("protection_ends_at")
  WHERE "status" IN ('approved', 'expired');
--> statement-breakpoint
CREATE FUNCTION "contribution_shanghai_day"(at timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (at AT TIME ZONE 'Asia/Shanghai')::date $$;
--> statement-breakpoint
CREATE FUNCTION "contribution_stage_ordinal"(stage text) RETURNS smallint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (CASE stage WHEN 'registered' THEN 1 WHEN 'qualified' THEN 2 WHEN 'proposal' THEN 3
    WHEN 'negotiation' THEN 4 WHEN 'won' THEN 5 ELSE 0 END)::smallint $$;
--> statement-breakpoint
CREATE FUNCTION "contribution_order_status_class"(status order_status) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN status IN ('submitted', 'confirmed', 'shipped', 'delivered') THEN 'booked'
    WHEN status IN ('cancelled', 'expired') THEN 'voided' ELSE 'open' END $$;
--> statement-breakpoint
-- One order's share of the order rollups taken out (removed, under removed_source) and put in
-- (added, under added_source), from its lines as they are now. Both sides go through one statement
-- per table, grouped by cell and in key order, so a change inside one cell is one upsert.
CREATE FUNCTION "contribution_apply_orders"(
  removed orders, removed_source uuid, added orders, added_source uuid
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  WITH sides AS (
    SELECT -1 AS sign, removed.id AS order_id, contribution_shanghai_day(removed.placed_at) AS day,
      removed.partner_id, removed_source AS source_partner_id,
      removed.shipping_address->>'regionCode' AS region_code, removed.currency,
      contribution_order_status_class(removed.status) AS class
    WHERE removed.id IS NOT NULL
    UNION ALL
    SELECT 1, added.id, contribution_shanghai_day(added.placed_at), added.partner_id, added_source,
      added.shipping_address->>'regionCode', added.currency,
      contribution_order_status_class(added.status)
    WHERE added.id IS NOT NULL
  ), per_order AS (
    SELECT s.sign, s.day, s.partner_id, s.source_partner_id, s.region_code, s.currency, s.class,
      count(*) AS n, sum(l.line_total_minor) AS total
    FROM sides s JOIN order_lines l ON l.order_id = s.order_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7
  ), cells AS (
    SELECT day, partner_id, source_partner_id, region_code, currency,
      sum(sign * n) AS lines,
      coalesce(sum(sign * n) FILTER (WHERE class = 'booked'), 0) AS booked_lines,
      coalesce(sum(sign) FILTER (WHERE class = 'booked'), 0) AS booked_orders,
      coalesce(sum(sign * total) FILTER (WHERE class = 'booked'), 0) AS booked_minor,
      coalesce(sum(sign * total) FILTER (WHERE class = 'voided'), 0) AS voided_minor
    FROM per_order GROUP BY 1, 2, 3, 4, 5
  )
  INSERT INTO contribution_order_days AS t (day, partner_id, source_partner_id, region_code,
    currency, lines, booked_lines, booked_orders, booked_minor, voided_minor)
  SELECT * FROM cells
  WHERE lines <> 0 OR booked_lines <> 0 OR booked_orders <> 0 OR booked_minor <> 0
    OR voided_minor <> 0
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT contribution_order_days_key DO UPDATE
    SET lines = t.lines + excluded.lines, booked_lines = t.booked_lines + excluded.booked_lines,
        booked_orders = t.booked_orders + excluded.booked_orders,
        booked_minor = t.booked_minor + excluded.booked_minor,
        voided_minor = t.voided_minor + excluded.voided_minor;

  WITH sides AS (
    SELECT -1 AS sign, removed.id AS order_id, contribution_shanghai_day(removed.placed_at) AS day,
      removed.partner_id, removed_source AS source_partner_id,
      removed.shipping_address->>'regionCode' AS region_code, removed.currency,
      contribution_order_status_class(removed.status) AS class
    WHERE removed.id IS NOT NULL
    UNION ALL
    SELECT 1, added.id, contribution_shanghai_day(added.placed_at), added.partner_id, added_source,
      added.shipping_address->>'regionCode', added.currency,
      contribution_order_status_class(added.status)
    WHERE added.id IS NOT NULL
  ), per_line AS (
    SELECT s.sign, s.day, s.partner_id, s.source_partner_id, s.region_code, l.product_line_id,
      s.currency, s.class, count(*) AS n, sum(l.line_total_minor) AS total
    FROM sides s JOIN order_lines l ON l.order_id = s.order_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ), cells AS (
    SELECT day, partner_id, source_partner_id, region_code, product_line_id, currency,
      sum(sign * n) AS lines,
      coalesce(sum(sign * n) FILTER (WHERE class = 'booked'), 0) AS booked_lines,
      coalesce(sum(sign) FILTER (WHERE class = 'booked'), 0) AS booked_orders,
      coalesce(sum(sign * total) FILTER (WHERE class = 'booked'), 0) AS booked_minor,
      coalesce(sum(sign * total) FILTER (WHERE class = 'voided'), 0) AS voided_minor
    FROM per_line GROUP BY 1, 2, 3, 4, 5, 6
  )
  INSERT INTO contribution_order_line_days AS t (day, partner_id, source_partner_id, region_code,
    product_line_id, currency, lines, booked_lines, booked_orders, booked_minor, voided_minor)
  SELECT * FROM cells
  WHERE lines <> 0 OR booked_lines <> 0 OR booked_orders <> 0 OR booked_minor <> 0
    OR voided_minor <> 0
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ON CONSTRAINT contribution_order_line_days_key DO UPDATE
    SET lines = t.lines + excluded.lines, booked_lines = t.booked_lines + excluded.booked_lines,
        booked_orders = t.booked_orders + excluded.booked_orders,
        booked_minor = t.booked_minor + excluded.booked_minor,
        voided_minor = t.voided_minor + excluded.voided_minor;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "contribution_orders_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_source uuid;
  new_source uuid;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.registration_id IS NOT NULL THEN
    SELECT partner_id INTO old_source FROM registrations WHERE id = OLD.registration_id;
  END IF;
  IF TG_OP = 'DELETE' THEN
    -- Before the row goes (its lines go with it by cascade, and must still be readable here).
    PERFORM contribution_apply_orders(OLD, old_source, NULL, NULL);
    RETURN OLD;
  END IF;
  IF NEW.registration_id IS NOT NULL THEN
    SELECT partner_id INTO new_source FROM registrations WHERE id = NEW.registration_id;
  END IF;
  PERFORM contribution_apply_orders(OLD, old_source, NEW, new_source);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- An order has no lines when it is inserted, so only updates and deletes of orders move figures.
CREATE TRIGGER "orders_contribution_rollups" AFTER UPDATE ON "orders"
  FOR EACH ROW
  WHEN ((OLD.partner_id, OLD.registration_id, contribution_order_status_class(OLD.status),
         OLD.placed_at, OLD.currency, OLD.shipping_address->>'regionCode')
        IS DISTINCT FROM
        (NEW.partner_id, NEW.registration_id, contribution_order_status_class(NEW.status),
         NEW.placed_at, NEW.currency, NEW.shipping_address->>'regionCode'))
  EXECUTE FUNCTION contribution_orders_changed();
--> statement-breakpoint
CREATE TRIGGER "orders_contribution_rollups_delete" BEFORE DELETE ON "orders"
  FOR EACH ROW EXECUTE FUNCTION contribution_orders_changed();
--> statement-breakpoint
CREATE TYPE "contribution_line_change" AS (
  order_id uuid,
  product_line_id uuid,
  line_total_minor bigint,
  sign integer
);
--> statement-breakpoint
-- Lines inserted, updated or deleted (one call per statement): the signed changes by order and
-- product line, and whether each order (and each order × product line) had lines before and has
-- lines now — counted after the orders are locked, so a concurrent writer's lines are seen.
CREATE FUNCTION "contribution_apply_line_changes"(changes contribution_line_change[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- The order row lock serialises line changes with each other and with the order's own status
  -- changes; the statements below take their snapshot after it is held.
  PERFORM 1 FROM orders
   WHERE id IN (SELECT DISTINCT c.order_id FROM unnest(changes) c)
   ORDER BY id FOR NO KEY UPDATE;

  WITH c AS (
    SELECT * FROM unnest(changes)
  ), per_order AS (
    SELECT c.order_id, sum(c.sign) AS dn, sum(c.sign * c.line_total_minor) AS dtotal,
      (SELECT count(*) FROM order_lines l WHERE l.order_id = c.order_id) AS n_after
    FROM c GROUP BY c.order_id
  ), cells AS (
    SELECT contribution_shanghai_day(o.placed_at) AS day, o.partner_id,
      r.partner_id AS source_partner_id, o.shipping_address->>'regionCode' AS region_code,
      o.currency,
      sum(p.dn) AS lines,
      coalesce(sum(p.dn) FILTER (WHERE contribution_order_status_class(o.status) = 'booked'), 0)
        AS booked_lines,
      coalesce(sum((p.n_after > 0)::int - (p.n_after - p.dn > 0)::int)
        FILTER (WHERE contribution_order_status_class(o.status) = 'booked'), 0) AS booked_orders,
      coalesce(sum(p.dtotal) FILTER (WHERE contribution_order_status_class(o.status) = 'booked'), 0)
        AS booked_minor,
      coalesce(sum(p.dtotal) FILTER (WHERE contribution_order_status_class(o.status) = 'voided'), 0)
        AS voided_minor
    FROM per_order p
    JOIN orders o ON o.id = p.order_id
    LEFT JOIN registrations r ON r.id = o.registration_id
    GROUP BY 1, 2, 3, 4, 5
  )
  INSERT INTO contribution_order_days AS t (day, partner_id, source_partner_id, region_code,
    currency, lines, booked_lines, booked_orders, booked_minor, voided_minor)
  SELECT * FROM cells
  WHERE lines <> 0 OR booked_lines <> 0 OR booked_orders <> 0 OR booked_minor <> 0
    OR voided_minor <> 0
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT contribution_order_days_key DO UPDATE
    SET lines = t.lines + excluded.lines, booked_lines = t.booked_lines + excluded.booked_lines,
        booked_orders = t.booked_orders + excluded.booked_orders,
        booked_minor = t.booked_minor + excluded.booked_minor,
        voided_minor = t.voided_minor + excluded.voided_minor;

  WITH c AS (
    SELECT * FROM unnest(changes)
  ), per_line AS (
    SELECT c.order_id, c.product_line_id, sum(c.sign) AS dn,
      sum(c.sign * c.line_total_minor) AS dtotal,
      (SELECT count(*) FROM order_lines l
        WHERE l.order_id = c.order_id AND l.product_line_id = c.product_line_id) AS n_after
    FROM c GROUP BY c.order_id, c.product_line_id
  ), cells AS (
    SELECT contribution_shanghai_day(o.placed_at) AS day, o.partner_id,
      r.partner_id AS source_partner_id, o.shipping_address->>'regionCode' AS region_code,
      p.product_line_id, o.currency,
      sum(p.dn) AS lines,
      coalesce(sum(p.dn) FILTER (WHERE contribution_order_status_class(o.status) = 'booked'), 0)
        AS booked_lines,
      coalesce(sum((p.n_after > 0)::int - (p.n_after - p.dn > 0)::int)
        FILTER (WHERE contribution_order_status_class(o.status) = 'booked'), 0) AS booked_orders,
      coalesce(sum(p.dtotal) FILTER (WHERE contribution_order_status_class(o.status) = 'booked'), 0)
        AS booked_minor,
      coalesce(sum(p.dtotal) FILTER (WHERE contribution_order_status_class(o.status) = 'voided'), 0)
        AS voided_minor
    FROM per_line p
    JOIN orders o ON o.id = p.order_id
    LEFT JOIN registrations r ON r.id = o.registration_id
    GROUP BY 1, 2, 3, 4, 5, 6
  )
  INSERT INTO contribution_order_line_days AS t (day, partner_id, source_partner_id, region_code,
    product_line_id, currency, lines, booked_lines, booked_orders, booked_minor, voided_minor)
  SELECT * FROM cells
  WHERE lines <> 0 OR booked_lines <> 0 OR booked_orders <> 0 OR booked_minor <> 0
    OR voided_minor <> 0
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ON CONSTRAINT contribution_order_line_days_key DO UPDATE
    SET lines = t.lines + excluded.lines, booked_lines = t.booked_lines + excluded.booked_lines,
        booked_orders = t.booked_orders + excluded.booked_orders,
        booked_minor = t.booked_minor + excluded.booked_minor,
        voided_minor = t.voided_minor + excluded.voided_minor;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "contribution_order_lines_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM contribution_apply_line_changes(ARRAY(
    SELECT ROW(order_id, product_line_id, line_total_minor, 1)::contribution_line_change
      FROM added_lines));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "contribution_order_lines_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM contribution_apply_line_changes(ARRAY(
    SELECT ROW(o.order_id, o.product_line_id, o.line_total_minor, -1)::contribution_line_change
      FROM removed_lines o JOIN added_lines n ON n.id = o.id
     WHERE (o.order_id, o.product_line_id, o.line_total_minor)
           IS DISTINCT FROM (n.order_id, n.product_line_id, n.line_total_minor)
    UNION ALL
    SELECT ROW(n.order_id, n.product_line_id, n.line_total_minor, 1)::contribution_line_change
      FROM removed_lines o JOIN added_lines n ON n.id = o.id
     WHERE (o.order_id, o.product_line_id, o.line_total_minor)
           IS DISTINCT FROM (n.order_id, n.product_line_id, n.line_total_minor)));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "contribution_order_lines_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Lines deleted with their order (cascade) find no order any more: the order's delete trigger
  -- has taken their share out already.
  PERFORM contribution_apply_line_changes(ARRAY(
    SELECT ROW(order_id, product_line_id, line_total_minor, -1)::contribution_line_change
      FROM removed_lines));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "order_lines_contribution_rollups_insert" AFTER INSERT ON "order_lines"
  REFERENCING NEW TABLE AS added_lines
  FOR EACH STATEMENT EXECUTE FUNCTION contribution_order_lines_inserted();
--> statement-breakpoint
CREATE TRIGGER "order_lines_contribution_rollups_update" AFTER UPDATE ON "order_lines"
  REFERENCING OLD TABLE AS removed_lines NEW TABLE AS added_lines
  FOR EACH STATEMENT EXECUTE FUNCTION contribution_order_lines_updated();
--> statement-breakpoint
CREATE TRIGGER "order_lines_contribution_rollups_delete" AFTER DELETE ON "order_lines"
  REFERENCING OLD TABLE AS removed_lines
  FOR EACH STATEMENT EXECUTE FUNCTION contribution_order_lines_deleted();
--> statement-breakpoint
-- A registration's completed stays (stage, whole hours) from its history, leaving out the events
-- in `excluded` (to compute its share before they were recorded). Entries: 'registered' when
-- protection started, then each stage change after it; repeated stages continue the stay.
CREATE FUNCTION "contribution_stage_stays_of"(r registrations, excluded bigint[])
RETURNS TABLE (stage registration_stage, hours integer) LANGUAGE sql STABLE AS $$
  WITH entries AS (
    SELECT 'registered'::registration_stage AS stage, r.protection_starts_at AS at, 0 AS o,
      0::bigint AS id
    WHERE r.protection_starts_at IS NOT NULL
    UNION ALL
    SELECT e.to_stage, e.created_at, 1, e.id
    FROM registration_events e
    WHERE r.protection_starts_at IS NOT NULL AND e.registration_id = r.id
      AND e.to_stage IS NOT NULL AND e.created_at > r.protection_starts_at
      AND NOT (e.id = ANY (excluded))
  ), ordered AS (
    SELECT stage, at, o, id, lag(stage) OVER (ORDER BY at, o, id) AS previous FROM entries
  ), changes AS (
    SELECT stage, at, lead(at) OVER (ORDER BY at, o, id) AS left_at
    FROM ordered WHERE previous IS DISTINCT FROM stage
  )
  SELECT stage, floor(extract(epoch FROM left_at - at) / 3600)::integer
  FROM changes
  WHERE left_at IS NOT NULL AND stage NOT IN ('won', 'lost')
$$;
--> statement-breakpoint
-- One registration's share of the registration rollups, times sign (+1 in, −1 out), with its
-- history less the events in `excluded`.
CREATE FUNCTION "contribution_apply_registration"(r registrations, excluded bigint[], sign integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  submitted_on date := contribution_shanghai_day(r.submitted_at);
  furthest smallint;
BEGIN
  SELECT greatest(contribution_stage_ordinal(r.stage::text),
      coalesce(max(contribution_stage_ordinal(e.to_stage::text)), 0))
    INTO furthest
    FROM registration_events e
   WHERE e.registration_id = r.id AND e.to_stage IS NOT NULL AND NOT (e.id = ANY (excluded));

  INSERT INTO contribution_submission_days AS t (day, partner_id, region_code, product_line_id,
    approved, furthest_stage, status, lost_reason_code, registrations)
  VALUES (submitted_on, r.partner_id, r.region_code, r.product_line_id,
    r.protection_starts_at IS NOT NULL, furthest, r.status, r.lost_reason_code, sign)
  ON CONFLICT ON CONSTRAINT contribution_submission_days_key DO UPDATE
    SET registrations = t.registrations + excluded.registrations;

  IF r.decided_at IS NOT NULL THEN
    INSERT INTO contribution_decision_days AS t (day, partner_id, region_code, product_line_id,
      decided, approved)
    VALUES (contribution_shanghai_day(r.decided_at), r.partner_id, r.region_code,
      r.product_line_id, sign, CASE WHEN r.protection_starts_at IS NOT NULL THEN sign ELSE 0 END)
    ON CONFLICT ON CONSTRAINT contribution_decision_days_key DO UPDATE
      SET decided = t.decided + excluded.decided, approved = t.approved + excluded.approved;
  END IF;

  INSERT INTO contribution_outcome_days AS t (day, outcome, partner_id, fulfilment_partner_id,
    region_code, product_line_id, currency, registrations, won_minor, days_to_close)
  SELECT o.day, o.outcome, r.partner_id, r.fulfilment_partner_id, r.region_code,
    r.product_line_id, r.currency, sign, sign * o.won_minor, sign * o.days_to_close
  FROM (
    SELECT r.won_on AS day, 'won' AS outcome, coalesce(r.won_amount_minor, 0) AS won_minor,
      r.won_on - submitted_on AS days_to_close
    WHERE r.status = 'won' AND r.won_on IS NOT NULL
    UNION ALL
    SELECT contribution_shanghai_day(r.closed_at), 'lost', 0, 0
    WHERE r.status = 'lost' AND r.closed_at IS NOT NULL
    UNION ALL
    SELECT contribution_shanghai_day(r.protection_ends_at), 'expired', 0, 0
    WHERE r.status IN ('approved', 'expired') AND r.protection_ends_at IS NOT NULL
  ) o
  ON CONFLICT ON CONSTRAINT contribution_outcome_days_key DO UPDATE
    SET registrations = t.registrations + excluded.registrations,
        won_minor = t.won_minor + excluded.won_minor,
        days_to_close = t.days_to_close + excluded.days_to_close;

  INSERT INTO contribution_stage_stays AS t (day, partner_id, region_code, product_line_id, stage,
    hours, stays)
  SELECT submitted_on, r.partner_id, r.region_code, r.product_line_id, s.stage, s.hours,
    sign * count(*)
  FROM contribution_stage_stays_of(r, excluded) s
  GROUP BY s.stage, s.hours
  ORDER BY s.stage, s.hours
  ON CONFLICT ON CONSTRAINT contribution_stage_stays_key DO UPDATE
    SET stays = t.stays + excluded.stays;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "contribution_registrations_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  linked orders;
BEGIN
  IF TG_OP = 'DELETE' THEN
    -- Before the row goes: its history (deleted with it by cascade) must still be readable.
    PERFORM contribution_apply_registration(OLD, '{}', -1);
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    PERFORM contribution_apply_registration(OLD, '{}', -1);
    IF NEW.partner_id IS DISTINCT FROM OLD.partner_id THEN
      -- The orders linked to it are sourced by its partner: move them to the new one.
      FOR linked IN SELECT * FROM orders WHERE registration_id = NEW.id ORDER BY id LOOP
        PERFORM contribution_apply_orders(linked, OLD.partner_id, linked, NEW.partner_id);
      END LOOP;
    END IF;
  END IF;
  PERFORM contribution_apply_registration(NEW, '{}', 1);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "registrations_contribution_rollups" AFTER INSERT ON "registrations"
  FOR EACH ROW EXECUTE FUNCTION contribution_registrations_changed();
--> statement-breakpoint
CREATE TRIGGER "registrations_contribution_rollups_update" AFTER UPDATE ON "registrations"
  FOR EACH ROW
  WHEN ((OLD.partner_id, OLD.fulfilment_partner_id, OLD.region_code, OLD.product_line_id,
         OLD.currency, OLD.status, OLD.stage, OLD.submitted_at, OLD.decided_at,
         OLD.protection_starts_at, OLD.protection_ends_at, OLD.won_amount_minor, OLD.won_on,
         OLD.lost_reason_code, OLD.closed_at)
        IS DISTINCT FROM
        (NEW.partner_id, NEW.fulfilment_partner_id, NEW.region_code, NEW.product_line_id,
         NEW.currency, NEW.status, NEW.stage, NEW.submitted_at, NEW.decided_at,
         NEW.protection_starts_at, NEW.protection_ends_at, NEW.won_amount_minor, NEW.won_on,
         NEW.lost_reason_code, NEW.closed_at))
  EXECUTE FUNCTION contribution_registrations_changed();
--> statement-breakpoint
CREATE TRIGGER "registrations_contribution_rollups_delete" BEFORE DELETE ON "registrations"
  FOR EACH ROW EXECUTE FUNCTION contribution_registrations_changed();
--> statement-breakpoint
-- Stage history is append-only: new events with a stage move the furthest stage and the stays of
-- their registration (its share before them out, after them in), under the registration's lock.
CREATE FUNCTION "contribution_registration_events_added"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched uuid;
  event_ids bigint[];
  r registrations;
BEGIN
  FOR touched, event_ids IN
    SELECT registration_id, array_agg(id) FROM added_events
     WHERE to_stage IS NOT NULL GROUP BY registration_id ORDER BY registration_id
  LOOP
    SELECT * INTO r FROM registrations WHERE id = touched FOR NO KEY UPDATE;
    IF FOUND THEN
      PERFORM contribution_apply_registration(r, event_ids, -1);
      PERFORM contribution_apply_registration(r, '{}', 1);
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "registration_events_contribution_rollups" AFTER INSERT ON "registration_events"
  REFERENCING NEW TABLE AS added_events
  FOR EACH STATEMENT EXECUTE FUNCTION contribution_registration_events_added();
--> statement-breakpoint
-- Every rollup recomputed from the source rows in a few set-based statements: for this migration
-- and after a bulk load that ran with the rollup triggers disabled.
CREATE FUNCTION "contribution_rollups_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE contribution_order_days, contribution_order_line_days, contribution_submission_days,
    contribution_decision_days, contribution_outcome_days, contribution_stage_stays;

  INSERT INTO contribution_order_days (day, partner_id, source_partner_id, region_code, currency,
    lines, booked_lines, booked_orders, booked_minor, voided_minor)
  SELECT contribution_shanghai_day(o.placed_at), o.partner_id, r.partner_id,
    o.shipping_address->>'regionCode', o.currency,
    sum(l.n),
    coalesce(sum(l.n) FILTER (WHERE contribution_order_status_class(o.status) = 'booked'), 0),
    count(*) FILTER (WHERE contribution_order_status_class(o.status) = 'booked'),
    coalesce(sum(l.total) FILTER (WHERE contribution_order_status_class(o.status) = 'booked'), 0),
    coalesce(sum(l.total) FILTER (WHERE contribution_order_status_class(o.status) = 'voided'), 0)
  FROM (SELECT order_id, count(*) AS n, sum(line_total_minor) AS total
          FROM order_lines GROUP BY order_id) l
  JOIN orders o ON o.id = l.order_id
  LEFT JOIN registrations r ON r.id = o.registration_id
  GROUP BY 1, 2, 3, 4, 5;

  INSERT INTO contribution_order_line_days (day, partner_id, source_partner_id, region_code,
    product_line_id, currency, lines, booked_lines, booked_orders, booked_minor, voided_minor)
  SELECT contribution_shanghai_day(o.placed_at), o.partner_id, r.partner_id,
    o.shipping_address->>'regionCode', l.product_line_id, o.currency,
    sum(l.n),
    coalesce(sum(l.n) FILTER (WHERE contribution_order_status_class(o.status) = 'booked'), 0),
    count(*) FILTER (WHERE contribution_order_status_class(o.status) = 'booked'),
    coalesce(sum(l.total) FILTER (WHERE contribution_order_status_class(o.status) = 'booked'), 0),
    coalesce(sum(l.total) FILTER (WHERE contribution_order_status_class(o.status) = 'voided'), 0)
  FROM (SELECT order_id, product_line_id, count(*) AS n, sum(line_total_minor) AS total
          FROM order_lines GROUP BY order_id, product_line_id) l
  JOIN orders o ON o.id = l.order_id
  LEFT JOIN registrations r ON r.id = o.registration_id
  GROUP BY 1, 2, 3, 4, 5, 6;

  INSERT INTO contribution_submission_days (day, partner_id, region_code, product_line_id,
    approved, furthest_stage, status, lost_reason_code, registrations)
  SELECT contribution_shanghai_day(r.submitted_at), r.partner_id, r.region_code,
    r.product_line_id, r.protection_starts_at IS NOT NULL,
    greatest(contribution_stage_ordinal(r.stage::text), coalesce(e.furthest, 0)),
    r.status, r.lost_reason_code, count(*)
  FROM registrations r
  LEFT JOIN (SELECT registration_id, max(contribution_stage_ordinal(to_stage::text)) AS furthest
               FROM registration_events WHERE to_stage IS NOT NULL
              GROUP BY registration_id) e ON e.registration_id = r.id
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

  INSERT INTO contribution_decision_days (day, partner_id, region_code, product_line_id, decided,
    approved)
  SELECT contribution_shanghai_day(r.decided_at), r.partner_id, r.region_code, r.product_line_id,
    count(*), count(*) FILTER (WHERE r.protection_starts_at IS NOT NULL)
  FROM registrations r WHERE r.decided_at IS NOT NULL
  GROUP BY 1, 2, 3, 4;

  INSERT INTO contribution_outcome_days (day, outcome, partner_id, fulfilment_partner_id,
    region_code, product_line_id, currency, registrations, won_minor, days_to_close)
  SELECT o.day, o.outcome, r.partner_id, r.fulfilment_partner_id, r.region_code,
    r.product_line_id, r.currency, count(*), sum(o.won_minor), sum(o.days_to_close)
  FROM registrations r
  CROSS JOIN LATERAL (
    SELECT r.won_on AS day, 'won' AS outcome, coalesce(r.won_amount_minor, 0) AS won_minor,
      r.won_on - contribution_shanghai_day(r.submitted_at) AS days_to_close
    WHERE r.status = 'won' AND r.won_on IS NOT NULL
    UNION ALL
    SELECT contribution_shanghai_day(r.closed_at), 'lost', 0, 0
    WHERE r.status = 'lost' AND r.closed_at IS NOT NULL
    UNION ALL
    SELECT contribution_shanghai_day(r.protection_ends_at), 'expired', 0, 0
    WHERE r.status IN ('approved', 'expired') AND r.protection_ends_at IS NOT NULL
  ) o
  GROUP BY 1, 2, 3, 4, 5, 6, 7;

  INSERT INTO contribution_stage_stays (day, partner_id, region_code, product_line_id, stage,
    hours, stays)
  WITH entries AS (
    SELECT r.id AS registration_id, 'registered'::registration_stage AS stage,
      r.protection_starts_at AS at, 0 AS o, 0::bigint AS id
    FROM registrations r WHERE r.protection_starts_at IS NOT NULL
    UNION ALL
    SELECT e.registration_id, e.to_stage, e.created_at, 1, e.id
    FROM registration_events e JOIN registrations r ON r.id = e.registration_id
    WHERE r.protection_starts_at IS NOT NULL AND e.to_stage IS NOT NULL
      AND e.created_at > r.protection_starts_at
  ), ordered AS (
    SELECT registration_id, stage, at, o, id,
      lag(stage) OVER (PARTITION BY registration_id ORDER BY at, o, id) AS previous
    FROM entries
  ), changes AS (
    SELECT registration_id, stage, at,
      lead(at) OVER (PARTITION BY registration_id ORDER BY at, o, id) AS left_at
    FROM ordered WHERE previous IS DISTINCT FROM stage
  )
  SELECT contribution_shanghai_day(r.submitted_at), r.partner_id, r.region_code,
    r.product_line_id, c.stage, floor(extract(epoch FROM c.left_at - c.at) / 3600)::integer,
    count(*)
  FROM changes c JOIN registrations r ON r.id = c.registration_id
  WHERE c.left_at IS NOT NULL AND c.stage NOT IN ('won', 'lost')
  GROUP BY 1, 2, 3, 4, 5, 6;
END
$$;
--> statement-breakpoint
SELECT contribution_rollups_rebuild();
