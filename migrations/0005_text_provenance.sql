ALTER TABLE "bulletins" ADD COLUMN "origin_writer_ids" integer[] DEFAULT '{}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "writer_ids" integer[] DEFAULT '{}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "password_set_by" integer;