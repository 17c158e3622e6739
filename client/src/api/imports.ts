import type { ImportBatch, ImportBatchSummary, ImportItem } from "../../../shared/api/imports";
import type { Bulletin } from "../../../shared/bulletin/schema";
import { query, request } from "./http";

/** Bulk import (issue 12): the client side of server/routes/imports.ts. */

export const startImport = () => request<ImportBatch>("/api/imports", { method: "POST" });

export const listImports = () => request<{ items: ImportBatchSummary[]; total: number }>("/api/imports").then((page) => page.items);

export const loadImport = (batchId: number) => request<ImportBatch>(`/api/imports/${batchId}`);

/** One file, as it is; answers what became of it. */
export const uploadImportFile = (batchId: number, name: string, file: Blob) =>
  request<ImportItem>(`/api/imports/${batchId}/files${query({ name })}`, { method: "POST", file, fileType: "application/octet-stream" });

export const confirmImportItem = (batchId: number, itemId: number, bulletin: Bulletin) =>
  request<ImportItem>(`/api/imports/${batchId}/items/${itemId}/confirm`, { method: "POST", body: { bulletin } });

export const discardImportItem = (batchId: number, itemId: number) =>
  request<ImportItem>(`/api/imports/${batchId}/items/${itemId}/discard`, { method: "POST", body: {} });
