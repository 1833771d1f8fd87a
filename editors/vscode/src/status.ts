// Status-bar text from the server's `nianbao/reportInfo` answer.

export interface ReportInfo {
  isReport: boolean;
  template: "2019" | "2021" | null;
  year: number | null;
  errors: number;
  warnings: number;
}

export function statusText(info: ReportInfo | null, locale: string): string | null {
  if (!info || !info.isReport) {
    return null;
  }
  const en = locale === "en";
  const template = info.template ? (en ? `${info.template} template` : `${info.template}版模板`) : en ? "template ?" : "模板未识别";
  const year = info.year ? (en ? `${info.year}` : `${info.year}年度`) : en ? "year ?" : "年度未识别";
  const problems = en ? `${info.errors} errors, ${info.warnings} warnings` : `${info.errors} 错误 ${info.warnings} 警告`;
  return `$(checklist) ${year} · ${template} · ${problems}`;
}

/** The settings the server reads, from the `nianbao` configuration section. */
export function serverSettings(get: (key: string) => unknown): Record<string, unknown> {
  return {
    locale: get("locale") ?? "zh",
    template: get("template") ?? "auto",
    rules: get("rules") ?? {},
    inlayHints: { cellLabels: get("inlayHints.cellLabels") ?? true },
    crossYear: get("crossYear") ?? true,
  };
}
