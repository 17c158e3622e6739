ALTER TABLE "bulletins" ADD COLUMN "search_head" "tsvector";--> statement-breakpoint
UPDATE "bulletins" SET "search_head" = setweight(to_tsvector('redacta_es', coalesce("content"->>'title', '')), 'A') || to_tsvector('redacta_es', coalesce(array_to_string(ARRAY(SELECT jsonb_array_elements_text("content"->'highlights')), ' '), ''));
