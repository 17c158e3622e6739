import type { AnyExtension } from "@tiptap/core";
import { t } from "../i18n/es";
import { FindReplace } from "./find-replace/find-replace-extension";
import { WordPaste } from "./paste";
import { SpellCheck } from "./spell/spell-extension";

/**
 * The body editor's Word-like behaviour on top of bulletinExtensions(): find and replace
 * (Ctrl+F), paste from Word and web pages, offline Spanish spell check. None adds a node or a mark, so the schema
 * the server validates by is unchanged.
 */
export function wordExtensions(onImagesRefused: () => void): AnyExtension[] {
  return [FindReplace, WordPaste.configure({ onImagesRefused }), SpellCheck];
}

/** `Las imágenes no se pegan en el boletín…`, over the body until dismissed. */
export function PasteRefusedNotice({ onClose }: { onClose: () => void }) {
  return (
    <div className="paste-refused" role="alert">
      <p>{t("paste.imagesRefused")}</p>
      <button type="button" className="button-quiet" onClick={onClose}>
        {t("paste.dismiss")}
      </button>
    </div>
  );
}
