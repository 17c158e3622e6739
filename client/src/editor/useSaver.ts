import { useEffect, useState, useSyncExternalStore } from "react";
import { BulletinSaver, type SaveStatus, type SaverOptions } from "./saver";

/** One BulletinSaver for the mounted editor, its status, and the unload warning. */
export function useSaver(options: SaverOptions): { saver: BulletinSaver; status: SaveStatus } {
  const [saver] = useState(() => new BulletinSaver(options));
  const status = useSyncExternalStore(saver.subscribe, saver.getStatus);

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

  return { saver, status };
}
