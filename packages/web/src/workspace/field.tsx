/**
 * Labelled inputs bound to one path of the draft (their ids let diagnostics focus them).
 * `BoundInput` takes its value as a prop and is memoised: it re-renders only when its own
 * value changes. `Field` reads the value from the draft itself (for the small tabs).
 */
import { Input } from "antd";
import { memo, useEffect, useRef, useState } from "react";
import { useWorkspace, useWorkspaceActions } from "./context.js";
import { type Path, fieldId, getAt, shownValue, typedValue } from "./document.js";

export interface FieldProps {
  path: Path;
  label: string;
  /** "number" stores a JSON number when exact, else decimal text; "value" also keeps words; "text" stores text. */
  kind?: "number" | "text" | "value";
  placeholder?: string;
  width?: number | string;
  col?: string;
  status?: "error" | "warning";
  textarea?: boolean;
}

/**
 * Spreadsheet keys in the tree table: Enter or ↓ moves to the same column of the next row,
 * Shift+Enter or ↑ to the previous one (Tab and Shift+Tab move along the row).
 */
function onEnterNext(e: React.KeyboardEvent<HTMLInputElement>) {
  const down = (e.key === "Enter" && !e.shiftKey) || e.key === "ArrowDown";
  const up = (e.key === "Enter" && e.shiftKey) || e.key === "ArrowUp";
  if ((!down && !up) || e.altKey || e.ctrlKey || e.metaKey) return;
  const col = e.currentTarget.dataset["col"];
  if (!col) return;
  const all = Array.from(document.querySelectorAll<HTMLInputElement>(`input[data-col="${col}"]`));
  const i = all.indexOf(e.currentTarget);
  const next = all[i + (up ? -1 : 1)];
  if (next) {
    e.preventDefault();
    next.focus();
    next.select();
  }
}

export function Field(props: FieldProps) {
  const { draft } = useWorkspace();
  return <BoundInput {...props} pathKey={JSON.stringify(props.path)} value={shownValue(getAt(draft, props.path))} />;
}

type BoundProps = Omit<FieldProps, "path"> & {
  pathKey: string;
  value: string;
  /** id of a <datalist> of suggestions (qualitative levels) */ list?: string;
};

/**
 * An input for the field at `pathKey` (JSON of the path) showing `value`. What is typed shows
 * at once (local state) and goes to the draft; the total and grade follow in the same render,
 * the tree table in a deferred one (ScoringTab), so a keystroke never waits for the table.
 */
export const BoundInput = memo(function BoundInput({
  pathKey,
  value,
  label,
  kind = "text",
  placeholder,
  width,
  col,
  status,
  textarea,
  list,
}: BoundProps) {
  const { set, mayEdit } = useWorkspaceActions();
  const [text, setText] = useState(value);
  // Values this input sent itself: when the draft comes back with one of them it is an echo,
  // not a change from elsewhere (discard, merge, reload), and must not overwrite the typing.
  const sent = useRef(new Set<string>());
  useEffect(() => {
    if (sent.current.has(value)) {
      sent.current.clear();
      return;
    }
    setText(value);
  }, [value]);
  const path = JSON.parse(pathKey) as Path;
  const id = fieldId(path);
  const editable = mayEdit(path);
  const onChange = (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const next = e.target.value;
    setText(next);
    const stored = kind === "text" ? (next === "" ? undefined : next) : typedValue(next);
    sent.current.add(shownValue(stored));
    set(path, stored);
  };
  if (textarea) {
    return (
      <Input.TextArea
        id={id}
        aria-label={label}
        value={text}
        onChange={onChange}
        readOnly={!editable}
        variant={editable ? "outlined" : "borderless"}
        autoSize={{ minRows: 2, maxRows: 8 }}
        placeholder={placeholder}
        style={{ width }}
      />
    );
  }
  return (
    <Input
      id={id}
      aria-label={label}
      value={text}
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
      list={list}
    />
  );
});
