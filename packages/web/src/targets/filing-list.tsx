/** Placeholder until the screen lands. */
export function FilingListPage(_: { id?: string; sub?: string }) {
  return null;
}
