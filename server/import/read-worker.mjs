// A worker thread of the import pool (server/import/read-pool.ts). Plain JavaScript, like the
// export pool's worker, so it starts the same under tsx, vitest and plain Node.
import { tsImport } from "tsx/esm/api";

const { readImportFile } = await tsImport("./parse-file.ts", import.meta.url);

/** One file: its name, bytes and the organisation profile in, what the importer read out (never throws). */
export default async function read({ name, bytes, organization }) {
  return readImportFile(name, bytes, organization);
}
