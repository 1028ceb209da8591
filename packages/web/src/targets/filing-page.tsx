/** Placeholder until the screen lands. */
export function FilingPage(_: { id?: string; sub?: string }) {
  return null;
}
