/** A labelled text input bound to one path of the draft (ids let diagnostics focus it). */
import { Input } from "antd";
import { memo } from "react";
import { type Path, fieldId, getAt, shownValue, typedValue } from "./document.js";
import { useWorkspace } from "./context.js";

export interface FieldProps {
  path: Path;
  label: string;
  /** "number" stores a JSON number when exact, else decimal text; "text" stores text. */
  kind?: "number" | "text" | "value";
  placeholder?: string;
  width?: number | string;
  col?: string;
  status?: "error" | "warning";
  textarea?: boolean;
}

function onEnterNext(e: React.KeyboardEvent<HTMLInputElement>) {
  if (e.key !== "Enter") return;
  const col = e.currentTarget.dataset["col"];
  if (!col) return;
  const all = Array.from(document.querySelectorAll<HTMLInputElement>(`input[data-col="${col}"]`));
  const i = all.indexOf(e.currentTarget);
  const next = all[i + (e.shiftKey ? -1 : 1)];
  if (next) {
    e.preventDefault();
    next.focus();
    next.select();
  }
}

export function Field({ path, label, kind = "text", placeholder, width, col, status, textarea }: FieldProps) {
  const { draft, set, editable } = useWorkspace();
  const value = shownValue(getAt(draft, path));
  return <FieldInput path={path} value={value} label={label} kind={kind} placeholder={placeholder} width={width} col={col} status={status} textarea={textarea} editable={editable} set={set} />;
}

const FieldInput = memo(function FieldInput({ path, value, label, kind, placeholder, width, col, status, textarea, editable, set }: FieldProps & { value: string; editable: boolean; set: (p: Path, v: unknown) => void }) {
  const onChange = (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const text = e.target.value;
    set(path, kind === "text" ? (text === "" ? undefined : text) : typedValue(text));
  };
  if (textarea) {
    return <Input.TextArea id={fieldId(path)} aria-label={label} value={value} onChange={onChange} readOnly={!editable} autoSize={{ minRows: 2, maxRows: 8 }} placeholder={placeholder} style={{ width }} />;
  }
  return (
    <Input
      id={fieldId(path)}
      aria-label={label}
      value={value}
      onChange={onChange}
      onKeyDown={onEnterNext}
      readOnly={!editable}
      variant={editable ? "outlined" : "borderless"}
      placeholder={placeholder}
      status={status}
      data-col={col}
      style={{ width }}
      size="small"
      inputMode={kind === "number" ? "decimal" : undefined}
    />
  );
});
