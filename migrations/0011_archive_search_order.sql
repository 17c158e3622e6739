CREATE INDEX "bulletins_search_head_idx" ON "bulletins" USING gin ("search_head");--> statement-breakpoint
CREATE INDEX "bulletins_recency_idx" ON "bulletins" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "bulletins_number_seq_idx" ON "bulletins" USING btree ("number_seq");