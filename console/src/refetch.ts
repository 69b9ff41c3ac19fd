/**
 * Asks a query again without leaving an unhandled rejection. The page shows the failure through the
 * query's own `error` (PartialErrors); it is also written to the browser's console, so a failure the
 * page cannot show (the view already left, a refresh after a live event) still leaves a trace.
 */
export function refetchNoted(refetch: () => Promise<unknown>, what: string): void {
  refetch().catch((error: unknown) => console.warn(`Refreshing ${what} failed:`, error));
}
