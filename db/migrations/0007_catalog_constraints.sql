-- Price rows never overlap in time for the same thing they price, so exactly one rule of each kind
-- applies on any date (ADR 0008). Dates are inclusive at both ends; a null end is open-ended.
ALTER TABLE "tier_discounts" ADD CONSTRAINT "tier_discounts_no_overlap"
  EXCLUDE USING gist (
    "tier" WITH =,
    "product_line_id" WITH =,
    daterange("valid_from", "valid_to", '[]') WITH &&
  );
--> statement-breakpoint
ALTER TABLE "contract_prices" ADD CONSTRAINT "contract_prices_no_overlap"
  EXCLUDE USING gist (
    "partner_id" WITH =,
    "product_id" WITH =,
    daterange("valid_from", "valid_to", '[]') WITH &&
  );
--> statement-breakpoint
ALTER TABLE "volume_breaks" ADD CONSTRAINT "volume_breaks_product_no_overlap"
  EXCLUDE USING gist (
    "tier" WITH =,
    "product_id" WITH =,
    "min_quantity" WITH =,
    daterange("valid_from", "valid_to", '[]') WITH &&
  ) WHERE ("product_id" IS NOT NULL);
--> statement-breakpoint
ALTER TABLE "volume_breaks" ADD CONSTRAINT "volume_breaks_line_no_overlap"
  EXCLUDE USING gist (
    "tier" WITH =,
    "product_line_id" WITH =,
    "min_quantity" WITH =,
    daterange("valid_from", "valid_to", '[]') WITH &&
  ) WHERE ("product_line_id" IS NOT NULL);
--> statement-breakpoint
-- Per-SKU stock totals, kept in the same transaction as every stock_levels change: catalog pages
-- filter and sort by availability without aggregating warehouses per request.
CREATE FUNCTION "refresh_product_stock"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    target := OLD.product_id;
  ELSE
    target := NEW.product_id;
  END IF;
  INSERT INTO "product_stock" ("product_id", "on_hand", "reserved", "available", "restock_date")
  SELECT target,
         coalesce(sum(s.on_hand), 0),
         coalesce(sum(s.reserved), 0),
         coalesce(sum(s.on_hand - s.reserved), 0),
         min(s.restock_date) FILTER (WHERE s.on_hand - s.reserved <= 0)
    FROM "stock_levels" s
   WHERE s.product_id = target
  ON CONFLICT ("product_id") DO UPDATE
     SET "on_hand" = excluded."on_hand",
         "reserved" = excluded."reserved",
         "available" = excluded."available",
         "restock_date" = excluded."restock_date";
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "stock_levels_refresh_product_stock"
  AFTER INSERT OR UPDATE OR DELETE ON "stock_levels"
  FOR EACH ROW EXECUTE FUNCTION "refresh_product_stock"();
--> statement-breakpoint
-- A product with no stock rows yet still has a totals row (0 available), so catalog joins are inner.
CREATE FUNCTION "create_product_stock"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "product_stock" ("product_id") VALUES (NEW.id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "products_create_product_stock"
  AFTER INSERT ON "products"
  FOR EACH ROW EXECUTE FUNCTION "create_product_stock"();
--> statement-breakpoint
INSERT INTO "catalog_settings" ("id") VALUES (1) ON CONFLICT DO NOTHING;
