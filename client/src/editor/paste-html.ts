/**
 * What is pasted from Word and web pages, made fit for the bulletin's closed schema
 * before ProseMirror parses it: Word's `mso-list` paragraphs become real lists, tables
 * become one paragraph per row (`celda · celda`), and images are taken out and counted,
 * so the editor can say they were refused instead of dropping them silently.
 * Pure DOM work (DOMParser), so it is tested without a browser.
 */
export interface PastedHtml {
  html: string;
  /** How many images (img, Word's VML shapes, picture, svg) were taken out. */
  imagesRemoved: number;
}

const CELL_SEPARATOR = " · ";
const IMAGE_TAGS = new Set(["img", "picture", "svg", "canvas", "video", "object", "embed", "v:imagedata", "v:shape"]);
const isImage = (element: Element) => IMAGE_TAGS.has(element.tagName.toLowerCase());
const BLOCKS = new Set(["P", "DIV", "LI", "H1", "H2", "H3", "H4", "H5", "H6", "BLOCKQUOTE", "TR", "TABLE"]);
// A numbered marker (`1.`, `a)`, `iv.`, `(3)`) makes an ordered list; `·`, `§`, `o`, `•`, `-` a bullet list.
const ORDERED_MARKER = /^\(?([0-9]+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]$/;

interface WordListParagraph {
  element: HTMLElement;
  level: number;
  ordered: boolean;
  start: number | null;
}

/** Transforms pasted HTML (see the module comment). */
export function transformPastedHtml(html: string): PastedHtml {
  const document = new DOMParser().parseFromString(html, "text/html");
  const body = document.body;
  let imagesRemoved = 0;
  for (const image of Array.from(body.querySelectorAll("*")).filter(isImage)) {
    if (!image.isConnected) continue; // inside an image already taken out (a VML shape holds its imagedata)
    imagesRemoved += 1;
    image.remove();
  }
  removeComments(body);
  convertWordLists(body);
  convertTables(body);
  return { html: body.innerHTML, imagesRemoved };
}

function removeComments(root: HTMLElement): void {
  const walker = root.ownerDocument.createTreeWalker(root, 128 /* NodeFilter.SHOW_COMMENT */);
  const comments: Node[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) comments.push(node);
  for (const comment of comments) comment.parentNode?.removeChild(comment);
}

function styleOf(element: Element): string {
  return (element.getAttribute("style") ?? "").replace(/\s+/g, "").toLowerCase();
}

/** A Word list paragraph (`style="mso-list:l0 level2 lfo1"`), its marker removed; null for any other element. */
function wordListParagraph(element: Element): WordListParagraph | null {
  if (element.tagName !== "P" && element.tagName !== "DIV") return null;
  const style = (element.getAttribute("style") ?? "").toLowerCase();
  const list = /mso-list\s*:\s*(l\d+)\s+level(\d+)/.exec(style);
  if (!list) return bulletTypedInWord(element);
  let marker = "";
  for (const ignored of Array.from(element.querySelectorAll("span, font"))) {
    if (!styleOf(ignored).includes("mso-list:ignore")) continue;
    marker += ignored.textContent ?? "";
    ignored.remove();
  }
  marker = marker.replace(/[\s\u00a0]+/g, "");
  const ordered = ORDERED_MARKER.test(marker);
  const number = /^\(?([0-9]+)[.)]$/.exec(marker);
  return {
    element: element as HTMLElement,
    level: Math.max(1, Number(list[2])),
    ordered,
    start: number ? Number(number[1]) : null,
  };
}

/** `<p class=MsoListParagraph>·&nbsp;&nbsp;Texto</p>` without `mso-list`: a bullet typed by hand, its marker removed. */
function bulletTypedInWord(element: Element): WordListParagraph | null {
  if (!/^MsoListParagraph/i.test(element.getAttribute("class") ?? "")) return null;
  const walker = element.ownerDocument.createTreeWalker(element, 4 /* NodeFilter.SHOW_TEXT */);
  const first = walker.nextNode();
  if (!first) return null;
  const marked = /^[\s\u00a0]*[·•§o\-–][\s\u00a0]+/.exec(first.textContent ?? "");
  if (!marked) return null;
  first.textContent = (first.textContent ?? "").slice(marked[0].length);
  return { element: element as HTMLElement, level: 1, ordered: false, start: null };
}

/** The next element sibling, skipping whitespace-only text (Word puts line breaks between paragraphs). */
function nextElement(node: Element): Element | null {
  let next = node.nextSibling;
  while (next && next.nodeType === 3 && !(next.textContent ?? "").trim()) next = next.nextSibling;
  return next && next.nodeType === 1 ? (next as Element) : null;
}

function convertWordLists(root: HTMLElement): void {
  const document = root.ownerDocument;
  for (const candidate of Array.from(root.querySelectorAll("p, div"))) {
    if (!candidate.isConnected) continue;
    const first = wordListParagraph(candidate);
    if (!first) continue;
    const run: WordListParagraph[] = [first];
    for (let next = nextElement(candidate); next; next = nextElement(next)) {
      const item = wordListParagraph(next);
      if (!item) break;
      run.push(item);
    }
    const top = document.createElement(first.ordered ? "ol" : "ul");
    if (first.ordered && first.start !== null && first.start !== 1) top.setAttribute("start", String(first.start));
    candidate.parentNode?.insertBefore(top, candidate);
    // stack[i]: the open list at depth i; a deeper level opens a list inside the last item.
    const stack: { list: HTMLElement; level: number }[] = [{ list: top, level: first.level }];
    for (const item of run) {
      while (stack.length > 1 && item.level < stack[stack.length - 1]!.level) stack.pop();
      let open = stack[stack.length - 1]!;
      if (item.level > open.level && open.list.lastElementChild) {
        const nested = document.createElement(item.ordered ? "ol" : "ul");
        open.list.lastElementChild.appendChild(nested);
        open = { list: nested, level: item.level };
        stack.push(open);
      }
      const li = document.createElement("li");
      const paragraph = document.createElement("p");
      while (item.element.firstChild) paragraph.appendChild(item.element.firstChild);
      li.appendChild(paragraph);
      open.list.appendChild(li);
      item.element.remove();
    }
  }
}

/** The readable text of a table cell: its blocks and line breaks become spaces. */
function cellText(cell: Element): string {
  let text = "";
  const walk = (node: Node) => {
    if (node.nodeType === 3) text += node.textContent ?? "";
    else if (node.nodeType === 1) {
      const element = node as Element;
      if (element.tagName === "BR") text += " ";
      const block = BLOCKS.has(element.tagName);
      if (block) text += " ";
      for (const child of Array.from(element.childNodes)) walk(child);
      if (block) text += " ";
    }
  };
  walk(cell);
  return text.replace(/[\s\u00a0]+/g, " ").trim();
}

function convertTables(root: HTMLElement): void {
  const document = root.ownerDocument;
  // Innermost first: a table inside a cell is already text when its cell is read.
  for (const table of Array.from(root.querySelectorAll("table")).reverse()) {
    const rows = Array.from(table.querySelectorAll("tr")).filter((row) => row.closest("table") === table);
    const fragment = document.createDocumentFragment();
    for (const row of rows) {
      const cells = Array.from(row.children).filter((cell) => cell.tagName === "TD" || cell.tagName === "TH");
      const texts = cells.map(cellText).filter((text) => text !== "");
      if (texts.length === 0) continue;
      const paragraph = document.createElement("p");
      paragraph.textContent = texts.join(CELL_SEPARATOR);
      fragment.appendChild(paragraph);
    }
    table.replaceWith(fragment);
  }
}
