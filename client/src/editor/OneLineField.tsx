import type { TextareaHTMLAttributes } from "react";
import { hasPlaceholder } from "./bulletin-text";

type OneLineFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "onChange" | "value"> & {
  value: string;
  onValue: (value: string) => void;
};

/**
 * A field that wraps like printed text but holds one line: Enter is ignored and pasted
 * line breaks become spaces. Marked while it still holds a template placeholder.
 */
export function OneLineField({ value, onValue, className, ...rest }: OneLineFieldProps) {
  return (
    <textarea
      {...rest}
      rows={1}
      className={`one-line ${className ?? ""} ${hasPlaceholder(value) ? "has-placeholder" : ""}`}
      value={value}
      onKeyDown={(event) => {
        if (event.key === "Enter") event.preventDefault();
      }}
      onChange={(event) => onValue(event.target.value.replace(/\s*[\r\n]+\s*/g, " "))}
    />
  );
}
