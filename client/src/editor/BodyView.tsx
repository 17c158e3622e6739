import type { ReactNode } from "react";
import type { BlockNode, BodyDoc, InlineNode } from "../../../shared/bulletin/body-schema";
import { isHttpUrl } from "../../../shared/bulletin/body-schema";

/** A read-only rendering of the body JSON as React elements (no HTML strings). */
export function BodyView({ body }: { body: BodyDoc }) {
  return <div className="body-view">{body.content.map((block, index) => renderBlock(block, index))}</div>;
}

function renderInline(node: InlineNode, key: number): ReactNode {
  if (node.type === "hardBreak") return <br key={key} />;
  let element: ReactNode = node.text;
  for (const mark of node.marks ?? []) {
    if (mark.type === "bold") element = <strong>{element}</strong>;
    else if (mark.type === "italic") element = <em>{element}</em>;
    else if (mark.type === "link" && isHttpUrl(mark.attrs.href))
      element = (
        <a href={mark.attrs.href} target="_blank" rel="noopener noreferrer nofollow">
          {element}
        </a>
      );
  }
  return <span key={key}>{element}</span>;
}

function renderBlock(block: BlockNode, key: number): ReactNode {
  switch (block.type) {
    case "paragraph":
      return <p key={key}>{(block.content ?? []).map(renderInline)}</p>;
    case "blockquote":
      return <blockquote key={key}>{block.content.map(renderBlock)}</blockquote>;
    case "bulletList":
      return (
        <ul key={key}>
          {block.content.map((item, index) => (
            <li key={index}>{item.content.map(renderBlock)}</li>
          ))}
        </ul>
      );
    case "orderedList":
      return (
        <ol key={key} start={block.attrs?.start}>
          {block.content.map((item, index) => (
            <li key={index}>{item.content.map(renderBlock)}</li>
          ))}
        </ol>
      );
  }
}
