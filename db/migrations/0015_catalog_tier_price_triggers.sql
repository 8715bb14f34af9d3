-- catalog_tier_prices: each tier's price of each product at one unit, before contracts, as time
-- segments (ADR 0016). Recomputed for the (tier, product) pairs a statement on products,
-- tier_discounts or volume_breaks can change, in that statement's transaction. The resolution is
-- netPriceJoin's (ADR 0008/0010) at quantity 1 without contracts: the SKU's break at one unit,
-- else the product line's, else the tier discount, else list; a fixed break price in another
-- currency than the product's never applies. Exclusion constraints (migration 0007) leave at most
-- one row of each kind on any date, so plain joins find it.
CREATE FUNCTION "refresh_catalog_tier_prices"(target_tiers partner_tier[], target_products uuid[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(cardinality(target_products), 0) = 0 THEN
    RETURN;
  END IF;
  -- Writers of prices queue here, so each recomputation (a statement begun after the lock is
  -- granted) reads the rules every earlier writer committed and rewrites rows none holds.
  PERFORM pg_advisory_xact_lock(7710015);

  DELETE FROM "catalog_tier_prices" ctp
   USING unnest(target_tiers, target_products) AS t(tier, product_id)
   WHERE ctp.tier = t.tier AND ctp.product_id = t.product_id;

  INSERT INTO "catalog_tier_prices" ("tier", "product_id", "valid_from", "valid_to", "unit_net_minor")
  WITH targets AS (
    SELECT DISTINCT t.tier, p.id AS product_id, p.product_line_id, p.list_price_minor, p.currency
      FROM unnest(target_tiers, target_products) AS t(tier, product_id)
      JOIN "products" p ON p.id = t.product_id
  ),
  rule_days AS (
    SELECT t.tier, t.product_id, td.valid_from, td.valid_to
      FROM targets t
      JOIN "tier_discounts" td ON td.tier = t.tier AND td.product_line_id = t.product_line_id
    UNION ALL
    SELECT t.tier, t.product_id, vb.valid_from, vb.valid_to
      FROM targets t
      JOIN "volume_breaks" vb ON vb.tier = t.tier AND vb.min_quantity = 1
       AND (vb.product_id = t.product_id OR vb.product_line_id = t.product_line_id)
  ),
  bounds AS (
    SELECT tier, product_id, '-infinity'::date AS day FROM targets
    UNION
    SELECT tier, product_id, valid_from FROM rule_days
    UNION
    SELECT tier, product_id, valid_to + 1 FROM rule_days WHERE valid_to IS NOT NULL
  ),
  segments AS (
    SELECT tier, product_id, day AS valid_from,
           lead(day) OVER (PARTITION BY tier, product_id ORDER BY day) - 1 AS valid_to
      FROM bounds
  )
  SELECT s.tier, s.product_id, s.valid_from, s.valid_to,
         coalesce(
           CASE WHEN sb.price_minor IS NOT NULL THEN sb.price_minor
                WHEN sb.discount_bps IS NOT NULL
                  THEN (t.list_price_minor * (10000 - sb.discount_bps) + 5000) / 10000 END,
           CASE WHEN lb.price_minor IS NOT NULL THEN lb.price_minor
                WHEN lb.discount_bps IS NOT NULL
                  THEN (t.list_price_minor * (10000 - lb.discount_bps) + 5000) / 10000 END,
           (t.list_price_minor * (10000 - td.discount_bps) + 5000) / 10000,
           t.list_price_minor)
    FROM segments s
    JOIN targets t ON t.tier = s.tier AND t.product_id = s.product_id
    LEFT JOIN "volume_breaks" sb
      ON sb.tier = s.tier AND sb.product_id = s.product_id AND sb.min_quantity = 1
     AND (sb.price_minor IS NULL OR sb.currency = t.currency)
     AND sb.valid_from <= s.valid_from AND (sb.valid_to IS NULL OR sb.valid_to >= s.valid_from)
    LEFT JOIN "volume_breaks" lb
      ON lb.tier = s.tier AND lb.product_line_id = t.product_line_id AND lb.min_quantity = 1
     AND (lb.price_minor IS NULL OR lb.currency = t.currency)
     AND lb.valid_from <= s.valid_from AND (lb.valid_to IS NULL OR lb.valid_to >= s.valid_from)
    LEFT JOIN "tier_discounts" td
      ON td.tier = s.tier AND td.product_line_id = t.product_line_id
     AND td.valid_from <= s.valid_from AND (td.valid_to IS NULL OR td.valid_to >= s.valid_from);
END;
$$;
--> statement-breakpoint
-- Products: a new product, or a changed list price, currency or product line, for every tier.
CREATE FUNCTION "products_refresh_catalog_tier_prices"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tiers partner_tier[];
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(t.tier), array_agg(n.id) INTO tiers, ids
      FROM new_rows n CROSS JOIN unnest(enum_range(NULL::partner_tier)) AS t(tier);
  ELSE
    SELECT array_agg(t.tier), array_agg(n.id) INTO tiers, ids
      FROM new_rows n
      JOIN old_rows o ON o.id = n.id
      CROSS JOIN unnest(enum_range(NULL::partner_tier)) AS t(tier)
     WHERE (n.list_price_minor, n.currency, n.product_line_id)
           IS DISTINCT FROM (o.list_price_minor, o.currency, o.product_line_id);
  END IF;
  PERFORM "refresh_catalog_tier_prices"(tiers, ids);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "products_insert_catalog_tier_prices"
  AFTER INSERT ON "products" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "products_refresh_catalog_tier_prices"();
--> statement-breakpoint
CREATE TRIGGER "products_update_catalog_tier_prices"
  AFTER UPDATE ON "products" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "products_refresh_catalog_tier_prices"();
--> statement-breakpoint
-- Tier discounts: every product of each (tier, product line) a changed row belonged to.
CREATE FUNCTION "tier_discounts_refresh_catalog_tier_prices"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_tiers partner_tier[] := '{}';
  changed_lines uuid[] := '{}';
  tiers partner_tier[];
  ids uuid[];
BEGIN
  -- A trigger sees only the transition tables its event declares.
  IF TG_OP <> 'DELETE' THEN
    SELECT changed_tiers || array_agg(tier), changed_lines || array_agg(product_line_id)
      INTO changed_tiers, changed_lines FROM new_rows;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT changed_tiers || array_agg(tier), changed_lines || array_agg(product_line_id)
      INTO changed_tiers, changed_lines FROM old_rows;
  END IF;
  WITH changed AS (
    SELECT DISTINCT c.tier, c.product_line_id
      FROM unnest(changed_tiers, changed_lines) AS c(tier, product_line_id)
  )
  SELECT array_agg(c.tier), array_agg(p.id) INTO tiers, ids
    FROM changed c JOIN "products" p ON p.product_line_id = c.product_line_id;
  PERFORM "refresh_catalog_tier_prices"(tiers, ids);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Volume breaks from one unit (the only ones the catalog's price can use): the SKU, or every
-- product of the line, for the break's tier.
CREATE FUNCTION "volume_breaks_refresh_catalog_tier_prices"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_tiers partner_tier[] := '{}';
  changed_products uuid[] := '{}';
  changed_lines uuid[] := '{}';
  tiers partner_tier[];
  ids uuid[];
BEGIN
  IF TG_OP <> 'DELETE' THEN
    SELECT changed_tiers || array_agg(tier), changed_products || array_agg(product_id),
           changed_lines || array_agg(product_line_id)
      INTO changed_tiers, changed_products, changed_lines
      FROM new_rows WHERE min_quantity = 1;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT changed_tiers || array_agg(tier), changed_products || array_agg(product_id),
           changed_lines || array_agg(product_line_id)
      INTO changed_tiers, changed_products, changed_lines
      FROM old_rows WHERE min_quantity = 1;
  END IF;
  WITH changed AS (
    SELECT c.tier, c.product_id, c.product_line_id
      FROM unnest(changed_tiers, changed_products, changed_lines)
        AS c(tier, product_id, product_line_id)
  ),
  pairs AS (
    SELECT c.tier, c.product_id FROM changed c WHERE c.product_id IS NOT NULL
    UNION
    SELECT c.tier, p.id FROM changed c JOIN "products" p ON p.product_line_id = c.product_line_id
  )
  SELECT array_agg(tier), array_agg(product_id) INTO tiers, ids FROM pairs;
  PERFORM "refresh_catalog_tier_prices"(tiers, ids);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "tier_discounts_insert_catalog_tier_prices"
  AFTER INSERT ON "tier_discounts" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "tier_discounts_refresh_catalog_tier_prices"();
--> statement-breakpoint
CREATE TRIGGER "tier_discounts_update_catalog_tier_prices"
  AFTER UPDATE ON "tier_discounts" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "tier_discounts_refresh_catalog_tier_prices"();
--> statement-breakpoint
CREATE TRIGGER "tier_discounts_delete_catalog_tier_prices"
  AFTER DELETE ON "tier_discounts" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "tier_discounts_refresh_catalog_tier_prices"();
--> statement-breakpoint
CREATE TRIGGER "volume_breaks_insert_catalog_tier_prices"
  AFTER INSERT ON "volume_breaks" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "volume_breaks_refresh_catalog_tier_prices"();
--> statement-breakpoint
CREATE TRIGGER "volume_breaks_update_catalog_tier_prices"
  AFTER UPDATE ON "volume_breaks" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "volume_breaks_refresh_catalog_tier_prices"();
--> statement-breakpoint
CREATE TRIGGER "volume_breaks_delete_catalog_tier_prices"
  AFTER DELETE ON "volume_breaks" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "volume_breaks_refresh_catalog_tier_prices"();
--> statement-breakpoint
-- Every product that exists already.
SELECT "refresh_catalog_tier_prices"(array_agg(t.tier), array_agg(p.id))
  FROM "products" p CROSS JOIN unnest(enum_range(NULL::partner_tier)) AS t(tier);
