import { useEffect, useState, useSyncExternalStore } from "react";
import type { Bulletin } from "../../../shared/bulletin/schema";
import { BulletinSaver, type SaveStatus, type SaverOptions } from "./saver";

/** One BulletinSaver for the mounted editor, its status, the typed draft it owns, and the unload warning. */
export function useSaver(options: SaverOptions): { saver: BulletinSaver; status: SaveStatus; draft: Bulletin } {
  const [saver] = useState(() => new BulletinSaver(options));
  const status = useSyncExternalStore(saver.subscribe, saver.getStatus);
  const draft = useSyncExternalStore(saver.subscribe, saver.getTyped);

  useEffect(() => {
    saver.start();
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!saver.hasUnsavedChanges()) return;
      event.preventDefault();
      // Older Chromium needs returnValue set to show the prompt.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      saver.stop();
    };
  }, [saver]);

  return { saver, status, draft };
}
