/** Placeholder until the screen lands. */
export function MonitoringPage(_: { id?: string; sub?: string }) {
  return null;
}
