import { deleteDraft } from "../../server/commands/reviseBulletin";
import { suggestEdit } from "../../server/commands/suggestions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../shared/api/schemas";
import { apiRoutes } from "../../server/app";
import type { Database } from "../../server/db/client";
import { templates } from "../../server/db/schema";
import { loadShippedTemplates } from "../../server/templates/load";
import { addComment } from "../../server/commands/commentOnBulletin";
import { saveBulletin } from "../../server/commands/saveBulletin";
import { findBulletin, type BulletinRow } from "../../server/db/queries/bulletins";
import { refusal, type BulletinAbility } from "../../shared/policies/bulletin";
import { may, type OfficeAbility } from "../../shared/policies/office";
import { ApiClient, signedIn, type ApiResponse } from "../api-client";
import { startTestServer, type TestServer } from "../server-harness";
import { ADMIN, AUTHOR, REVIEWER, act, archiveExample, createUser, errorCode, ifMatch, makeApproved, makeDraft, makeInReview, readyContent, userByEmail } from "./fixtures";

/**
 * Every route of the router × every kind of caller. The table is keyed by
 * `METHOD path` as apiRoutes() declares it: a route added without an entry here
 * fails the first test, so nobody ships a route whose access nobody thought about.
 *
 * What each case expects comes from the policy tables themselves
 * (shared/policies/bulletin.ts and office.ts, the workflow table inside them):
 * a case names the ability it exercises and the bulletin it acts on, and the
 * test asks the policy what each caller should get, then checks the HTTP answer.
 * Only routes no policy decides (signing in and out, health) state it by hand.
 */

type Role = "anonymous" | "owner" | "nonOwner" | "reviewer" | "admin";
const ROLES: Role[] = ["anonymous", "owner", "nonOwner", "reviewer", "admin"];
/** allowed: 2xx; hidden: 404, the caller may not know the bulletin exists; 409: nobody may, in this state. */
type Outcome = "allowed" | 401 | 403 | "hidden" | 409;

interface World {
  db: Database;
  people: { owner: User; nonOwner: User; reviewer: User; admin: User };
  /** A draft by the owner (autora), shared by the read-only cases. */
  draft: BulletinRow;
  /** A bulletin of the owner in review. */
  inReview: BulletinRow;
  /** The 493/2024 example of the seeded archive (published, imported by the admin). */
  archiveId: number;
  /** A comment of the reviewer on the shared draft. */
  commentId: number;
}

interface Request {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The bulletin the request acts on, for a bulletin ability: the policy reads its facts just before the request. */
  bulletinId?: number;
}

/** What decides a case: a bulletin ability, an office ability, or anyone / anyone signed in. */
type Rule = { bulletin: BulletinAbility; office?: OfficeAbility } | { office: OfficeAbility } | "public" | "signed_in";

type Case = {
  /** What the request does to which fixture. */
  name: string;
  /** Builds the request; runs once per role, so a case that changes things makes its own fixture. */
  request: (world: World, role: Role) => Promise<Request>;
  /** The request ends or replaces the caller's session: use a session of its own. */
  ownSession?: boolean;
  /** The request ends the caller's other sessions: sign the shared client in again after it. */
  endsOtherSessions?: boolean;
} & ({ rule: Rule; expect?: never } | { rule?: never; expect: Record<Role, Outcome> });

const everyone = (outcome: Outcome): Record<Role, Outcome> => ({ anonymous: outcome, owner: outcome, nonOwner: outcome, reviewer: outcome, admin: outcome });
const signedInOnly: Record<Role, Outcome> = { ...everyone("allowed"), anonymous: 401 };
const read: Rule = { bulletin: "read" };

const unique = () => Math.random().toString(36).slice(2, 8);
/** Who reads the media lists: those who manage them and those who send bulletins to them (shared/policies/office.ts). */
const readsLists = (role: "author" | "reviewer" | "admin"): Outcome => (may({ role }, "lists.manage") || may({ role }, "bulletins.distribute") ? "allowed" : 403);
const LIST_READERS: Record<Role, Outcome> = { anonymous: 401, owner: readsLists("author"), nonOwner: readsLists("author"), reviewer: readsLists("reviewer"), admin: readsLists("admin") };
/** A new media list made by the admin. */
const adminList = async (): Promise<number> => (await adminClient.post("/lists", { name: `Lista ${unique()}` })).body.id;
/** A new media list with one contact, made by the admin. */
const listWithContact = async (): Promise<number> => {
  const id = await adminList();
  await adminClient.post(`/lists/${id}/contacts`, [{ name: "Periodista de prueba", outlet: "Diario", email: `m-${unique()}@medios.example.mx`, beat: "salud" }]);
  return id;
};
/** A sending of the archive's 493/2024 scheduled for tomorrow, made by the admin. */
const scheduledDistribution = async (world: World): Promise<number> => {
  const sendAt = new Date(Date.now() + 24 * 3600_000).toISOString();
  return (await adminClient.post(`/bulletins/${world.archiveId}/distributions`, { listIds: [await listWithContact()], sendAt })).body.id;
};
/** A new bulk import started by the admin. */
const adminImport = async (): Promise<number> => (await adminClient.post("/imports")).body.id;
/** A file of a new bulk import that waits for a person (no closing mark, no highlights): its path under /imports. */
const importWaiting = async (): Promise<string> => {
  const batchId = await adminImport();
  const text = `Titular de prueba ${unique()}\n\nCiudad de México, martes 3 de marzo de 2026.- El Instituto informó hoy.\n`;
  const item = await adminClient.request("POST", `/imports/${batchId}/files?name=espera.txt`, new TextEncoder().encode(text), { "Content-Type": "application/octet-stream" });
  if (item.body.result !== "needs_review") throw new Error(`the file should wait for review: ${JSON.stringify(item.body)}`);
  return `/imports/${batchId}/items/${item.body.id}`;
};
let numberingRequests = 0;
const freshDraft = (world: World) => makeDraft(world.db, world.people.owner);
const sharedDraft = (suffix = "") => async (world: World): Promise<Request> => ({
  method: "GET",
  path: `/bulletins/${world.draft.id}${suffix}`,
  bulletinId: world.draft.id,
});

const MATRIX: Record<string, Case[]> = {
  "POST /session": [
    {
      name: "sign in (again) with a demo account",
      ownSession: true,
      request: async () => ({ method: "POST", path: "/session", body: { email: REVIEWER, password: "redacta-demo" } }),
      expect: everyone("allowed"),
    },
  ],
  "PUT /session/password": [
    {
      name: "change one's own password (to the same one)",
      ownSession: true,
      endsOtherSessions: true,
      request: async (world, role) => {
        const password = role === "nonOwner" ? nonOwnerPassword.password : "redacta-demo";
        return { method: "PUT", path: "/session/password", body: { currentPassword: password, newPassword: password.padEnd(10, "!") } };
      },
      rule: "signed_in",
    },
  ],
  "GET /session": [{ name: "who am I", request: async () => ({ method: "GET", path: "/session" }), expect: signedInOnly }],
  "GET /notifications": [{ name: "my notifications", request: async () => ({ method: "GET", path: "/notifications?unread=true" }), rule: "signed_in" }],
  "POST /notifications/read": [{ name: "mark my notifications read", request: async () => ({ method: "POST", path: "/notifications/read", body: {} }), rule: "signed_in" }],
  "PUT /session/preferences": [{ name: "my e-mail preference", request: async () => ({ method: "PUT", path: "/session/preferences", body: { emailNotifications: true } }), rule: "signed_in" }],
  "GET /people": [{ name: "the office's people", request: async () => ({ method: "GET", path: "/people" }), rule: "signed_in" }],
  "GET /outbox": [{ name: "the outgoing e-mail", request: async () => ({ method: "GET", path: "/outbox" }), rule: { office: "users.manage" } }],

  "GET /lists": [{ name: "the media lists", request: async () => ({ method: "GET", path: "/lists" }), expect: LIST_READERS }],
  "POST /lists": [{ name: "create a media list", request: async () => ({ method: "POST", path: "/lists", body: { name: `Lista ${unique()}` } }), rule: { office: "lists.manage" } }],
  "PATCH /lists/:id": [
    { name: "rename a media list", request: async () => ({ method: "PATCH", path: `/lists/${await adminList()}`, body: { name: `Lista ${unique()}` } }), rule: { office: "lists.manage" } },
  ],
  "DELETE /lists/:id": [{ name: "delete a media list", request: async () => ({ method: "DELETE", path: `/lists/${await adminList()}` }), rule: { office: "lists.manage" } }],
  "GET /lists/:id/contacts": [{ name: "a media list's contacts", request: async () => ({ method: "GET", path: `/lists/${await adminList()}/contacts` }), expect: LIST_READERS }],
  "POST /lists/:id/contacts": [
    {
      name: "add a contact to a media list",
      request: async () => ({ method: "POST", path: `/lists/${await adminList()}/contacts`, body: [{ name: "Periodista", outlet: "Diario", email: `p-${unique()}@example.com`, beat: "Salud" }] }),
      rule: { office: "lists.manage" },
    },
    {
      name: "preview a CSV for a media list",
      request: async () => ({ method: "POST", path: `/lists/${await adminList()}/contacts?preview=true`, body: "correo;nombre\np@example.com;P\n", headers: { "Content-Type": "text/csv" } }),
      rule: { office: "lists.manage" },
    },
  ],
  "DELETE /lists/:id/contacts/:contactId": [
    {
      name: "take a contact out of a media list",
      request: async () => {
        const listId = await adminList();
        await adminClient.post(`/lists/${listId}/contacts`, [{ email: `q-${unique()}@example.com` }]);
        const [contact] = (await adminClient.get(`/lists/${listId}/contacts`)).body.items;
        return { method: "DELETE", path: `/lists/${listId}/contacts/${contact.id}` };
      },
      rule: { office: "lists.manage" },
    },
  ],
  "GET /contacts": [{ name: "search the media contacts", request: async () => ({ method: "GET", path: "/contacts?q=example&status=active" }), rule: { office: "lists.manage" } }],
  "PATCH /contacts/:id": [
    {
      name: "note something on a media contact",
      request: async () => ({ method: "PATCH", path: `/contacts/${(await adminClient.get("/contacts?pageSize=1")).body.items[0].id}`, body: { notes: `Nota ${unique()}` } }),
      rule: { office: "lists.manage" },
    },
  ],
  "GET /imports": [{ name: "the latest bulk imports", request: async () => ({ method: "GET", path: "/imports" }), rule: { office: "archive.import" } }],
  "POST /imports": [{ name: "start a bulk import", request: async () => ({ method: "POST", path: "/imports" }), rule: { office: "archive.import" } }],
  "GET /imports/:id": [{ name: "a bulk import and its files", request: async () => ({ method: "GET", path: `/imports/${await adminImport()}` }), rule: { office: "archive.import" } }],
  "POST /imports/:id/files": [
    {
      name: "upload a file to a bulk import",
      request: async () => ({ method: "POST", path: `/imports/${await adminImport()}/files?name=boletin.txt`, body: new TextEncoder().encode(`Titular ${unique()}\n`), headers: { "Content-Type": "application/octet-stream" } }),
      rule: { office: "archive.import" },
    },
  ],
  "POST /imports/:id/items/:itemId/confirm": [
    { name: "confirm a file waiting for review", request: async () => ({ method: "POST", path: `${await importWaiting()}/confirm`, body: {} }), rule: { office: "archive.import" } },
  ],
  "POST /imports/:id/items/:itemId/discard": [
    { name: "discard a file waiting for review", request: async () => ({ method: "POST", path: `${await importWaiting()}/discard` }), rule: { office: "archive.import" } },
  ],
  "DELETE /session": [{ name: "sign out", ownSession: true, request: async () => ({ method: "DELETE", path: "/session" }), expect: everyone("allowed") }],

  "GET /bulletins": [{ name: "list", request: async () => ({ method: "GET", path: "/bulletins" }), rule: "signed_in" }],
  "GET /bulletins/counts": [{ name: "tab counts", request: async () => ({ method: "GET", path: "/bulletins/counts" }), rule: "signed_in" }],
  "POST /bulletins": [
    {
      name: "new draft from a template",
      request: async () => ({ method: "POST", path: "/bulletins", body: { templateId: "general" } }),
      rule: { office: "bulletins.create" },
    },
    {
      name: "copy of someone's draft",
      request: async (world) => ({ method: "POST", path: "/bulletins", body: { fromBulletinId: world.draft.id }, bulletinId: world.draft.id }),
      rule: { bulletin: "copy" },
    },
    {
      name: "copy of an archived bulletin",
      request: async (world) => ({ method: "POST", path: "/bulletins", body: { fromBulletinId: world.archiveId }, bulletinId: world.archiveId }),
      rule: { bulletin: "copy" },
    },
  ],
  "GET /bulletins/:id": [
    { name: "a draft", request: sharedDraft(), rule: read },
    {
      name: "an archived bulletin",
      request: async (world) => ({ method: "GET", path: `/bulletins/${world.archiveId}`, bulletinId: world.archiveId }),
      rule: read,
    },
    {
      name: "a bulletin in review",
      request: async (world) => ({ method: "GET", path: `/bulletins/${world.inReview.id}`, bulletinId: world.inReview.id }),
      rule: read,
    },
  ],
  "PUT /bulletins/:id": [
    {
      name: "save a draft",
      request: async (world) => {
        const draft = await freshDraft(world);
        return { method: "PUT", path: `/bulletins/${draft.id}`, body: readyContent({ title: "Otro titular" }), headers: ifMatch(draft.version), bulletinId: draft.id };
      },
      rule: { bulletin: "edit" },
    },
    {
      name: "save an archived bulletin",
      request: async (world) => ({ method: "PUT", path: `/bulletins/${world.archiveId}`, body: readyContent(), headers: ifMatch(1), bulletinId: world.archiveId }),
      rule: { bulletin: "edit" },
    },
    {
      name: "save a draft the admin rewrote",
      request: async (world) => {
        const draft = await freshDraft(world);
        const rewritten = await saveBulletin(world.db, world.people.admin, draft.id, draft.version, readyContent({ title: "Reescrito" }));
        return { method: "PUT", path: `/bulletins/${draft.id}`, body: readyContent(), headers: ifMatch(rewritten.version), bulletinId: draft.id };
      },
      rule: { bulletin: "edit" },
    },
  ],
  "POST /bulletins/:id/transitions": [
    {
      name: "submit a draft",
      request: async (world) => {
        const draft = await freshDraft(world);
        return { method: "POST", path: `/bulletins/${draft.id}/transitions`, body: { action: "submit" }, bulletinId: draft.id };
      },
      rule: { bulletin: "submit" },
    },
    {
      name: "withdraw a bulletin from review",
      request: async (world) => {
        const inReview = await makeInReview(world.db, world.people.owner);
        return { method: "POST", path: `/bulletins/${inReview.id}/transitions`, body: { action: "withdraw" }, bulletinId: inReview.id };
      },
      rule: { bulletin: "withdraw" },
    },
    {
      name: "approve a bulletin in review",
      request: async (world) => {
        const inReview = await makeInReview(world.db, world.people.owner);
        return { method: "POST", path: `/bulletins/${inReview.id}/transitions`, body: { action: "approve" }, bulletinId: inReview.id };
      },
      rule: { bulletin: "approve" },
    },
    {
      name: "approve a bulletin in review that the admin rewrote",
      request: async (world) => {
        const draft = await freshDraft(world);
        const rewritten = await saveBulletin(world.db, world.people.admin, draft.id, draft.version, readyContent({ title: "Reescrito por la administración" }));
        const inReview = await act(world.db, world.people.owner, rewritten.id, "submit");
        return { method: "POST", path: `/bulletins/${inReview.id}/transitions`, body: { action: "approve" }, bulletinId: inReview.id };
      },
      rule: { bulletin: "approve" },
    },
    {
      name: "request changes on a bulletin in review",
      request: async (world) => {
        const inReview = await makeInReview(world.db, world.people.owner);
        return { method: "POST", path: `/bulletins/${inReview.id}/transitions`, body: { action: "request_changes", comment: "Revisa la cifra." }, bulletinId: inReview.id };
      },
      rule: { bulletin: "request_changes" },
    },
    {
      name: "publish an approved bulletin",
      request: async (world) => {
        const approved = await makeApproved(world.db, world.people.owner, world.people.reviewer);
        return { method: "POST", path: `/bulletins/${approved.id}/transitions`, body: { action: "publish" }, bulletinId: approved.id };
      },
      rule: { bulletin: "publish" },
    },
    {
      name: "reopen an approved bulletin",
      request: async (world) => {
        const approved = await makeApproved(world.db, world.people.owner, world.people.reviewer);
        return { method: "POST", path: `/bulletins/${approved.id}/transitions`, body: { action: "reopen" }, bulletinId: approved.id };
      },
      rule: { bulletin: "reopen" },
    },
    {
      name: "submit an archived bulletin",
      request: async (world) => ({ method: "POST", path: `/bulletins/${world.archiveId}/transitions`, body: { action: "submit" }, bulletinId: world.archiveId }),
      rule: { bulletin: "submit" },
    },
  ],
  "DELETE /bulletins/:id": [
    {
      name: "delete a draft",
      request: async (world) => {
        const draft = await freshDraft(world);
        return { method: "DELETE", path: `/bulletins/${draft.id}`, bulletinId: draft.id };
      },
      rule: { bulletin: "delete" },
    },
    {
      name: "delete a bulletin in review",
      request: async (world) => {
        const inReview = await makeInReview(world.db, world.people.owner);
        return { method: "DELETE", path: `/bulletins/${inReview.id}`, bulletinId: inReview.id };
      },
      rule: { bulletin: "delete" },
    },
  ],
  "POST /bulletins/:id/restore": [
    {
      name: "restore a deleted draft",
      request: async (world) => {
        const draft = await freshDraft(world);
        await deleteDraft(world.db, world.people.owner, draft.id);
        return { method: "POST", path: `/bulletins/${draft.id}/restore`, bulletinId: draft.id };
      },
      rule: { bulletin: "restore" },
    },
  ],
  "GET /bulletins/:id/distributions": [
    { name: "the delivery log of the archive's 493/2024", request: async (world) => ({ method: "GET", path: `/bulletins/${world.archiveId}/distributions`, bulletinId: world.archiveId }), rule: read },
  ],
  "POST /bulletins/:id/distributions": [
    {
      name: "send the archive's 493/2024 to a media list",
      request: async (world) => ({ method: "POST", path: `/bulletins/${world.archiveId}/distributions`, body: { listIds: [await listWithContact()] }, bulletinId: world.archiveId }),
      rule: { bulletin: "distribute" },
    },
  ],
  "POST /bulletins/:id/distributions/:distributionId/cancel": [
    {
      name: "cancel a sending scheduled for tomorrow",
      request: async (world) => ({ method: "POST", path: `/bulletins/${world.archiveId}/distributions/${await scheduledDistribution(world)}/cancel`, bulletinId: world.archiveId }),
      rule: { bulletin: "distribute" },
    },
  ],
  "POST /bulletins/:id/distributions/:distributionId/resend-failed": [
    {
      name: "send again to the failed recipients",
      request: async (world) => ({ method: "POST", path: `/bulletins/${world.archiveId}/distributions/${await scheduledDistribution(world)}/resend-failed`, bulletinId: world.archiveId }),
      rule: { bulletin: "distribute" },
    },
  ],
  "POST /bulletins/:id/retraction": [
    {
      name: "withdraw a published bulletin",
      request: async (world) => {
        const approved = await makeApproved(world.db, world.people.owner, world.people.reviewer);
        const published = await act(world.db, world.people.reviewer, approved.id, "publish");
        return { method: "POST", path: `/bulletins/${published.id}/retraction`, body: { note: "Se publicó por error." }, bulletinId: published.id };
      },
      rule: { bulletin: "distribute" },
    },
  ],
  "POST /bulletins/:id/reviewers": [
    {
      name: "take the review of a bulletin in review",
      request: async (world) => {
        const inReview = await makeInReview(world.db, world.people.owner);
        return { method: "POST", path: `/bulletins/${inReview.id}/reviewers`, body: { userIds: [world.people.reviewer.id] }, bulletinId: inReview.id };
      },
      rule: { bulletin: "read", office: "bulletins.review" },
    },
  ],
  "GET /bulletins/:id/approval-preview": [
    {
      name: "approval preview of a bulletin in review",
      request: async (world) => ({ method: "GET", path: `/bulletins/${world.inReview.id}/approval-preview`, bulletinId: world.inReview.id }),
      rule: { bulletin: "approve" },
    },
  ],
  "POST /bulletins/:id/revisions/:version/restore": [
    {
      name: "restore the first revision of a draft",
      request: async (world) => {
        const draft = await freshDraft(world);
        return { method: "POST", path: `/bulletins/${draft.id}/revisions/1/restore`, headers: ifMatch(draft.version), bulletinId: draft.id };
      },
      rule: { bulletin: "edit" },
    },
  ],
  "GET /bulletins/:id/suggestions": [{ name: "suggestions on a draft", request: sharedDraft("/suggestions"), rule: read }],
  "POST /bulletins/:id/suggestions": [
    {
      name: "suggest on a bulletin in review",
      request: async (world) => ({ method: "POST", path: `/bulletins/${world.inReview.id}/suggestions`, body: { field: "title", from: 0, to: 0, insert: "Hoy: " }, bulletinId: world.inReview.id }),
      rule: { bulletin: "suggest" },
    },
    {
      name: "suggest on a draft",
      request: async (world) => ({ method: "POST", path: `/bulletins/${world.draft.id}/suggestions`, body: { field: "title", from: 0, to: 0, insert: "Hoy: " }, bulletinId: world.draft.id }),
      rule: { bulletin: "suggest" },
    },
  ],
  ...Object.fromEntries(
    (["accept", "reject"] as const).flatMap((decision) => [
      [`POST /bulletins/:id/suggestions/:sid/${decision}`, [{
        name: `${decision} a suggestion on a bulletin in review`,
        request: async (world: World) => {
          const inReview = await makeInReview(world.db, world.people.owner);
          const made = await suggestEdit(world.db, world.people.reviewer, inReview.id, { field: "title", from: 0, to: 0, insert: "Hoy: " });
          return { method: "POST" as const, path: `/bulletins/${inReview.id}/suggestions/${made.id}/${decision}`, bulletinId: inReview.id };
        },
        rule: { bulletin: "decide_suggestion" as const },
      }]],
      [`POST /bulletins/:id/suggestions/${decision}-all`, [{
        name: `${decision} every suggestion on a bulletin in review`,
        request: async (world: World) => {
          const inReview = await makeInReview(world.db, world.people.owner);
          await suggestEdit(world.db, world.people.reviewer, inReview.id, { field: "title", from: 0, to: 0, insert: "Hoy: " });
          return { method: "POST" as const, path: `/bulletins/${inReview.id}/suggestions/${decision}-all`, bulletinId: inReview.id };
        },
        rule: { bulletin: "decide_suggestion" as const },
      }]],
    ]),
  ),
  "GET /bulletins/:id/revisions": [{ name: "history of a draft", request: sharedDraft("/revisions"), rule: read }],
  "GET /bulletins/:id/revisions/:version": [{ name: "first revision of a draft", request: sharedDraft("/revisions/1"), rule: read }],
  "GET /bulletins/:id/diff": [{ name: "diff of a draft", request: sharedDraft("/diff?from=1&to=2"), rule: read }],
  "GET /bulletins/:id/comments": [{ name: "comments of a draft", request: sharedDraft("/comments"), rule: read }],
  // Presence and live updates (issue 10): whoever may read the bulletin.
  "PUT /bulletins/:id/presence": [
    {
      name: "heartbeat of an open draft",
      request: async (world, role) => ({ method: "PUT", path: `/bulletins/${world.draft.id}/presence`, body: { pageId: `matrix-${role}`, activity: "reading" }, bulletinId: world.draft.id }),
      rule: read,
    },
  ],
  "DELETE /bulletins/:id/presence/:pageId": [
    {
      name: "leaving an open draft",
      request: async (world, role) => ({ method: "DELETE", path: `/bulletins/${world.draft.id}/presence/matrix-${role}`, bulletinId: world.draft.id }),
      rule: read,
    },
  ],
  "GET /bulletins/:id/presence": [{ name: "who has a draft open", request: sharedDraft("/presence"), rule: read }],
  "GET /live": [{ name: "the lists' live stream (first event only)", request: async () => ({ method: "GET", path: "/live?once=1" }), rule: "signed_in" }],
  "GET /bulletins/:id/live": [{ name: "the live stream of a draft (first event only)", request: sharedDraft("/live?once=1"), rule: read }],
  "POST /bulletins/:id/comments": [
    {
      name: "comment on a draft",
      request: async (world) => ({ method: "POST", path: `/bulletins/${world.draft.id}/comments`, body: { body: "Una observación." }, bulletinId: world.draft.id }),
      rule: { bulletin: "comment" },
    },
    {
      name: "comment on someone else's archived bulletin",
      request: async (world) => ({ method: "POST", path: `/bulletins/${world.archiveId}/comments`, body: { body: "Una observación." }, bulletinId: world.archiveId }),
      rule: { bulletin: "comment" },
    },
  ],
  "PATCH /bulletins/:id/comments/:cid": [
    {
      name: "resolve a comment on a draft",
      request: async (world) => ({
        method: "PATCH",
        path: `/bulletins/${world.draft.id}/comments/${world.commentId}`,
        body: { resolved: true },
        bulletinId: world.draft.id,
      }),
      rule: { bulletin: "resolve_comment" },
    },
  ],
  "GET /bulletins/:id/export": [
    { name: "export a draft", request: sharedDraft("/export?format=txt"), rule: { bulletin: "export" } },
    {
      name: "export an archived bulletin",
      request: async (world) => ({ method: "GET", path: `/bulletins/${world.archiveId}/export?format=txt`, bulletinId: world.archiveId }),
      rule: { bulletin: "export" },
    },
  ],
  "GET /bulletins/:id/events": [{ name: "audit log of a draft", request: sharedDraft("/events"), rule: read }],

  "GET /templates": [{ name: "list templates", request: async () => ({ method: "GET", path: "/templates" }), rule: "signed_in" }],
  "GET /templates/:id": [{ name: "one template", request: async () => ({ method: "GET", path: "/templates/general" }), rule: "signed_in" }],
  "POST /templates": [
    {
      name: "template from an archived bulletin",
      request: async (world) => ({ method: "POST", path: "/templates", body: { fromBulletinId: world.archiveId, name: `Plantilla ${unique()}` } }),
      rule: { office: "templates.manage" },
    },
    {
      name: "template from someone's draft",
      request: async (world) => ({
        method: "POST",
        path: "/templates",
        body: { fromBulletinId: world.draft.id, name: `Plantilla ${unique()}` },
        bulletinId: world.draft.id,
      }),
      rule: { office: "templates.manage", bulletin: "make_template" },
    },
  ],
  "PUT /templates/:id": [
    {
      name: "rename a template",
      request: async () => ({ method: "PUT", path: "/templates/general", body: { name: `Boletín general ${unique()}` } }),
      rule: { office: "templates.manage" },
    },
  ],
  "DELETE /templates/:id": [
    {
      name: "delete a template",
      request: async (world) => {
        const template = { ...loadShippedTemplates()[0]!, id: `borrable-${unique()}` };
        await world.db.insert(templates).values({ id: template.id, data: template });
        return { method: "DELETE", path: `/templates/${template.id}` };
      },
      rule: { office: "templates.manage" },
    },
  ],

  "GET /users": [{ name: "list users", request: async () => ({ method: "GET", path: "/users" }), rule: { office: "users.manage" } }],
  "POST /users": [
    {
      name: "create a user",
      request: async () => ({
        method: "POST",
        path: "/users",
        body: { email: `nueva-${unique()}@redacta.local`, name: "Nueva Persona", role: "reviewer", password: "una-contraseña-larga" },
      }),
      rule: { office: "users.manage" },
    },
  ],
  "PATCH /users/:id": [
    {
      name: "rename another user",
      request: async (world) => ({ method: "PATCH", path: `/users/${world.people.nonOwner.id}`, body: { name: "Segundo Autor" } }),
      rule: { office: "users.manage" },
    },
    {
      name: "make oneself admin",
      request: async (world, role) => ({
        method: "PATCH",
        path: `/users/${role === "anonymous" ? world.people.owner.id : world.people[role].id}`,
        body: { role: "admin" },
      }),
      // The admin's own request changes nothing (already admin).
      rule: { office: "users.manage" },
    },
  ],
  "DELETE /users/:id/sessions": [
    {
      name: "end the sessions of another user",
      request: async () => {
        const created = await adminClient.post("/users", { email: `sesiones-${unique()}@redacta.local`, name: "Otra Persona", role: "author", password: "una-contraseña-larga" });
        return { method: "DELETE", path: `/users/${created.body.id}/sessions` };
      },
      rule: { office: "users.manage" },
    },
  ],

  "GET /organization": [{ name: "organisation profile", request: async () => ({ method: "GET", path: "/organization" }), rule: "signed_in" }],
  "PUT /organization": [
    {
      name: "change the organisation profile",
      request: async () => ({ method: "PUT", path: "/organization", body: (await adminClient.get("/organization")).body }),
      rule: { office: "organization.manage" },
    },
  ],
  "GET /numbering": [{ name: "numbering by year", request: async () => ({ method: "GET", path: "/numbering" }), rule: { office: "numbering.manage" } }],
  "PUT /numbering/:year": [
    {
      name: "move the next number of a year forward",
      // Each caller asks for a higher number than the one before, so the admin's request is always upward.
      request: async () => ({ method: "PUT", path: "/numbering/2031", body: { nextSeq: 100 + ++numberingRequests } }),
      rule: { office: "numbering.manage" },
    },
  ],
  "GET /events": [{ name: "the office's activity trail", request: async () => ({ method: "GET", path: "/events?page=1&pageSize=10" }), rule: { office: "audit.read" } }],
  "GET /setup": [{ name: "whether any account exists", request: async () => ({ method: "GET", path: "/setup" }), rule: "public" }],

  "GET /health": [{ name: "health", request: async () => ({ method: "GET", path: "/health" }), rule: "public" }],
  "GET /openapi.json": [{ name: "API description", request: async () => ({ method: "GET", path: "/openapi.json" }), rule: "public" }],
};

const PERSON: Record<Exclude<Role, "anonymous">, keyof World["people"]> = { owner: "owner", nonOwner: "nonOwner", reviewer: "reviewer", admin: "admin" };

/** What the policy tables say `role` gets for `rule`, on the bulletin's facts as they are now. */
async function policyOutcome(rule: Rule, role: Role, bulletinId: number | undefined): Promise<Outcome> {
  if (rule === "public") return "allowed";
  if (role === "anonymous") return 401;
  if (rule === "signed_in") return "allowed";
  const user = world.people[PERSON[role]];
  // A route open to some roles only refuses the others before it looks at any bulletin.
  if (rule.office && !may(user, rule.office)) return 403;
  if (!("bulletin" in rule)) return "allowed";
  if (bulletinId === undefined) throw new Error("a bulletin rule needs the request's bulletinId");
  const facts = await findBulletin(world.db, bulletinId);
  if (!facts) throw new Error(`no bulletin ${bulletinId}`);
  const refused = refusal(user, rule.bulletin, facts);
  if (!refused) return "allowed";
  if (refused.code === "not_found") return "hidden";
  return refused.code === "not_editable" || refused.code === "invalid_transition" ? 409 : 403;
}

let server: TestServer;
let adminClient: ApiClient;
const clients = {} as Record<Role, ApiClient>;
const world = {} as World;
let nonOwnerPassword: { email: string; password: string };

beforeAll(async () => {
  server = await startTestServer();
  const db = server.handle.db;
  const [owner, reviewer] = await Promise.all([signedIn(server.url, AUTHOR), signedIn(server.url, REVIEWER)]);
  adminClient = await signedIn(server.url, ADMIN);
  const second = await createUser(adminClient, "author", "segundo-autor");
  Object.assign(clients, { anonymous: new ApiClient(server.url), owner, nonOwner: second.client, reviewer, admin: adminClient });
  const people = {
    owner: await userByEmail(db, AUTHOR),
    nonOwner: second.user,
    reviewer: await userByEmail(db, REVIEWER),
    admin: await userByEmail(db, ADMIN),
  };
  const draft = await makeDraft(db, people.owner);
  const comment = await addComment(db, { ...people.reviewer }, draft.id, { body: "¿Fuente de la cifra?" });
  const inReview = await makeInReview(db, people.owner);
  Object.assign(world, { db, people, draft, inReview, archiveId: await archiveExample(db, 493, 2024), commentId: comment.id });
  nonOwnerPassword = { email: second.user.email, password: "contraseña-de-prueba" };
});

afterAll(async () => {
  await server?.close();
});

function signInAgain(client: ApiClient, role: Exclude<Role, "anonymous">): Promise<ApiClient> {
  if (role === "nonOwner") return client.signIn(nonOwnerPassword.email, nonOwnerPassword.password);
  return client.signIn({ owner: AUTHOR, reviewer: REVIEWER, admin: ADMIN }[role]);
}

/** A new session for `role` (for requests that end or replace the caller's session). */
async function ownSession(role: Role): Promise<ApiClient> {
  const client = new ApiClient(server.url);
  if (role === "anonymous") return client;
  if (role === "nonOwner") return client.signIn(nonOwnerPassword.email, nonOwnerPassword.password);
  return client.signIn({ owner: AUTHOR, reviewer: REVIEWER, admin: ADMIN }[role]);
}

function outcomeOf(response: ApiResponse): Outcome | number {
  if (response.status >= 200 && response.status < 300) return "allowed";
  if (response.status === 401 && errorCode(response) === "unauthenticated") return 401;
  if (response.status === 403 && ["forbidden", "forbidden_transition"].includes(errorCode(response) ?? "")) return 403;
  if (response.status === 404 && errorCode(response) === "not_found") return "hidden";
  if (response.status === 409 && ["not_editable", "invalid_transition"].includes(errorCode(response) ?? "")) return 409;
  return response.status;
}

describe("authorization matrix", () => {
  it("has an entry for every route of the router, and none for a route that is gone", () => {
    const routes = apiRoutes().map((spec) => `${spec.method.toUpperCase()} ${spec.path}`);
    expect(new Set(routes).size).toBe(routes.length);
    expect(routes.filter((key) => !(key in MATRIX)), "routes without a matrix entry").toEqual([]);
    expect(Object.keys(MATRIX).filter((key) => !routes.includes(key)), "matrix entries without a route").toEqual([]);
    for (const [key, cases] of Object.entries(MATRIX)) expect(cases.length, key).toBeGreaterThan(0);
  });

  const rows = Object.entries(MATRIX).flatMap(([key, cases]) => cases.map((entry) => ({ key, entry })));
  it.each(rows.map(({ key, entry }) => [`${key}: ${entry.name}`, key, entry] as const))("%s", async (_title, key, entry) => {
    const seen: Record<string, Outcome | number> = {};
    const expected: Record<string, Outcome> = {};
    for (const role of ROLES) {
      const request = await entry.request(world, role);
      expect(`${request.method} ${routeOf(request.path)}`, "the case calls its own route").toBe(key);
      expected[role] = entry.rule ? await policyOutcome(entry.rule, role, request.bulletinId) : entry.expect[role];
      const client = entry.ownSession ? await ownSession(role) : clients[role];
      const response = await client.request(request.method, request.path, request.body, request.headers ?? {});
      seen[role] = outcomeOf(response);
      // The shared client (the same object as adminClient for the admin) signs in again in place.
      if (entry.endsOtherSessions && role !== "anonymous") await signInAgain(clients[role], role);
      if (response.status >= 400) {
        expect(response.body.error.message, `${role}: Spanish message`).toMatch(/[a-záéíóúñ]/);
      }
    }
    expect(seen).toEqual(expected);
  });
});

/** `/bulletins/12/comments/3?x` → `/bulletins/:id/comments/:cid`, from the router's own paths. */
function routeOf(path: string): string {
  const bare = path.split("?")[0]!;
  const match = apiRoutes().find((spec) => new RegExp(`^${spec.path.replace(/:[a-z]+/gi, "[^/]+")}$`).test(bare));
  return match?.path ?? bare;
}
