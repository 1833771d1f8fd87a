// nianbao dashboard: reads the data embedded in the page (#data) and draws it with ECharts
// (inlined before this script). No request leaves the page: everything is in this file.
(function () {
  'use strict';
  const D = JSON.parse(document.getElementById('data').textContent);
  const zh = D.lang === 'zh';
  const T = zh
    ? { reports: '份报告', agencies: '个机关', regions: '个地区', errors: '处错误', warnings: '处警告', all: '全部年度', year: '年度', metric: '指标', errorsMetric: '错误数', agency: '机关', region: '地区', level: '层级', value: '数值', p95: '同级第95百分位', peers: '同级机关数', file: '文件', table: '表', row: '行', column: '列', line: '行:列', severity: '级别', rule: '规则', message: '问题说明', show: '查看问题', prev: '上一页', next: '下一页', page: '第 {0}/{1} 页，共 {2} 条', none: '无', allAgencies: '全部机关', findingsOf: '问题清单：{0}', findingsAll: '问题清单：全部机关', trendOf: '{0} 历年趋势', choose: '选择机关…', more: '（仅显示前 {0} 个地区，共 {1} 个）', unreadable: '无法读取', sev: { error: '错误', warning: '警告', info: '提示' }, level_: { national: '国家', province: '省级', city: '市级', county: '县级', township: '乡镇', zone: '园区' } }
    : { reports: 'reports', agencies: 'agencies', regions: 'regions', errors: 'errors', warnings: 'warnings', all: 'all years', year: 'Year', metric: 'Metric', errorsMetric: 'errors', agency: 'Agency', region: 'Region', level: 'Level', value: 'Value', p95: 'peers\' 95th percentile', peers: 'peers', file: 'File', table: 'Table', row: 'Row', column: 'Column', line: 'line:col', severity: 'Severity', rule: 'Rule', message: 'Message', show: 'findings', prev: 'previous', next: 'next', page: 'page {0}/{1}, {2} findings', none: 'none', allAgencies: 'all agencies', findingsOf: 'Findings: {0}', findingsAll: 'Findings: all agencies', trendOf: '{0} over the years', choose: 'choose an agency…', more: '(first {0} of {1} regions)', unreadable: 'unreadable', sev: { error: 'error', warning: 'warning', info: 'info' }, level_: {} };
  const fmt = (s, ...a) => s.replace(/\{(\d)\}/g, (_, i) => a[i]);
  const $ = (id) => document.getElementById(id);
  const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const num = (x) => (x === null || x === undefined ? '—' : Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/\.?0+$/, ''));
  const M = D.metrics;
  const ag = D.agencies.map(([key, name, region, level]) => ({ key, name, region, level }));
  const reports = D.reports.map(([path, agency, year, template, e, w, i, error]) => ({ path, agency, year, template, counts: [e, w, i], error }));
  const findings = D.findings.map(([report, rule, severity, message, table, row, column, line, col, stated, expected]) => ({ report, rule, severity, message, table, row, column, line, col, stated, expected }));
  const years = [...new Set(D.agencyYears.map((r) => r[1]))].sort();
  const latest = years[years.length - 1];
  // (agency, year) → values.
  const AY = new Map(D.agencyYears.map(([a, y, v, c]) => [a + '/' + y, { v, c }]));
  const charts = {};
  const levelName = (l) => (l ? T.level_[l] || l : '—');

  // Header.
  const errorCount = reports.reduce((s, r) => s + r.counts[0], 0);
  const warningCount = reports.reduce((s, r) => s + r.counts[1], 0);
  $('stats').innerHTML = [
    [reports.length, T.reports],
    [ag.length, T.agencies],
    [new Set(ag.map((a) => a.region).filter(Boolean)).size, T.regions],
    [errorCount, T.errors],
    [warningCount, T.warnings],
  ].map(([n, l]) => `<span class="stat"><b>${n}</b>${l}</span>`).join('');

  // Controls.
  const options = (sel, items, value) => {
    sel.innerHTML = items.map(([v, l]) => `<option value="${esc(v)}">${esc(l)}</option>`).join('');
    if (value !== undefined) sel.value = String(value);
  };
  const metricItems = M.map((m, i) => [String(i), m.name + (m.unit === '%' ? '（%）' : '')]);
  options($('lb-metric'), [['errors', T.errorsMetric], ...metricItems], 'errors');
  options($('lb-year'), [['all', T.all], ...years.map((y) => [y, y])], 'all');
  options($('ry-metric'), metricItems, '0');
  options($('trend-agency'), [['', T.choose], ...ag.map((a, i) => [i, a.name || a.key]).sort((x, y) => x[1].localeCompare(y[1], 'zh'))], '');

  // Leaderboard: agencies by errors (summed over the chosen years) or by a metric's value.
  function leaderboard() {
    const metric = $('lb-metric').value;
    const year = $('lb-year').value;
    const rows = [];
    if (metric === 'errors') {
      const sum = new Map();
      for (const r of reports) {
        if (r.agency === null || (year !== 'all' && String(r.year) !== year)) continue;
        sum.set(r.agency, (sum.get(r.agency) || 0) + r.counts[0]);
      }
      for (const [a, n] of sum) rows.push([a, n, null]);
    } else {
      const m = Number(metric);
      if (year !== 'all') {
        for (const [a, y, v] of D.agencyYears) if (String(y) === year && v[m] !== null) rows.push([a, v[m], y]);
      } else {
        // Each agency's latest year with a value.
        const best = new Map();
        for (const [a, y, v] of D.agencyYears) if (v[m] !== null && (!best.has(a) || best.get(a)[2] < y)) best.set(a, [a, v[m], y]);
        rows.push(...best.values());
      }
    }
    rows.sort((x, y) => y[1] - x[1] || ag[x[0]].name.localeCompare(ag[y[0]].name, 'zh'));
    const top = rows.slice(0, 20).reverse();
    charts.leaderboard.setOption({
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: top.map((r) => ag[r[0]].name + (r[2] && year === 'all' ? ` (${r[2]})` : '')), axisLabel: { width: 220, overflow: 'truncate' } },
      series: [{ type: 'bar', data: top.map((r) => ({ value: r[1], agency: r[0] })), itemStyle: { color: metric === 'errors' ? '#c62828' : '#2463eb' }, label: { show: true, position: 'right', formatter: (p) => num(p.value) } }],
    }, true);
    $('lb-table').innerHTML = `<thead><tr><th>#</th><th>${T.agency}</th><th>${T.level}</th><th class="num">${T.value}</th></tr></thead><tbody>` +
      rows.slice(0, 100).map((r, i) => `<tr><td>${i + 1}</td><td><a class="agency" data-agency="${r[0]}">${esc(ag[r[0]].name)}</a>${r[2] && year === 'all' ? ` <span class="muted">${r[2]}</span>` : ''}</td><td>${levelName(ag[r[0]].level)}</td><td class="num">${num(r[1])}</td></tr>`).join('') + '</tbody>';
  }

  // Agency × rule heatmap: the agencies with the most findings, the rules they have.
  function heatmap() {
    const perAgency = new Map();
    const rules = new Map();
    for (const f of findings) {
      const a = reports[f.report].agency;
      if (a === null) continue;
      const m = perAgency.get(a) || new Map();
      m.set(f.rule, (m.get(f.rule) || 0) + 1);
      perAgency.set(a, m);
      rules.set(f.rule, (rules.get(f.rule) || 0) + 1);
    }
    const top = [...perAgency.entries()].map(([a, m]) => [a, [...m.values()].reduce((s, n) => s + n, 0), m]).sort((x, y) => y[1] - x[1]).slice(0, 25).reverse();
    const ruleList = [...rules.entries()].sort((x, y) => y[1] - x[1]).map((r) => r[0]).slice(0, 30);
    const data = [];
    let max = 1;
    top.forEach(([a, , m], y) => ruleList.forEach((r, x) => {
      const n = m.get(r) || 0;
      if (n) data.push({ value: [x, y, n], agency: a });
      max = Math.max(max, n);
    }));
    charts.heatmap.setOption({
      tooltip: { formatter: (p) => `${esc(ag[p.data.agency].name)}<br>${esc(ruleList[p.value[0]])}: ${p.value[2]}<br><span style="color:#888">${esc(D.rules[ruleList[p.value[0]]] || '')}</span>` },
      grid: { left: 8, right: 16, top: 8, bottom: 90, containLabel: true },
      xAxis: { type: 'category', data: ruleList, axisLabel: { rotate: 45, fontSize: 11 }, splitArea: { show: true } },
      yAxis: { type: 'category', data: top.map((t) => ag[t[0]].name), axisLabel: { width: 200, overflow: 'truncate' }, splitArea: { show: true } },
      visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#fff5f0', '#fb6a4a', '#99000d'] } },
      series: [{ type: 'heatmap', data, label: { show: true, fontSize: 10 } }],
    }, true);
  }

  // Region × year table of one metric.
  function regionYears() {
    const m = Number($('ry-metric').value);
    const regions = new Map();
    for (const [region, year, n, v, c] of D.regionYears) {
      const r = regions.get(region) || { n: 0, cells: new Map() };
      r.n += n;
      r.cells.set(year, [v[m], c[m]]);
      regions.set(region, r);
    }
    const rows = [...regions.entries()].sort((x, y) => y[1].n - x[1].n || x[0].localeCompare(y[0], 'zh'));
    const shown = rows.slice(0, 300);
    const cell = (x) => {
      if (!x || x[0] === null) return '<td class="num null">—</td>';
      const ch = x[1] === null ? '' : ` <span class="${x[1] > 0 ? 'up' : x[1] < 0 ? 'down' : 'muted'}">${x[1] > 0 ? '+' : ''}${num(x[1])}</span>`;
      return `<td class="num">${num(x[0])}${ch}</td>`;
    };
    $('ry-table').innerHTML = `<thead><tr><th>${T.region}</th>${years.map((y) => `<th class="num">${y}</th>`).join('')}</tr></thead><tbody>` +
      shown.map(([region, r]) => `<tr><td>${D.regionPages[region] ? `<a href="${esc(D.regionPages[region])}">${esc(region)}</a>` : esc(region)}</td>${years.map((y) => cell(r.cells.get(y))).join('')}</tr>`).join('') + '</tbody>';
    $('ry-more').textContent = rows.length > shown.length ? fmt(T.more, shown.length, rows.length) : '';
  }

  // An agency's trend: applications received, carried over, and the disclosure rate.
  const id = (name) => M.findIndex((m) => m.id === name);
  function trend(a) {
    if (a === null || a === undefined || a === '') {
      charts.trend.clear();
      $('trend-title').textContent = '';
      return;
    }
    const ys = years.filter((y) => AY.has(a + '/' + y));
    const series = ['received', 'handled', 'carried_over'].map((k) => ({ name: M[id(k)].name, type: 'bar', data: ys.map((y) => AY.get(a + '/' + y).v[id(k)]) }));
    series.push({ name: M[id('disclosure_rate')].name + ' %', type: 'line', yAxisIndex: 1, data: ys.map((y) => AY.get(a + '/' + y).v[id('disclosure_rate')]), label: { show: true, formatter: (p) => num(p.value) } });
    $('trend-title').textContent = fmt(T.trendOf, ag[a].name);
    charts.trend.setOption({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: ys },
      yAxis: [{ type: 'value', name: M[id('received')].unit }, { type: 'value', name: '%', max: 100, min: 0 }],
      series,
    }, true);
  }

  // Findings of one agency (or of all), a page at a time.
  let page = 0;
  let selected = null;
  function findingsList() {
    const list = selected === null ? findings : findings.filter((f) => reports[f.report].agency === selected);
    const size = 100;
    const pages = Math.max(1, Math.ceil(list.length / size));
    page = Math.min(page, pages - 1);
    $('findings-title').textContent = selected === null ? T.findingsAll : fmt(T.findingsOf, ag[selected].name);
    $('findings-table').innerHTML = `<thead><tr><th>${T.file}</th><th>${T.table}</th><th>${T.row}</th><th>${T.column}</th><th>${T.line}</th><th>${T.severity}</th><th>${T.rule}</th><th>${T.message}</th></tr></thead><tbody>` +
      list.slice(page * size, page * size + size).map((f) => {
        const r = reports[f.report];
        return `<tr data-agency="${r.agency ?? ''}"><td>${esc(r.path)}</td><td>${f.table ?? ''}</td><td>${esc(f.row ?? '')}</td><td>${esc(f.column ?? '')}</td><td>${f.line ?? ''}:${f.col ?? ''}</td><td class="${esc(f.severity)}">${T.sev[f.severity] || esc(f.severity)}</td><td>${esc(f.rule)}</td><td>${esc(f.message)}</td></tr>`;
      }).join('') + '</tbody>';
    $('findings-page').textContent = fmt(T.page, page + 1, pages, list.length);
  }

  function outliers() {
    $('outliers-table').innerHTML = `<thead><tr><th>${T.agency}</th><th>${T.level}</th><th>${T.year}</th><th>${T.metric}</th><th class="num">${T.value}</th><th class="num">${T.p95}</th><th class="num">${T.peers}</th><th></th></tr></thead><tbody>` +
      D.outliers.map(([a, y, m, v, p, n]) => `<tr><td><a class="agency" data-agency="${a}">${esc(ag[a].name)}</a></td><td>${levelName(ag[a].level)}</td><td>${y}</td><td>${esc(M[m].name)}</td><td class="num">${num(v)}${M[m].unit === '%' ? '%' : ''}</td><td class="num">${num(p)}</td><td class="num">${n}</td><td><button class="link" data-agency="${a}">${T.show}</button></td></tr>`).join('') + '</tbody>';
    if (!D.outliers.length) $('outliers-table').innerHTML = `<tbody><tr><td class="muted">${T.none}</td></tr></tbody>`;
  }

  function selectAgency(a, scroll = true) {
    selected = a === null || a === '' ? null : Number(a);
    page = 0;
    $('trend-agency').value = selected === null ? '' : String(selected);
    trend(selected);
    findingsList();
    if (scroll) $('findings').scrollIntoView({ block: 'start' });
  }

  // Clicks on agencies anywhere, and on chart items that carry one.
  document.addEventListener('click', (e) => {
    const t = e.target.closest('[data-agency]');
    if (t && t.dataset.agency !== '' && (t.tagName === 'A' || t.tagName === 'BUTTON')) selectAgency(t.dataset.agency);
  });
  charts.leaderboard = echarts.init($('lb-chart'));
  charts.heatmap = echarts.init($('heatmap-chart'));
  charts.trend = echarts.init($('trend-chart'));
  for (const c of [charts.leaderboard, charts.heatmap]) c.on('click', (p) => p.data && p.data.agency !== undefined && selectAgency(p.data.agency));
  $('lb-metric').addEventListener('change', leaderboard);
  $('lb-year').addEventListener('change', leaderboard);
  $('ry-metric').addEventListener('change', regionYears);
  $('trend-agency').addEventListener('change', (e) => selectAgency(e.target.value, false));
  $('findings-prev').addEventListener('click', () => { page = Math.max(0, page - 1); findingsList(); });
  $('findings-next').addEventListener('click', () => { page += 1; findingsList(); });
  $('findings-all').addEventListener('click', () => selectAgency(null, false));
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  $('regions-list').innerHTML = Object.entries(D.regionPages).sort((x, y) => x[0].localeCompare(y[0], 'zh')).map(([r, href]) => `<a href="${esc(href)}">${esc(r)}</a>`).join(' ');

  leaderboard();
  heatmap();
  regionYears();
  outliers();
  // The trend of the agency with the most errors in the latest year, to start with.
  const first = reports.filter((r) => r.agency !== null && r.year === latest).sort((x, y) => y.counts[0] - x.counts[0])[0];
  selectAgency(first ? first.agency : null, false);
  window.dashboard = { data: D, charts, selectAgency, ready: true };
  document.body.dataset.ready = '1';
})();
