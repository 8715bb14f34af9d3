-- product_stock's totals are now changed by the difference each stock_levels row makes, not
-- recomputed from a sum. The sum was read with the statement's snapshot before the trigger waited
-- for the totals row's lock, so two transactions changing two warehouses of one SKU at once could
-- each write a total that missed the other's change. An UPDATE that waits for a row lock
-- re-evaluates `on_hand + change` on the row as committed by the lock's holder, so deltas add up
-- under any concurrency. The restock date (a minimum, which a delta cannot express) is recomputed
-- only when a row's contribution to it changes, in a later statement of the same call: that
-- statement's snapshot is taken after the lock is held, so it sees every earlier writer's levels.
CREATE FUNCTION "apply_product_stock_change"(
  target uuid,
  on_hand_change integer,
  reserved_change integer,
  restock_changes boolean,
  removal boolean
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "product_stock"
     SET "on_hand" = "on_hand" + on_hand_change,
         "reserved" = "reserved" + reserved_change,
         "available" = "available" + (on_hand_change - reserved_change)
   WHERE "product_id" = target;
  IF NOT FOUND THEN
    -- A row removed while its product (and so its totals row) is being deleted: nothing to keep.
    IF removal THEN
      RETURN;
    END IF;
    -- No totals row (products get one when created, so only for rows from before that trigger):
    -- start from the sum, which includes this change. A concurrent first writer that inserted
    -- the row in between meets the ON CONFLICT branch and adds its difference instead.
    INSERT INTO "product_stock" ("product_id", "on_hand", "reserved", "available")
    SELECT target,
           coalesce(sum(s.on_hand), 0),
           coalesce(sum(s.reserved), 0),
           coalesce(sum(s.on_hand - s.reserved), 0)
      FROM "stock_levels" s
     WHERE s.product_id = target
    ON CONFLICT ("product_id") DO UPDATE
       SET "on_hand" = "product_stock"."on_hand" + on_hand_change,
           "reserved" = "product_stock"."reserved" + reserved_change,
           "available" = "product_stock"."available" + (on_hand_change - reserved_change);
    restock_changes := true;
  END IF;
  IF restock_changes THEN
    UPDATE "product_stock"
       SET "restock_date" = (
             SELECT min(s.restock_date) FILTER (WHERE s.on_hand - s.reserved <= 0)
               FROM "stock_levels" s
              WHERE s.product_id = target)
     WHERE "product_id" = target;
  END IF;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "refresh_product_stock"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  -- What a row adds to the restock date: its own date while it has nothing available.
  old_restock date;
  new_restock date;
BEGIN
  IF TG_OP = 'INSERT' THEN
    new_restock := CASE WHEN NEW.on_hand - NEW.reserved <= 0 THEN NEW.restock_date END;
    PERFORM "apply_product_stock_change"(
      NEW.product_id, NEW.on_hand, NEW.reserved, new_restock IS NOT NULL, false);
  ELSIF TG_OP = 'DELETE' THEN
    old_restock := CASE WHEN OLD.on_hand - OLD.reserved <= 0 THEN OLD.restock_date END;
    PERFORM "apply_product_stock_change"(
      OLD.product_id, -OLD.on_hand, -OLD.reserved, old_restock IS NOT NULL, true);
  ELSIF NEW.product_id IS DISTINCT FROM OLD.product_id THEN
    old_restock := CASE WHEN OLD.on_hand - OLD.reserved <= 0 THEN OLD.restock_date END;
    new_restock := CASE WHEN NEW.on_hand - NEW.reserved <= 0 THEN NEW.restock_date END;
    PERFORM "apply_product_stock_change"(
      OLD.product_id, -OLD.on_hand, -OLD.reserved, old_restock IS NOT NULL, true);
    PERFORM "apply_product_stock_change"(
      NEW.product_id, NEW.on_hand, NEW.reserved, new_restock IS NOT NULL, false);
  ELSE
    old_restock := CASE WHEN OLD.on_hand - OLD.reserved <= 0 THEN OLD.restock_date END;
    new_restock := CASE WHEN NEW.on_hand - NEW.reserved <= 0 THEN NEW.restock_date END;
    IF NEW.on_hand = OLD.on_hand AND NEW.reserved = OLD.reserved
       AND new_restock IS NOT DISTINCT FROM old_restock THEN
      RETURN NULL;
    END IF;
    PERFORM "apply_product_stock_change"(
      NEW.product_id,
      NEW.on_hand - OLD.on_hand,
      NEW.reserved - OLD.reserved,
      new_restock IS DISTINCT FROM old_restock,
      false);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Totals written by the old trigger under a race may be stale: recompute them once.
UPDATE "product_stock" ps
   SET "on_hand" = t.on_hand,
       "reserved" = t.reserved,
       "available" = t.available,
       "restock_date" = t.restock_date
  FROM (
    SELECT p.id AS product_id,
           coalesce(sum(s.on_hand), 0)::integer AS on_hand,
           coalesce(sum(s.reserved), 0)::integer AS reserved,
           coalesce(sum(s.on_hand - s.reserved), 0)::integer AS available,
           min(s.restock_date) FILTER (WHERE s.on_hand - s.reserved <= 0) AS restock_date
      FROM "products" p
      LEFT JOIN "stock_levels" s ON s.product_id = p.id
     GROUP BY p.id
  ) t
 WHERE ps.product_id = t.product_id
   AND (ps.on_hand, ps.reserved, ps.available, ps.restock_date)
       IS DISTINCT FROM (t.on_hand, t.reserved, t.available, t.restock_date);
