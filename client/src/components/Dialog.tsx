import { useEffect, useId, useRef, type ReactNode } from "react";
import { t } from "../i18n/es";

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Extra class for wide dialogs (the conflict view). */
  className?: string;
  /** Element to focus first; defaults to the first focusable control. */
  initialFocus?: React.RefObject<HTMLElement | null>;
}

/**
 * A modal dialog on the native <dialog>: showModal() makes the page behind it inert
 * (focus stays inside), Escape closes it, and focus returns to where it was.
 * Render it only while open.
 */
export function Dialog({ title, onClose, children, className, initialFocus }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const target =
      initialFocus?.current ??
      dialog.querySelector<HTMLElement>("[data-autofocus], input, textarea, select, button:not(.dialog-close)");
    target?.focus();
    const onCancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    // Chromium may force-close on a repeated Escape despite preventDefault: keep state in step.
    // A late `close` event from an earlier mount (StrictMode remounts) finds the dialog open again: ignore it.
    const onNativeClose = () => {
      if (!dialog.open) onCloseRef.current();
    };
    dialog.addEventListener("cancel", onCancel);
    dialog.addEventListener("close", onNativeClose);
    return () => {
      dialog.removeEventListener("cancel", onCancel);
      dialog.removeEventListener("close", onNativeClose);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
    // Opening happens once per mount; later prop changes must not steal focus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <dialog ref={ref} className={`dialog ${className ?? ""}`} aria-labelledby={titleId} aria-modal="true">
      <div className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="dialog-close button-quiet" onClick={() => onCloseRef.current()}>
          <span aria-hidden="true">×</span>
          <span className="visually-hidden">{t("dialog.close")}</span>
        </button>
      </div>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}
