import { Extension } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { transformPastedHtml } from "./paste-html";

export interface WordPasteOptions {
  /** Called when a paste or a drop held images that were not put in the body. */
  onImagesRefused: () => void;
}

const hasImageFile = (data: DataTransfer | null) =>
  !!data && Array.from(data.items ?? []).some((item) => item.kind === "file" && item.type.startsWith("image/"));

/**
 * Paste from Word and web pages (paste-html.ts): lists stay lists, tables become
 * readable rows, and images are refused out loud (`onImagesRefused`), never dropped
 * in silence. Adds no node or mark: the schema stays bulletinExtensions().
 */
export const WordPaste = Extension.create<WordPasteOptions>({
  name: "wordPaste",

  addOptions() {
    return { onImagesRefused: () => undefined };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin({
        key: new PluginKey("wordPaste"),
        props: {
          transformPastedHTML(html) {
            const { html: transformed, imagesRemoved } = transformPastedHtml(html);
            if (imagesRemoved > 0) options.onImagesRefused();
            return transformed;
          },
          handlePaste(_view, event) {
            const data = event.clipboardData;
            // A screenshot or a copied image file: nothing but the image to paste.
            if (hasImageFile(data) && !data?.getData("text/html") && !data?.getData("text/plain")) {
              options.onImagesRefused();
              return true;
            }
            return false;
          },
          handleDrop(_view, event) {
            if (!hasImageFile((event as DragEvent).dataTransfer)) return false;
            options.onImagesRefused();
            return true;
          },
        },
      }),
    ];
  },
});
