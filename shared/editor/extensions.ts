import { getSchema, type AnyExtension } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { isHttpUrl } from "../bulletin/web-link";

/**
 * THE Tiptap extension list of a bulletin body, used by the editor and by the
 * server's validation. StarterKit restricted to what a bulletin holds:
 * paragraphs, bullet and ordered lists, quotes, hard breaks, bold, italic, links.
 */
export function bulletinExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      heading: false,
      code: false,
      codeBlock: false,
      horizontalRule: false,
      strike: false,
      underline: false,
      link: {
        openOnClick: false,
        autolink: true,
        protocols: ["http", "https"],
        defaultProtocol: "https",
        // The one link rule the server stores by (web-link.ts): a pasted `\\host` or `user@host` link stays text.
        isAllowedUri: (url) => isHttpUrl(url.trim()),
        HTMLAttributes: { rel: "noopener noreferrer nofollow", target: "_blank" },
      },
    }),
  ];
}

/** The ProseMirror schema built from the same extension list. */
export function bulletinProseMirrorSchema() {
  return getSchema(bulletinExtensions());
}
