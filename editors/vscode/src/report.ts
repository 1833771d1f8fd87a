// Does a document look like an annual report? Pure logic, unit-tested without VS Code.

/** How many leading lines are searched for the title. */
export const HEAD_LINES = 30;

/** True when one of the first lines names 政府信息公开 and 年度报告 (or 年报). */
export function looksLikeReport(text: string, maxLines = HEAD_LINES): boolean {
  const head = text.split(/\r\n|\r|\n/, maxLines).join("\n");
  return head.includes("政府信息公开") && (head.includes("年度报告") || head.includes("年报"));
}

/** HTML pages: how many leading characters are searched (head, scripts and navigation come first). */
export const HTML_HEAD_CHARS = 65536;

/** True when the text of a page's start (tags removed) names 政府信息公开 and 年度报告 (or 年报). */
export function looksLikeHtmlReport(html: string, maxChars = HTML_HEAD_CHARS): boolean {
  const text = html.slice(0, maxChars).replace(/<[^>]*>/g, " ");
  return text.includes("政府信息公开") && (text.includes("年度报告") || text.includes("年报"));
}

/** Files named *.nianbao.txt are reports whatever their content. */
export function isNianbaoFile(path: string): boolean {
  return path.toLowerCase().endsWith(".nianbao.txt");
}

/** Should the extension check this document? `page` gives an HTML page's first characters. */
export function isReportDocument(languageId: string, fileName: string, head: () => string, page: () => string = head): boolean {
  if (languageId === "nianbao" || isNianbaoFile(fileName)) {
    return true;
  }
  if (languageId === "html") {
    return looksLikeHtmlReport(page());
  }
  return (languageId === "plaintext" || languageId === "markdown") && looksLikeReport(head());
}
