/** The audit names its tests `<suite>_<n>`; the suite's own TAP line (its describe) is not a test. */
export function countTests(id: string, tap: string): { passed: string[]; failed: string[] } {
  const passed: string[] = [];
  const failed: string[] = [];
  const line = new RegExp(`^\\s*(not ok|ok) \\d+ - (${id.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}_\\d+)\\s*$`, 'gm');
  for (const [, status, name] of tap.matchAll(line)) (status === 'ok' ? passed : failed).push(name);
  return { passed, failed };
}
