import type {
  Anchor,
  ApprovalPreview,
  AuditEvent,
  BulletinCounts,
  BulletinListItem,
  BulletinPage,
  BulletinResource,
  BulletinStatus,
  Comment,
  DiffMode,
  DiffPart,
  NumberingYear,
  RevisionSummary,
  Role,
  SetupStatus,
  Suggestion,
  User,
} from "../../../shared/api/schemas";
import type { Bulletin } from "../../../shared/bulletin/schema";
import type { Contact, ContactList, ContactStatus, ImportPreview, ImportResult, NewContact } from "../../../shared/api/distribution-schemas";
import type { Organization } from "../../../shared/organization";
import type { Template } from "../../../shared/template/schema";
import { query, request, send } from "./http";
import type { NotificationList, OutboxItem, Person } from "./notification-types";

/** One function per API endpoint. Types come from shared/api/schemas.ts. */

export interface Page<T> {
  items: T[];
  total: number;
}

export type TransitionAction = "submit" | "withdraw" | "request_changes" | "approve" | "publish" | "reopen" | "correct";
export type ExportFormat = "docx" | "pdf" | "txt" | "md";

export interface ListParams {
  status?: BulletinStatus;
  year?: number;
  number?: number;
  q?: string;
  mine?: boolean;
  toReview?: boolean;
  /** Admins: the deleted drafts instead of the live bulletins. */
  deleted?: boolean;
  page?: number;
  pageSize?: number;
}

export interface Revision extends RevisionSummary {
  content: Bulletin;
  hash: string;
}

export interface Diff {
  from: number;
  to: number;
  mode: DiffMode;
  parts: DiffPart[];
}

// Session

export const signIn = (email: string, password: string) =>
  request<{ user: User }>("/api/session", { method: "POST", body: { email, password } });
export const getSession = () => request<{ user: User }>("/api/session");
export const signOut = () => request<void>("/api/session", { method: "DELETE" });
export const getSetupStatus = () => request<SetupStatus>("/api/setup");
export const changeOwnPassword = (currentPassword: string, newPassword: string) =>
  request<{ user: User }>("/api/session/password", { method: "PUT", body: { currentPassword, newPassword } });

// Templates

export const listTemplates = () => request<Page<Template>>("/api/templates");
export const getTemplate = (id: string) => request<Template>(`/api/templates/${encodeURIComponent(id)}`);
export const createTemplateFromBulletin = (fromBulletinId: number, name: string) =>
  request<Template>("/api/templates", { method: "POST", body: { fromBulletinId, name } });
export const deleteTemplate = (id: string) =>
  request<void>(`/api/templates/${encodeURIComponent(id)}`, { method: "DELETE" });

// Bulletins

const bulletinPath = (id: number) => `/api/bulletins/${id}`;

export const listBulletins = (params: ListParams, signal?: AbortSignal) =>
  request<BulletinPage>(`/api/bulletins${query({ ...params })}`, { signal });
export const getBulletinCounts = (signal?: AbortSignal) => request<BulletinCounts>("/api/bulletins/counts", { signal });
export const createBulletinFromTemplate = (templateId: string) =>
  request<BulletinResource>("/api/bulletins", { method: "POST", body: { templateId } });
export const duplicateBulletin = (fromBulletinId: number) =>
  request<BulletinResource>("/api/bulletins", { method: "POST", body: { fromBulletinId } });
export const getBulletin = (id: number) => request<BulletinResource>(bulletinPath(id));

/** The keys the PUT accepts, in the bulletin JSON's order (`number` is sent as-is; `label` only when the bulletin has its own). */
export function bulletinContent(source: Bulletin): Bulletin {
  return {
    ...(source.label !== undefined ? { label: source.label } : {}),
    number: source.number,
    place: source.place,
    date: source.date,
    title: source.title,
    highlights: source.highlights,
    body: source.body,
    photoLinks: source.photoLinks,
    videoLinks: source.videoLinks,
  };
}

/** Saves a new revision on top of `version`; a stale version fails with 409 `version_conflict`. */
export const saveBulletin = (id: number, content: Bulletin, version: number) =>
  request<BulletinResource>(bulletinPath(id), {
    method: "PUT",
    body: bulletinContent(content),
    headers: { "If-Match": `"${version}"` },
  });

/** `readVersion`: the version the user read; a newer one (the text changed meanwhile) is refused with 409. */
export const transitionBulletin = (id: number, action: TransitionAction, comment?: string, readVersion?: number, reviewerIds?: number[]) =>
  request<BulletinResource>(`${bulletinPath(id)}/transitions`, {
    method: "POST",
    body: { action, ...(comment ? { comment } : {}), ...(reviewerIds && reviewerIds.length > 0 ? { reviewerIds } : {}) },
    ...(readVersion === undefined ? {} : { headers: { "If-Match": `"${readVersion}"` } }),
  });

/** `Tomar revisión` (the caller alone) or handing the review to other reviewers. */
export const assignReviewers = (id: number, userIds: number[]) =>
  request<BulletinResource>(`${bulletinPath(id)}/reviewers`, { method: "POST", body: { userIds } });

export const listRevisions = (id: number) => request<Page<RevisionSummary>>(`${bulletinPath(id)}/revisions`);
export const getRevision = (id: number, version: number) =>
  request<Revision>(`${bulletinPath(id)}/revisions/${version}`);
export const getDiff = (id: number, from: number, to: number) =>
  request<Diff>(`${bulletinPath(id)}/diff${query({ from, to })}`);
export const listEvents = (id: number) => request<Page<AuditEvent>>(`${bulletinPath(id)}/events`);
/** A new revision with the content of `version`, on top of `currentVersion` (If-Match). */
export const restoreRevision = (id: number, version: number, currentVersion: number) =>
  request<BulletinResource>(`${bulletinPath(id)}/revisions/${version}/restore`, {
    method: "POST",
    body: {},
    headers: { "If-Match": `"${currentVersion}"` },
  });

/** Soft delete of a draft that never had a number. */
export const deleteBulletin = (id: number) => request<BulletinResource>(bulletinPath(id), { method: "DELETE" });
/** Admins: brings a deleted draft back. */
export const restoreBulletin = (id: number) =>
  request<BulletinResource>(`${bulletinPath(id)}/restore`, { method: "POST", body: {} });
export const getApprovalPreview = (id: number) => request<ApprovalPreview>(`${bulletinPath(id)}/approval-preview`);

// Suggested edits

export interface SuggestionDecision {
  suggestions: Suggestion[];
  bulletin: BulletinResource;
}

export interface NewSuggestion {
  field: string;
  from: number;
  to: number;
  insert: string;
  revision?: number;
}

export const listSuggestions = (id: number) => request<Page<Suggestion>>(`${bulletinPath(id)}/suggestions`);
export const addSuggestion = (id: number, suggestion: NewSuggestion) =>
  request<Suggestion>(`${bulletinPath(id)}/suggestions`, { method: "POST", body: suggestion });
export const decideSuggestion = (id: number, suggestionId: number, decision: "accept" | "reject") =>
  request<SuggestionDecision>(`${bulletinPath(id)}/suggestions/${suggestionId}/${decision}`, { method: "POST", body: {} });
export const decideAllSuggestions = (id: number, decision: "accept" | "reject") =>
  request<SuggestionDecision>(`${bulletinPath(id)}/suggestions/${decision}-all`, { method: "POST", body: {} });

// Comments

export interface NewComment {
  body: string;
  /** Without an anchor: a quote shown above the comment (the read-only sheet's selection). */
  quote?: string;
  anchor?: Anchor;
  /** Replying to a thread. */
  parentId?: number;
  /** The revision the anchor's offsets were taken on (the text on screen). */
  revision?: number;
  /** The people @mentioned in the body (user ids). */
  mentions?: number[];
}

export const listComments = (id: number) => request<Page<Comment>>(`${bulletinPath(id)}/comments`);
export const addComment = (id: number, comment: NewComment) =>
  request<Comment>(`${bulletinPath(id)}/comments`, { method: "POST", body: comment });
export const setCommentResolved = (id: number, commentId: number, resolved: boolean) =>
  request<Comment>(`${bulletinPath(id)}/comments/${commentId}`, { method: "PATCH", body: { resolved } });

// Export

export const exportUrl = (id: number, format: ExportFormat, revision?: number) =>
  `${bulletinPath(id)}/export${query({ format, revision })}`;

/** Downloads an export as a Blob with the file name the server proposes. */
export async function fetchExport(
  id: number,
  format: ExportFormat,
  revision?: number,
): Promise<{ blob: Blob; fileName: string }> {
  const response = await send(exportUrl(id, format, revision), { headers: { Accept: "*/*" } });
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const fileName = encoded ? decodeURIComponent(encoded) : (plain ?? `boletin-${id}.${format}`);
  return { blob: await response.blob(), fileName };
}

// Organisation and users

export const getOrganization = () => request<Organization>("/api/organization");
export const saveOrganization = (organization: Organization) =>
  request<Organization>("/api/organization", { method: "PUT", body: organization });

export const listUsers = () => request<Page<User>>("/api/users");
export const createUser = (user: { email: string; name: string; role: Role; password: string }) =>
  request<User>("/api/users", { method: "POST", body: user });
export const updateUser = (id: number, changes: { role?: Role; disabled?: boolean; name?: string }) =>
  request<User>(`/api/users/${id}`, { method: "PATCH", body: changes });

// Numbering and the office's activity trail

export const listNumbering = () => request<{ items: NumberingYear[] }>("/api/numbering");
export const setNextNumber = (year: number, nextSeq: number) =>
  request<NumberingYear>(`/api/numbering/${year}`, { method: "PUT", body: { nextSeq } });
export const listOfficeEvents = (page: number, pageSize: number) =>
  request<Page<AuditEvent>>(`/api/events${query({ page, pageSize })}`);

// Notifications, preferences, people and the outbox (issue 10)

export const listNotifications = (unread = false) =>
  request<NotificationList>(`/api/notifications${query({ unread: unread ? "true" : undefined })}`);
/** Marks these (one's own) as read, or all of them without `ids`. */
export const markNotificationsRead = (ids?: number[]) =>
  request<{ unread: number }>("/api/notifications/read", { method: "POST", body: ids ? { ids } : {} });
export const savePreferences = (preferences: { emailNotifications: boolean }) =>
  request<{ emailNotifications: boolean }>("/api/session/preferences", { method: "PUT", body: preferences });
export const listPeople = () => request<{ items: Person[] }>("/api/people");
export const listOutbox = (page: number, pageSize: number) =>
  request<Page<OutboxItem>>(`/api/outbox${query({ page, pageSize })}`);

// Media lists and contacts (issue 11, `Medios`)

export const listContactLists = () => request<Page<ContactList>>("/api/lists");
export const createContactList = (list: { name: string; description?: string }) =>
  request<ContactList>("/api/lists", { method: "POST", body: list });
export const updateContactList = (id: number, changes: { name?: string; description?: string }) =>
  request<ContactList>(`/api/lists/${id}`, { method: "PATCH", body: changes });
export const deleteContactList = (id: number) => request<void>(`/api/lists/${id}`, { method: "DELETE" });
export const listContactsOf = (listId: number, params: { q?: string; page?: number; pageSize?: number } = {}) =>
  request<Page<Contact>>(`/api/lists/${listId}/contacts${query(params)}`);
export const addContacts = (listId: number, contacts: NewContact[]) =>
  request<ImportResult>(`/api/lists/${listId}/contacts`, { method: "POST", body: contacts });
/** The file as it is (its encoding is detected on the server): what would import, nothing written. */
export const previewContactsCsv = (listId: number, file: Blob) =>
  request<ImportPreview>(`/api/lists/${listId}/contacts?preview=true`, { method: "POST", file, fileType: "text/csv" });
export const importContactsCsv = (listId: number, file: Blob) =>
  request<ImportResult>(`/api/lists/${listId}/contacts`, { method: "POST", file, fileType: "text/csv" });
export const removeFromList = (listId: number, contactId: number) =>
  request<void>(`/api/lists/${listId}/contacts/${contactId}`, { method: "DELETE" });
export const searchContacts = (params: { q?: string; status?: ContactStatus; page?: number; pageSize?: number }) =>
  request<Page<Contact>>(`/api/contacts${query(params)}`);
export const updateContact = (id: number, changes: { name?: string; outlet?: string; beat?: string; notes?: string; status?: "active" }) =>
  request<Contact>(`/api/contacts/${id}`, { method: "PATCH", body: changes });
