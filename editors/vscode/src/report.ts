// Does a document look like an annual report? Pure logic, unit-tested without VS Code.

/** How many leading lines are searched for the title. */
export const HEAD_LINES = 30;

/** True when one of the first lines names 政府信息公开 and 年度报告 (or 年报). */
export function looksLikeReport(text: string, maxLines = HEAD_LINES): boolean {
  const head = text.split(/\r\n|\r|\n/, maxLines).join("\n");
  return head.includes("政府信息公开") && (head.includes("年度报告") || head.includes("年报"));
}

/** Files named *.nianbao.txt are reports whatever their content. */
export function isNianbaoFile(path: string): boolean {
  return path.toLowerCase().endsWith(".nianbao.txt");
}

/** Should the extension check this document? */
export function isReportDocument(languageId: string, fileName: string, head: () => string): boolean {
  if (languageId === "nianbao" || isNianbaoFile(fileName)) {
    return true;
  }
  return (languageId === "plaintext" || languageId === "markdown") && looksLikeReport(head());
}
