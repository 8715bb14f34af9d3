CREATE TYPE "public"."availability_display" AS ENUM('exact', 'banded');--> statement-breakpoint
CREATE TYPE "public"."price_policy_status" AS ENUM('draft', 'published', 'withdrawn');--> statement-breakpoint
CREATE TABLE "catalog_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"availability_display" "availability_display" DEFAULT 'exact' NOT NULL,
	"low_stock_threshold" integer DEFAULT 10 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalog_settings_single_row" CHECK ("catalog_settings"."id" = 1),
	CONSTRAINT "catalog_settings_threshold" CHECK ("catalog_settings"."low_stock_threshold" between 0 and 1000000)
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_en" text NOT NULL,
	"name_zh" text NOT NULL,
	"sort_order" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_prices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"price_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"policy_id" uuid,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contract_prices_price_nonneg" CHECK ("contract_prices"."price_minor" >= 0),
	CONSTRAINT "contract_prices_dates" CHECK ("contract_prices"."valid_to" is null or "contract_prices"."valid_to" >= "contract_prices"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "price_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"effective_from" date NOT NULL,
	"status" "price_policy_status" DEFAULT 'draft' NOT NULL,
	"audience_tiers" "partner_tier"[] DEFAULT '{}' NOT NULL,
	"partner_id" uuid,
	"created_by_id" uuid,
	"published_at" timestamp with time zone,
	"published_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "price_policy_acknowledgements" (
	"policy_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"acknowledged_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_policy_acknowledgements_policy_id_user_id_pk" PRIMARY KEY("policy_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "product_stock" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"on_hand" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"available" integer DEFAULT 0 NOT NULL,
	"restock_date" date
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"product_line_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"unit" text DEFAULT 'pcs' NOT NULL,
	"list_price_minor" bigint NOT NULL,
	"currency" char(3) DEFAULT 'CNY' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"image_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_list_price_nonneg" CHECK ("products"."list_price_minor" >= 0),
	CONSTRAINT "products_currency_format" CHECK ("products"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "products_sku_format" CHECK ("products"."sku" = upper(btrim("products"."sku")) and "products"."sku" <> '')
);
--> statement-breakpoint
CREATE TABLE "stock_adjustments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"product_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"delta" integer NOT NULL,
	"on_hand_after" integer NOT NULL,
	"reason" text NOT NULL,
	"actor_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stock_levels" (
	"product_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"on_hand" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"restock_date" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_levels_product_id_warehouse_id_pk" PRIMARY KEY("product_id","warehouse_id"),
	CONSTRAINT "stock_levels_on_hand_nonneg" CHECK ("stock_levels"."on_hand" >= 0),
	CONSTRAINT "stock_levels_reserved_nonneg" CHECK ("stock_levels"."reserved" >= 0),
	CONSTRAINT "stock_levels_reserved_within_on_hand" CHECK ("stock_levels"."reserved" <= "stock_levels"."on_hand")
);
--> statement-breakpoint
CREATE TABLE "tier_discounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tier" "partner_tier" NOT NULL,
	"product_line_id" uuid NOT NULL,
	"discount_bps" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"policy_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tier_discounts_bps" CHECK ("tier_discounts"."discount_bps" between 0 and 10000),
	CONSTRAINT "tier_discounts_dates" CHECK ("tier_discounts"."valid_to" is null or "tier_discounts"."valid_to" >= "tier_discounts"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "volume_breaks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tier" "partner_tier" NOT NULL,
	"product_id" uuid,
	"product_line_id" uuid,
	"min_quantity" integer NOT NULL,
	"price_minor" bigint,
	"currency" char(3),
	"discount_bps" integer,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"policy_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volume_breaks_target" CHECK (("volume_breaks"."product_id" is null) <> ("volume_breaks"."product_line_id" is null)),
	CONSTRAINT "volume_breaks_amount" CHECK (("volume_breaks"."price_minor" is null) <> ("volume_breaks"."discount_bps" is null)
        and ("volume_breaks"."price_minor" is null or ("volume_breaks"."price_minor" >= 0 and "volume_breaks"."currency" is not null))
        and ("volume_breaks"."discount_bps" is null or "volume_breaks"."discount_bps" between 0 and 10000)),
	CONSTRAINT "volume_breaks_min_quantity" CHECK ("volume_breaks"."min_quantity" >= 1),
	CONSTRAINT "volume_breaks_dates" CHECK ("volume_breaks"."valid_to" is null or "volume_breaks"."valid_to" >= "volume_breaks"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "warehouses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_zh" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contract_prices" ADD CONSTRAINT "contract_prices_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_prices" ADD CONSTRAINT "contract_prices_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_prices" ADD CONSTRAINT "contract_prices_policy_id_price_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."price_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_policies" ADD CONSTRAINT "price_policies_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_policies" ADD CONSTRAINT "price_policies_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_policies" ADD CONSTRAINT "price_policies_published_by_id_users_id_fk" FOREIGN KEY ("published_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_policy_acknowledgements" ADD CONSTRAINT "price_policy_acknowledgements_policy_id_price_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."price_policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_policy_acknowledgements" ADD CONSTRAINT "price_policy_acknowledgements_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_policy_acknowledgements" ADD CONSTRAINT "price_policy_acknowledgements_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stock" ADD CONSTRAINT "product_stock_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_product_line_id_product_lines_id_fk" FOREIGN KEY ("product_line_id") REFERENCES "public"."product_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_adjustments" ADD CONSTRAINT "stock_adjustments_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_adjustments" ADD CONSTRAINT "stock_adjustments_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_adjustments" ADD CONSTRAINT "stock_adjustments_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_discounts" ADD CONSTRAINT "tier_discounts_product_line_id_product_lines_id_fk" FOREIGN KEY ("product_line_id") REFERENCES "public"."product_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_discounts" ADD CONSTRAINT "tier_discounts_policy_id_price_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."price_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volume_breaks" ADD CONSTRAINT "volume_breaks_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volume_breaks" ADD CONSTRAINT "volume_breaks_product_line_id_product_lines_id_fk" FOREIGN KEY ("product_line_id") REFERENCES "public"."product_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volume_breaks" ADD CONSTRAINT "volume_breaks_policy_id_price_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."price_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "categories_code_key" ON "categories" USING btree ("code");--> statement-breakpoint
CREATE INDEX "contract_prices_lookup_idx" ON "contract_prices" USING btree ("partner_id","product_id","valid_from");--> statement-breakpoint
CREATE INDEX "contract_prices_product_idx" ON "contract_prices" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "price_policies_effective_idx" ON "price_policies" USING btree ("status","effective_from");--> statement-breakpoint
CREATE INDEX "price_policies_partner_idx" ON "price_policies" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "price_policy_acks_partner_idx" ON "price_policy_acknowledgements" USING btree ("partner_id","policy_id");--> statement-breakpoint
CREATE INDEX "product_stock_available_idx" ON "product_stock" USING btree ("available");--> statement-breakpoint
CREATE UNIQUE INDEX "products_sku_key" ON "products" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "products_line_idx" ON "products" USING btree ("product_line_id");--> statement-breakpoint
CREATE INDEX "products_category_idx" ON "products" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "products_name_idx" ON "products" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "products_sku_trgm_idx" ON "products" USING gin ("sku" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "products_name_trgm_idx" ON "products" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "stock_adjustments_product_idx" ON "stock_adjustments" USING btree ("product_id","created_at");--> statement-breakpoint
CREATE INDEX "stock_levels_warehouse_idx" ON "stock_levels" USING btree ("warehouse_id");--> statement-breakpoint
CREATE INDEX "tier_discounts_lookup_idx" ON "tier_discounts" USING btree ("tier","product_line_id","valid_from");--> statement-breakpoint
CREATE INDEX "volume_breaks_product_idx" ON "volume_breaks" USING btree ("product_id","tier") WHERE "volume_breaks"."product_id" is not null;--> statement-breakpoint
CREATE INDEX "volume_breaks_line_idx" ON "volume_breaks" USING btree ("product_line_id","tier") WHERE "volume_breaks"."product_line_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "warehouses_code_key" ON "warehouses" USING btree ("code");