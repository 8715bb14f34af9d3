-- Contribution reads the orders placed in a period (ADR 0014): a range on placed_at for every
-- partner at once (the dashboard, the channel total behind each scorecard's share).
CREATE INDEX "orders_placed_idx" ON "orders" USING btree ("placed_at");
--> statement-breakpoint
-- Then every line of those orders: by order id, with the two columns the figures use, so the
-- lines are read from the index alone instead of a pass over the whole order_lines table.
CREATE INDEX "order_lines_contribution_idx" ON "order_lines" USING btree ("order_id")
  INCLUDE ("line_total_minor", "product_line_id");
