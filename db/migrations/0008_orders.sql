CREATE TYPE "public"."allocation_status" AS ENUM('reserved', 'released', 'shipped');--> statement-breakpoint
CREATE TYPE "public"."order_status" AS ENUM('pending_payment', 'credit_hold', 'submitted', 'confirmed', 'shipped', 'delivered', 'cancelled', 'expired');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('on_account', 'card');--> statement-breakpoint
CREATE TYPE "public"."payment_record_status" AS ENUM('open', 'succeeded', 'failed', 'expired', 'refunded');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('unpaid', 'paid', 'refunded');--> statement-breakpoint
CREATE TYPE "public"."price_source" AS ENUM('contract', 'volume_break', 'tier_discount', 'list');--> statement-breakpoint
CREATE SEQUENCE "public"."order_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "cart_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cart_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"seen_unit_net_minor" bigint NOT NULL,
	"seen_currency" char(3) NOT NULL,
	"seen_available" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cart_items_quantity" CHECK ("cart_items"."quantity" between 1 and 1000000),
	CONSTRAINT "cart_items_seen_price_nonneg" CHECK ("cart_items"."seen_unit_net_minor" >= 0),
	CONSTRAINT "cart_items_seen_available_nonneg" CHECK ("cart_items"."seen_available" >= 0)
);
--> statement-breakpoint
CREATE TABLE "carts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_allocations" (
	"order_line_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"status" "allocation_status" DEFAULT 'reserved' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone,
	"shipped_at" timestamp with time zone,
	CONSTRAINT "order_allocations_order_line_id_warehouse_id_pk" PRIMARY KEY("order_line_id","warehouse_id"),
	CONSTRAINT "order_allocations_quantity" CHECK ("order_allocations"."quantity" >= 1),
	CONSTRAINT "order_allocations_status_times" CHECK (("order_allocations"."status" <> 'released' or "order_allocations"."released_at" is not null)
        and ("order_allocations"."status" <> 'shipped' or "order_allocations"."shipped_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "order_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"actor_user_id" uuid,
	"type" text NOT NULL,
	"from_status" "order_status",
	"to_status" "order_status",
	"note" text,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"line_no" smallint NOT NULL,
	"product_id" uuid NOT NULL,
	"product_line_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"quantity" integer NOT NULL,
	"list_unit_minor" bigint NOT NULL,
	"net_unit_minor" bigint NOT NULL,
	"line_total_minor" bigint NOT NULL,
	"price_source" "price_source" NOT NULL,
	"price_steps" jsonb NOT NULL,
	"deal_discount_applied" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_lines_quantity" CHECK ("order_lines"."quantity" >= 1),
	CONSTRAINT "order_lines_line_no" CHECK ("order_lines"."line_no" >= 1),
	CONSTRAINT "order_lines_money_nonneg" CHECK ("order_lines"."list_unit_minor" >= 0 and "order_lines"."net_unit_minor" >= 0 and "order_lines"."line_total_minor" >= 0),
	CONSTRAINT "order_lines_total" CHECK ("order_lines"."line_total_minor" = "order_lines"."net_unit_minor" * "order_lines"."quantity")
);
--> statement-breakpoint
CREATE TABLE "order_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"credit_hold_hours" integer DEFAULT 72 NOT NULL,
	"card_payment_minutes" integer DEFAULT 60 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_settings_single_row" CHECK ("order_settings"."id" = 1),
	CONSTRAINT "order_settings_ranges" CHECK ("order_settings"."credit_hold_hours" between 1 and 720 and "order_settings"."card_payment_minutes" between 30 and 1440)
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"partner_id" uuid NOT NULL,
	"placed_by_id" uuid NOT NULL,
	"status" "order_status" NOT NULL,
	"payment_method" "payment_method" NOT NULL,
	"payment_status" "payment_status" DEFAULT 'unpaid' NOT NULL,
	"po_number" text,
	"requested_date" date,
	"buyer_note" text,
	"shipping_address_id" uuid,
	"shipping_address" jsonb NOT NULL,
	"registration_id" uuid,
	"deal_discount_bps" integer,
	"currency" char(3) NOT NULL,
	"list_total_minor" bigint NOT NULL,
	"subtotal_minor" bigint NOT NULL,
	"shipping_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint NOT NULL,
	"idempotency_key" text NOT NULL,
	"credit_hold_expires_at" timestamp with time zone,
	"payment_expires_at" timestamp with time zone,
	"carrier" text,
	"tracking_number" text,
	"cancel_reason" text,
	"cancelled_by_id" uuid,
	"placed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"credit_hold_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"shipped_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"expired_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_number_format" CHECK ("orders"."number" ~ '^SO-[0-9]{6,}$'),
	CONSTRAINT "orders_currency_format" CHECK ("orders"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "orders_money_nonneg" CHECK ("orders"."list_total_minor" >= 0 and "orders"."subtotal_minor" >= 0 and "orders"."shipping_minor" >= 0 and "orders"."total_minor" >= 0),
	CONSTRAINT "orders_total" CHECK ("orders"."total_minor" = "orders"."subtotal_minor" + "orders"."shipping_minor"),
	CONSTRAINT "orders_deal_discount" CHECK (("orders"."registration_id" is null) = ("orders"."deal_discount_bps" is null)
        and ("orders"."deal_discount_bps" is null or "orders"."deal_discount_bps" between 0 and 10000)),
	CONSTRAINT "orders_idempotency_key_format" CHECK (length("orders"."idempotency_key") between 8 and 100),
	CONSTRAINT "orders_pending_payment_is_card" CHECK ("orders"."status" <> 'pending_payment' or ("orders"."payment_method" = 'card' and "orders"."payment_expires_at" is not null)),
	CONSTRAINT "orders_credit_hold_is_on_account" CHECK ("orders"."status" <> 'credit_hold' or ("orders"."payment_method" = 'on_account' and "orders"."credit_hold_expires_at" is not null)),
	CONSTRAINT "orders_shipped_at" CHECK ("orders"."status" not in ('shipped', 'delivered') or "orders"."shipped_at" is not null),
	CONSTRAINT "orders_delivered_at" CHECK ("orders"."status" <> 'delivered' or "orders"."delivered_at" is not null),
	CONSTRAINT "orders_cancelled_at" CHECK ("orders"."status" <> 'cancelled' or "orders"."cancelled_at" is not null),
	CONSTRAINT "orders_expired_at" CHECK ("orders"."status" <> 'expired' or "orders"."expired_at" is not null),
	CONSTRAINT "orders_paid_at" CHECK ("orders"."payment_status" = 'unpaid' or "orders"."paid_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "partner_addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"label" text NOT NULL,
	"recipient" text NOT NULL,
	"phone" text NOT NULL,
	"region_code" text NOT NULL,
	"city" text NOT NULL,
	"line1" text NOT NULL,
	"line2" text,
	"postal_code" text DEFAULT '' NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_addresses_required" CHECK (btrim("partner_addresses"."label") <> '' and btrim("partner_addresses"."recipient") <> '' and btrim("partner_addresses"."phone") <> ''
        and btrim("partner_addresses"."city") <> '' and btrim("partner_addresses"."line1") <> '')
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"provider" text DEFAULT 'stripe' NOT NULL,
	"checkout_session_id" text NOT NULL,
	"payment_intent_id" text,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"status" "payment_record_status" DEFAULT 'open' NOT NULL,
	"expires_at" timestamp with time zone,
	"succeeded_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"failure_reason" text,
	"refunded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_provider" CHECK ("payments"."provider" in ('stripe')),
	CONSTRAINT "payments_amount_nonneg" CHECK ("payments"."amount_minor" >= 0),
	CONSTRAINT "payments_currency_format" CHECK ("payments"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "cart_items" ADD CONSTRAINT "cart_items_cart_id_carts_id_fk" FOREIGN KEY ("cart_id") REFERENCES "public"."carts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cart_items" ADD CONSTRAINT "cart_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carts" ADD CONSTRAINT "carts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carts" ADD CONSTRAINT "carts_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_allocations" ADD CONSTRAINT "order_allocations_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_allocations" ADD CONSTRAINT "order_allocations_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_allocations" ADD CONSTRAINT "order_allocations_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_allocations" ADD CONSTRAINT "order_allocations_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_product_line_id_product_lines_id_fk" FOREIGN KEY ("product_line_id") REFERENCES "public"."product_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_placed_by_id_users_id_fk" FOREIGN KEY ("placed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_shipping_address_id_partner_addresses_id_fk" FOREIGN KEY ("shipping_address_id") REFERENCES "public"."partner_addresses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_cancelled_by_id_users_id_fk" FOREIGN KEY ("cancelled_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_addresses" ADD CONSTRAINT "partner_addresses_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_addresses" ADD CONSTRAINT "partner_addresses_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cart_items_product_key" ON "cart_items" USING btree ("cart_id","product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "carts_user_key" ON "carts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "carts_partner_idx" ON "carts" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "order_allocations_order_idx" ON "order_allocations" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_allocations_reserved_idx" ON "order_allocations" USING btree ("product_id","warehouse_id") WHERE "order_allocations"."status" = 'reserved';--> statement-breakpoint
CREATE INDEX "order_events_order_idx" ON "order_events" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "order_lines_line_no_key" ON "order_lines" USING btree ("order_id","line_no");--> statement-breakpoint
CREATE INDEX "order_lines_product_idx" ON "order_lines" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_number_key" ON "orders" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_idempotency_key" ON "orders" USING btree ("partner_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "orders_partner_placed_idx" ON "orders" USING btree ("partner_id","placed_at");--> statement-breakpoint
CREATE INDEX "orders_placed_by_idx" ON "orders" USING btree ("placed_by_id","placed_at");--> statement-breakpoint
CREATE INDEX "orders_status_placed_idx" ON "orders" USING btree ("status","placed_at");--> statement-breakpoint
CREATE INDEX "orders_registration_idx" ON "orders" USING btree ("registration_id") WHERE "orders"."registration_id" is not null;--> statement-breakpoint
CREATE INDEX "orders_open_credit_idx" ON "orders" USING btree ("partner_id") WHERE "orders"."payment_method" = 'on_account' and "orders"."payment_status" = 'unpaid' and "orders"."status" not in ('cancelled', 'expired');--> statement-breakpoint
CREATE INDEX "orders_credit_hold_expiry_idx" ON "orders" USING btree ("credit_hold_expires_at") WHERE "orders"."status" = 'credit_hold';--> statement-breakpoint
CREATE INDEX "orders_payment_expiry_idx" ON "orders" USING btree ("payment_expires_at") WHERE "orders"."status" = 'pending_payment';--> statement-breakpoint
CREATE INDEX "partner_addresses_partner_idx" ON "partner_addresses" USING btree ("partner_id","label");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_addresses_one_default" ON "partner_addresses" USING btree ("partner_id") WHERE "partner_addresses"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "partner_addresses_label_key" ON "partner_addresses" USING btree ("partner_id",lower("label"));--> statement-breakpoint
CREATE UNIQUE INDEX "payments_checkout_session_key" ON "payments" USING btree ("provider","checkout_session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_payment_intent_key" ON "payments" USING btree ("provider","payment_intent_id") WHERE "payments"."payment_intent_id" is not null;--> statement-breakpoint
CREATE INDEX "payments_order_idx" ON "payments" USING btree ("order_id");