CREATE TABLE "suggestions" (
	"id" serial PRIMARY KEY NOT NULL,
	"bulletin_id" integer NOT NULL,
	"revision" integer NOT NULL,
	"author_id" integer NOT NULL,
	"field" text NOT NULL,
	"from_offset" integer NOT NULL,
	"to_offset" integer NOT NULL,
	"deleted" text NOT NULL,
	"inserted" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "copied_from_id" integer;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "deleted_by" integer;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "parent_id" integer;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "anchor_field" text;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "anchor_from" integer;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "anchor_to" integer;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "outdated" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "revisions" ADD COLUMN "sealed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "revisions" ADD COLUMN "applied_suggestions" integer[] DEFAULT '{}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "revisions" ADD COLUMN "restored_from" integer;--> statement-breakpoint
ALTER TABLE "revisions" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_bulletin_id_bulletins_id_fk" FOREIGN KEY ("bulletin_id") REFERENCES "public"."bulletins"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "suggestions_bulletin_idx" ON "suggestions" USING btree ("bulletin_id","status");--> statement-breakpoint
-- Revisions saved before folding existed are kept as they were: sealed, last saved when made.
UPDATE "revisions" SET "sealed" = true, "updated_at" = "created_at";
