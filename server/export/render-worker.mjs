// A worker thread of the export pool (server/export/render-pool.ts). Plain JavaScript, so it
// starts the same under `tsx` (npm start), vitest and plain Node: it loads the TypeScript
// exporters itself through tsx's API.
import { tsImport } from "tsx/esm/api";

const { renderDocx } = await tsImport("./docx.ts", import.meta.url);
const { renderPdf } = await tsImport("./pdf.ts", import.meta.url);

/** One render: the format, the bulletin and its export options in, the file's bytes out. */
export default async function render({ format, bulletin, options }) {
  return format === "pdf" ? renderPdf(bulletin, options) : renderDocx(bulletin, options);
}
