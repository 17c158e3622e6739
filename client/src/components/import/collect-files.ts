import { MAX_IMPORT_FILE_BYTES } from "../../../../shared/api/imports";

/** One file to upload: its name (with the folder path it came in) and how to read its bytes, one at a time. */
export interface PickedFile {
  name: string;
  size: number;
  read: () => Promise<Blob>;
}

export interface PickedFiles {
  files: PickedFile[];
  /** Files that are not TXT, Markdown, DOCX or PDF (hidden files and __MACOSX not counted). */
  skipped: number;
  /** .zip files that would not open. */
  badZips: string[];
}

const IMPORTABLE = /\.(txt|md|markdown|docx|pdf)$/i;
const ZIP = /\.zip$/i;

/** Hidden files and folders (`.DS_Store`, `._x.docx`) and macOS's `__MACOSX` copies: never bulletins, never counted. */
function hidden(path: string): boolean {
  return path.split("/").some((part) => part === "__MACOSX" || part.startsWith("."));
}

/** The files of a picked folder (each with its path in it), picked files, or .zip archives (unzipped here, in the browser). */
export function collectFiles(files: File[]): Promise<PickedFiles> {
  return collectPaths(files.map((file) => ({ file, path: (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name })));
}

interface FileAt {
  file: File;
  path: string;
}

async function collectPaths(files: FileAt[]): Promise<PickedFiles> {
  const picked: PickedFiles = { files: [], skipped: 0, badZips: [] };
  for (const { file, path } of files) {
    if (hidden(path)) continue;
    if (ZIP.test(path)) await addZip(file, picked);
    else if (IMPORTABLE.test(path)) picked.files.push({ name: path, size: file.size, read: async () => file });
    else picked.skipped++;
  }
  picked.files.sort((a, b) => a.name.localeCompare(b.name, "es", { numeric: true }));
  return picked;
}

async function addZip(file: File, picked: PickedFiles): Promise<void> {
  // Only the import screen needs jszip: it stays out of the main bundle.
  const { default: JSZip } = await import("jszip");
  let zip: InstanceType<typeof JSZip>;
  try {
    zip = await JSZip.loadAsync(file);
  } catch {
    picked.badZips.push(file.name);
    return;
  }
  for (const entry of Object.values(zip.files)) {
    if (entry.dir || hidden(entry.name)) continue;
    if (!IMPORTABLE.test(entry.name)) {
      picked.skipped++;
      continue;
    }
    // The size the archive declares: a file that would inflate past the server's limit is never inflated here.
    const declared = (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
    picked.files.push({
      name: entry.name,
      size: declared,
      read: () => entry.async("blob"),
    });
  }
}

/** The files of a drop: folders are walked (every level), .zip files unzipped. */
export async function collectDropped(transfer: DataTransfer): Promise<PickedFiles> {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.every((entry) => entry === null)) return collectFiles([...transfer.files]);
  const files: FileAt[] = [];
  for (const entry of entries) if (entry) await walk(entry, files);
  return collectPaths(files);
}

async function walk(entry: FileSystemEntry, files: FileAt[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    // A file inside a dropped folder keeps its path (`2020/boletín 12.pdf`), as a picked folder's do.
    files.push({ file, path: entry.fullPath.replace(/^\//, "") || file.name });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries answers in batches (100 in Chromium) until it answers none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, files);
  }
}

/** A zip's entry larger than the server takes: refused here, without sending it. */
export function tooLarge(file: PickedFile): boolean {
  return file.size > MAX_IMPORT_FILE_BYTES;
}
