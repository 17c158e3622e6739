CREATE TABLE "bulletin_corrections" (
	"id" serial PRIMARY KEY NOT NULL,
	"bulletin_id" integer NOT NULL,
	"revision" integer NOT NULL,
	"previous_revision" integer NOT NULL,
	"note" text NOT NULL,
	"corrected_by" integer NOT NULL,
	"corrected_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_list_members" (
	"list_id" integer NOT NULL,
	"contact_id" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_list_members_list_id_contact_id_pk" PRIMARY KEY("list_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "contact_lists" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_lists_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"outlet" text DEFAULT '' NOT NULL,
	"beat" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"status_changed_at" timestamp with time zone,
	"unsubscribe_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contacts_email_unique" UNIQUE("email"),
	CONSTRAINT "contacts_unsubscribe_token_unique" UNIQUE("unsubscribe_token")
);
--> statement-breakpoint
CREATE TABLE "distribution_files" (
	"distribution_id" integer NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "distribution_files_distribution_id_filename_pk" PRIMARY KEY("distribution_id","filename")
);
--> statement-breakpoint
CREATE TABLE "distribution_recipients" (
	"id" serial PRIMARY KEY NOT NULL,
	"distribution_id" integer NOT NULL,
	"contact_id" integer,
	"email" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"outlet" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "distributions" (
	"id" serial PRIMARY KEY NOT NULL,
	"bulletin_id" integer NOT NULL,
	"revision" integer NOT NULL,
	"kind" text DEFAULT 'original' NOT NULL,
	"list_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"send_at" timestamp with time zone DEFAULT now() NOT NULL,
	"embargo_until" timestamp with time zone,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"html_body" text NOT NULL,
	"recipient_count" integer DEFAULT 0 NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" integer
);
--> statement-breakpoint
ALTER TABLE "email_outbox" ALTER COLUMN "notification_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "published_revision" integer;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "embargo_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "withdrawn_by" integer;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "withdrawal_note" text;--> statement-breakpoint
ALTER TABLE "bulletins" ADD COLUMN "correction_note" text;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "recipient_id" integer;--> statement-breakpoint
ALTER TABLE "bulletin_corrections" ADD CONSTRAINT "bulletin_corrections_bulletin_id_bulletins_id_fk" FOREIGN KEY ("bulletin_id") REFERENCES "public"."bulletins"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_list_members" ADD CONSTRAINT "contact_list_members_list_id_contact_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."contact_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_list_members" ADD CONSTRAINT "contact_list_members_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_files" ADD CONSTRAINT "distribution_files_distribution_id_distributions_id_fk" FOREIGN KEY ("distribution_id") REFERENCES "public"."distributions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_recipients" ADD CONSTRAINT "distribution_recipients_distribution_id_distributions_id_fk" FOREIGN KEY ("distribution_id") REFERENCES "public"."distributions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_recipients" ADD CONSTRAINT "distribution_recipients_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distributions" ADD CONSTRAINT "distributions_bulletin_id_bulletins_id_fk" FOREIGN KEY ("bulletin_id") REFERENCES "public"."bulletins"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bulletin_corrections_bulletin_idx" ON "bulletin_corrections" USING btree ("bulletin_id");--> statement-breakpoint
CREATE INDEX "contact_list_members_contact_idx" ON "contact_list_members" USING btree ("contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "distribution_recipients_unique" ON "distribution_recipients" USING btree ("distribution_id","email");--> statement-breakpoint
CREATE INDEX "distribution_recipients_contact_idx" ON "distribution_recipients" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "distributions_bulletin_idx" ON "distributions" USING btree ("bulletin_id");--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_recipient_id_distribution_recipients_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."distribution_recipients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_recipient_id_unique" UNIQUE("recipient_id");--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_one_source" CHECK (("notification_id" IS NULL) <> ("recipient_id" IS NULL));
