// The server commands' arguments and the new-report result. Pure logic, unit-tested without VS Code.

export const FILL_ALL_TOTALS = "nianbao.fillAllTotals";
export const NEW_REPORT = "nianbao.newReport";

/** Commands that act on a document and take its URI as their first argument. */
const ON_DOCUMENT = [FILL_ALL_TOTALS, NEW_REPORT];

/**
 * Arguments to send to the server for `command`. The server's `nianbao.fillAllTotals` and
 * `nianbao.newReport` take the document URI (last year's report, for the new one); run from the
 * command palette or the status bar they have none, so the active editor's document is meant.
 * Returns null when there is no document to act on.
 */
export function commandArguments(command: string, args: unknown[], activeUri: string | undefined): unknown[] | null {
  if (!ON_DOCUMENT.includes(command) || (args.length > 0 && (typeof args[0] === "string" || (typeof args[0] === "object" && args[0] !== null)))) {
    return args;
  }
  return activeUri ? [activeUri] : null;
}

/** What `nianbao.newReport` answered: the new file's URI, and its text when the server could not create it. */
export interface NewReportResult {
  uri: string | null;
  year: number;
  text?: string;
}

/**
 * What the client does with the server's answer to `nianbao.newReport`: open the file the
 * server created (`open`), or show the returned text in a new untitled document (`show`).
 */
export function newReportAction(result: unknown): { open: string } | { show: string } | null {
  if (!result || typeof result !== "object") {
    return null;
  }
  const r = result as Partial<NewReportResult>;
  if (typeof r.text === "string") {
    return { show: r.text };
  }
  return typeof r.uri === "string" ? { open: r.uri } : null;
}
