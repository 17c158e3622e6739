import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

/**
 * PGlite's NodeFS as it ships is not durable: PostgreSQL starts with `-F`
 * (fsync off), and even with fsync on, Emscripten's NODEFS has no fsync stream
 * operation (so fsync() is a silent no-op) and its fdatasync() never reaches the
 * host. This file system gives NODEFS a real fsync (files and directories), and
 * DURABLE_START_PARAMS turn fsync back on with wal_sync_method=fsync, so a
 * commit returns only after its WAL record is on disk.
 */
export class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, emscriptenOptions: Parameters<NodeFS["init"]>[1]) {
    const result = await super.init(pg, emscriptenOptions);
    const preRun = (result.emscriptenOpts.preRun ?? []) as ((module: EmscriptenModule) => void)[];
    result.emscriptenOpts.preRun = [...preRun, (module: EmscriptenModule) => addFsync(module)];
    return result;
  }
}

/** PGlite's defaults without `-F`, fsync on, and the one WAL sync method that reaches the disk through NODEFS. */
export const DURABLE_START_PARAMS = [
  ...PGlite.defaultStartParams.filter((param) => param !== "-F"),
  "-c",
  "fsync=on",
  "-c",
  "wal_sync_method=fsync",
  "-c",
  "synchronous_commit=on",
];

interface EmscriptenStream {
  nfd?: number;
  node: { mode: number };
}

interface EmscriptenModule {
  FS: { isDir(mode: number): boolean };
  NODEFS: {
    stream_ops: { fsync?: (stream: EmscriptenStream) => number };
    realPath(node: unknown): string;
    tryFSOperation<T>(operation: () => T): T;
  };
}

function addFsync(module: EmscriptenModule): void {
  const { FS, NODEFS } = module;
  NODEFS.stream_ops.fsync = (stream) =>
    NODEFS.tryFSOperation(() => {
      if (stream.nfd !== undefined) {
        fs.fsyncSync(stream.nfd);
      } else if (FS.isDir(stream.node.mode) && process.platform !== "win32") {
        // NODEFS opens no host descriptor for a directory; PostgreSQL fsyncs directories after creating or renaming files in them.
        const descriptor = fs.openSync(NODEFS.realPath(stream.node), "r");
        try {
          fs.fsyncSync(descriptor);
        } finally {
          fs.closeSync(descriptor);
        }
      }
      return 0;
    });
}
