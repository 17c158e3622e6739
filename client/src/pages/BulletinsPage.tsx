import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { LISTS_POLL_MS, useLiveLists } from "../api/live";
import { useState } from "react";
import { useSearchParams } from "react-router";
import type { BulletinCounts, BulletinStatus } from "../../../shared/api/schemas";
import { may, type OfficeAbility } from "../../../shared/policies/office";
import { getBulletinCounts, listBulletins, type ListParams } from "../api/endpoints";
import { bulletinKeys, queryErrorMessage } from "../api/queries";
import { BulletinTable } from "../components/BulletinTable";
import { NewBulletinDialog } from "../components/NewBulletinDialog";
import { Pager } from "../components/Pager";
import { useUser } from "../components/Session";
import { t, type MessageKey } from "../i18n/es";
import { formatBulletinCount } from "../i18n/format";

interface View {
  id: string;
  /** How many it holds, from GET /api/bulletins/counts. */
  count: (counts: BulletinCounts) => number | null;
  label: MessageKey;
  params: ListParams;
  empty?: MessageKey;
  /** Shown only to users with this ability (shared/policies/office.ts). */
  ability?: OfficeAbility;
  /** Shown only to admins: the server answers `deleted=true` to them alone. */
  adminOnly?: boolean;
}

const STATUS_VIEWS: Array<[string, BulletinStatus]> = [
  ["borradores", "draft"],
  ["en-revision", "in_review"],
  ["cambios-solicitados", "changes_requested"],
  ["aprobados", "approved"],
  ["publicados", "published"],
];

const VIEWS: View[] = [
  { id: "mis-boletines", label: "list.view.mine", params: { mine: true }, empty: "list.emptyMine", count: (counts) => counts.mine },
  // Bulletins of other people waiting for a reviewer: four eyes, never one's own.
  {
    id: "por-revisar",
    label: "list.view.toReview",
    params: { status: "in_review", toReview: true },
    ability: "bulletins.review",
    empty: "list.emptyToReview",
    count: (counts) => counts.toReview,
  },
  ...STATUS_VIEWS.map(([id, status]): View => ({ id, label: `list.view.${status}`, params: { status }, count: (counts) => counts.byStatus[status] ?? null })),
  { id: "eliminados", label: "list.view.deleted", params: { deleted: true }, adminOnly: true, empty: "list.emptyDeleted", count: (counts) => counts.deleted },
];

const PAGE_SIZE = 25;

/** `Por revisar 3`: the count after the tab's name; in `Por revisar`, those asked of the reader stand out. */
function TabCount({ view, counts }: { view: View; counts: BulletinCounts | undefined }) {
  const count = counts ? view.count(counts) : null;
  if (count === null) return null;
  const assigned = view.id === "por-revisar" && counts ? counts.assignedToMe : 0;
  const forYou = assigned === 0 ? null : t("list.assignedCount", { count: assigned });
  return (
    <>
      {" "}
      <span className={assigned > 0 ? "tab-count tab-count-assigned" : "tab-count"} title={forYou ?? undefined}>
        {count}
      </span>
      {forYou && <span className="visually-hidden">, {forYou}</span>}
    </>
  );
}

export default function BulletinsPage() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const views = VIEWS.filter((view) => (!view.ability || may(user, view.ability)) && (!view.adminOnly || user.role === "admin"));
  const fallback = may(user, "bulletins.review") ? "por-revisar" : "mis-boletines";
  const view = views.find((candidate) => candidate.id === params.get("vista")) ?? views.find((v) => v.id === fallback)!;
  const page = Math.max(1, Number(params.get("pagina")) || 1);
  const [creating, setCreating] = useState(false);
  const listParams: ListParams = { ...view.params, page, pageSize: PAGE_SIZE };
  // Someone else's change elsewhere refreshes the list and its counts; without the channel they poll.
  const poll = useLiveLists() ? false : LISTS_POLL_MS;
  // Under ["bulletins", …]: a save, a transition or a deletion elsewhere in the app makes it stale.
  const list = useQuery({
    queryKey: [...bulletinKeys.lists, listParams],
    queryFn: ({ signal }) => listBulletins(listParams, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
    refetchInterval: poll,
  });
  // Under the lists' key: whatever refreshes the lists refreshes the tabs' counts.
  const counts = useQuery({
    queryKey: [...bulletinKeys.lists, "counts"],
    queryFn: ({ signal }) => getBulletinCounts(signal),
    staleTime: 0,
    refetchInterval: poll,
  }).data;
  const result = list.data ?? null;
  const error = queryErrorMessage(list.error, t("errors.unexpected"));

  return (
    <section className="page">
      <div className="page-heading">
        <h1>{t("list.title")}</h1>
        <button type="button" className="button-primary" onClick={() => setCreating(true)}>
          {t("list.new")}
        </button>
      </div>
      <nav aria-label={t("list.views")} className="tabs">
        {views.map((candidate) => (
          <button
            key={candidate.id}
            type="button"
            className="tab"
            aria-current={candidate.id === view.id ? "page" : undefined}
            onClick={() => setParams({ vista: candidate.id })}
          >
            {t(candidate.label)}
            <TabCount view={candidate} counts={counts} />
          </button>
        ))}
      </nav>
      <h2 className="visually-hidden">{t(view.label)}</h2>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!result && !error && <p role="status">{t("app.loading")}</p>}
      {result && result.items.length === 0 && <p className="empty">{t(view.empty ?? "list.empty")}</p>}
      {result && result.items.length > 0 && (
        <>
          <BulletinTable items={result.items} caption={t(view.label)} linkTo={(item) => `/boletines/${item.id}`} />
          <p className="muted">{formatBulletinCount(result.total)}</p>
          <Pager
            page={page}
            pageSize={PAGE_SIZE}
            total={result.total}
            onPage={(next) => setParams({ vista: view.id, pagina: String(next) })}
          />
        </>
      )}
      {creating && <NewBulletinDialog onClose={() => setCreating(false)} />}
    </section>
  );
}
