// The fill-all command's arguments. Pure logic, unit-tested without VS Code.

export const FILL_ALL_TOTALS = "nianbao.fillAllTotals";

/**
 * Arguments to send to the server for `command`. The server's `nianbao.fillAllTotals` takes the
 * document URI; run from the command palette or the status bar it has none, so the active
 * editor's document is meant. Returns null when there is no document to fill.
 */
export function commandArguments(command: string, args: unknown[], activeUri: string | undefined): unknown[] | null {
  if (command !== FILL_ALL_TOTALS || (args.length > 0 && typeof args[0] === "string")) {
    return args;
  }
  return activeUri ? [activeUri] : null;
}
