import { useQuery } from "@tanstack/react-query";
import type { ContactList } from "../../../shared/api/distribution-schemas";
import type { Distribution } from "../../../shared/api/distributions";
import type { BulletinResource } from "../../../shared/api/schemas";
import type { Page } from "./endpoints";
import { request } from "./http";
import { bulletinKeys } from "./queries";

/** Sending a bulletin to media lists (issue 11): the client side of server/routes/distributions.ts. */

export interface DistributionChoice {
  listIds: number[];
  /** `2024-09-25T10:00`, a clock in Mexico City; left out: now. */
  sendAt?: string;
  embargoUntil?: string;
  note?: string;
}

const path = (id: number) => `/api/bulletins/${id}/distributions`;

export const createDistribution = (id: number, choice: DistributionChoice) => request<Distribution>(path(id), { method: "POST", body: choice });
export const cancelDistribution = (id: number, distributionId: number) =>
  request<Distribution>(`${path(id)}/${distributionId}/cancel`, { method: "POST" });
export const resendFailed = (id: number, distributionId: number) =>
  request<{ resent: number; distribution: Distribution }>(`${path(id)}/${distributionId}/resend-failed`, { method: "POST" });

/** The delivery log; every 3 s while something is scheduled or going out, else with the page's other parts. */
export function useDistributions(id: number, enabled = true) {
  return useQuery({
    queryKey: bulletinKeys.part(id, "distributions"),
    queryFn: () => request<Page<Distribution>>(path(id)).then((page) => page.items),
    enabled,
    refetchInterval: (query) => (query.state.data?.some((item) => item.status === "scheduled" || item.status === "sending") ? 3_000 : 30_000),
  });
}

/** The media lists one may send to. */
export function useContactLists(enabled = true) {
  return useQuery({ queryKey: ["contact-lists"], queryFn: () => request<Page<ContactList>>("/api/lists").then((page) => page.items), enabled, staleTime: 10_000 });
}

/** `Retirar`: the number stays used, the public page says so, the earlier recipients are told. */
export const retractBulletin = (id: number, note: string) => request<BulletinResource>(`/api/bulletins/${id}/retraction`, { method: "POST", body: { note } });
