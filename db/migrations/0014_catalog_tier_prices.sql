CREATE TABLE "catalog_tier_prices" (
	"tier" "partner_tier" NOT NULL,
	"product_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"unit_net_minor" bigint NOT NULL,
	CONSTRAINT "catalog_tier_prices_tier_product_id_valid_from_pk" PRIMARY KEY("tier","product_id","valid_from")
);
--> statement-breakpoint
ALTER TABLE "catalog_tier_prices" ADD CONSTRAINT "catalog_tier_prices_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalog_tier_prices_sort_idx" ON "catalog_tier_prices" USING btree ("tier","unit_net_minor","product_id");