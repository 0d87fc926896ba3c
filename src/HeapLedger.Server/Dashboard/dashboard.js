// The HeapLedger dashboard. One script for both places it runs: served by the fleet service, it
// reads the JSON API (/api/v1/...) a page at a time; inlined in `heapledger report`, it reads the
// JSON embedded in the file and asks for nothing. Charts are plain SVG drawn here.
(function () {
  'use strict';

  const SVG = 'http://www.w3.org/2000/svg';
  const HOUR = 3600e3;
  const DAY = 24 * HOUR;
  const PAGE_SIZE = 50;
  const embedded = document.getElementById('heapledger-data');
  const report = embedded ? JSON.parse(embedded.textContent) : null;
  const view = document.getElementById('view');
  const state = { sort: 'urgency', page: 1, atRisk: true };

  // ---- where the data comes from -----------------------------------------------------------

  class Unauthorized extends Error {}

  async function api(path) {
    const headers = { Accept: 'application/json' };
    const token = sessionStorage.getItem('heapledger-admin-token');
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch(path, { headers: headers, credentials: 'same-origin' });
    if (response.status === 401) throw new Unauthorized();
    if (!response.ok) {
      let reason = response.statusText;
      try { reason = (await response.json()).reason; } catch (e) { /* not JSON */ }
      throw new Error(path + ': ' + response.status + ' ' + reason);
    }
    return response.json();
  }

  const byKey = {
    urgency: (a, b) => urgency(a) - urgency(b) || a.device.localeCompare(b.device),
    device: (a, b) => a.device.localeCompare(b.device),
    lastHeartbeat: (a, b) => (time(b.lastHeartbeat) || 0) - (time(a.lastHeartbeat) || 0) || a.device.localeCompare(b.device),
  };

  function urgency(d) { return d.exhaustionAt ? time(d.exhaustionAt) : Number.MAX_VALUE; }

  // The report holds the most urgent devices and their details; it sorts and pages them itself.
  const source = report ? {
    devices: async (q) => {
      const all = report.atRisk.devices.slice().sort(byKey[q.sort]);
      return { page: q.page, pageSize: PAGE_SIZE, total: all.length, devices: all.slice((q.page - 1) * PAGE_SIZE, q.page * PAGE_SIZE) };
    },
    device: async (id) => {
      const d = report.details[id];
      if (!d) throw new Error('device ' + id + ' is not among the ' + report.atRisk.devices.length + ' devices this report holds');
      return d;
    },
    pivot: async () => report.pivot,
    runway: async () => report.runway,
    href: (id) => '#/devices/' + encodeURIComponent(id),
    home: '#/',
  } : {
    devices: (q) => api('/api/v1/devices?atRisk=' + q.atRisk + '&sort=' + q.sort + '&page=' + q.page + '&pageSize=' + PAGE_SIZE),
    device: (id) => api('/api/v1/devices/' + encodeURIComponent(id) + '?days=3650'),
    pivot: () => api('/api/v1/pivot'),
    runway: () => api('/api/v1/runway'),
    href: (id) => '/devices/' + encodeURIComponent(id),
    home: '/',
  };

  // ---- small helpers ------------------------------------------------------------------------

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') node.textContent = v; else if (k === 'onclick') node.addEventListener('click', v); else node.setAttribute(k, v);
    }
    for (const c of children || []) node.append(c);
    return node;
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function time(iso) { return iso ? Date.parse(iso) : null; }
  function date(iso) { return iso ? iso.slice(0, 10) : '–'; }
  function dateTime(iso) { return iso ? iso.slice(0, 16).replace('T', ' ') : '–'; }
  function number(v, digits) { return v === null || v === undefined ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: digits || 0 }); }
  function bytes(v) {
    if (v === null || v === undefined) return '–';
    const a = Math.abs(v);
    return a >= 1048576 ? (v / 1048576).toFixed(1) + ' MiB' : a >= 1024 ? (v / 1024).toFixed(1) + ' KiB' : Math.round(v) + ' B';
  }
  function runwayDays(d) {
    return d.exhaustionAt && d.lastHeartbeat ? (time(d.exhaustionAt) - time(d.lastHeartbeat)) / DAY : null;
  }
  function verdict(v) { return el('span', { class: 'verdict ' + v, text: v }); }
  function attributes(a) { return Object.entries(a || {}).map(([k, v]) => k + '=' + v).join(' '); }

  function table(id, headings, rows) {
    return el('table', { id: id }, [
      el('thead', {}, [el('tr', {}, headings.map((h) => typeof h === 'string' ? el('th', { text: h }) : h))]),
      el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => c instanceof Node ? c : el('td', { text: c }))))),
    ]);
  }
  function num(v) { return el('td', { class: 'num', text: v }); }

  function chartFrame(id, width, height, label) {
    return svg('svg', { id: id, class: 'chart', viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': label });
  }

  function niceTicks(min, max, count) {
    const span = max - min || 1;
    const step0 = span / count;
    const mag = Math.pow(10, Math.floor(Math.log10(step0)));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0);
    const ticks = [];
    for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(v);
    return ticks;
  }

  // ---- the fleet view ----------------------------------------------------------------------

  async function renderFleet() {
    const [runway, pivot] = await Promise.all([source.runway(), source.pivot()]);
    const children = [
      el('h1', { text: 'Devices at risk' }),
      el('dl', { class: 'summary' }, [
        fact('Leaking', number(pivot.leakingDevices), pivot.leakingDevices > 0),
        fact('Healthy', number(pivot.healthyDevices)),
        fact('Not enough data', number(pivot.excludedDevices)),
        fact('Leaking, no forecast', number(runway.noForecast)),
      ]),
      el('div', { id: 'device-list' }),
      el('div', { class: 'two' }, [
        el('section', {}, [el('h2', { text: 'Runway of the leaking devices' }),
          el('p', { class: 'muted', text: 'Days from each leaking device\'s latest heartbeat to its forecast heap exhaustion.' }),
          runwayChart(runway)]),
        el('section', {}, [el('h2', { text: 'What the leaking devices share' }),
          el('p', { class: 'muted', text: 'Attribute values over-represented among the leaking devices (Fisher\'s exact test, Holm-adjusted), most explaining first.' }),
          pivotTable(pivot)]),
      ]),
    ];
    if (pivot.sites && pivot.sites.length) {
      children.push(el('h2', { text: 'Where they leak' }), table('pivot-sites', ['Site', th('Leaking devices'), th('Share'), th('Other devices')],
        pivot.sites.slice(0, 20).map((s) => [el('td', {}, [el('code', { text: s.site })]), num(number(s.leakingDevices)), num(Math.round(s.share * 100) + ' %'), num(number(s.otherDevices))])));
    }
    view.replaceChildren(...children);
    await renderDeviceList();
  }

  function th(text) { return el('th', { class: 'num', text: text }); }
  function fact(label, value, alarm) { return el('div', { class: alarm ? 'alarm' : null }, [el('dt', { text: label }), el('dd', { text: value })]); }

  async function renderDeviceList() {
    const host = document.getElementById('device-list');
    const page = await source.devices(state);
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    const sortButton = (key, label) => el('th', {}, [el('button', {
      type: 'button', class: state.sort === key ? 'sorted' : null, 'data-sort': key, text: label,
      onclick: () => { state.sort = key; state.page = 1; renderDeviceList().catch(fail); },
    })]);
    const rows = page.devices.map((d) => {
      const days = runwayDays(d);
      return [
        el('td', {}, [el('a', { href: source.href(d.device), class: 'device', text: d.device })]),
        el('td', {}, [verdict(d.verdict)]),
        num(number(d.bytesPerHour, 1)),
        el('td', { text: date(d.exhaustionAt) }),
        num(days === null ? '–' : number(days, 1)),
        el('td', { text: date(d.firstFlaggedAt) }),
        el('td', { text: dateTime(d.lastHeartbeat) }),
        el('td', { class: 'mono', text: attributes(d.attributes) }),
      ];
    });
    const controls = report ? [] : [el('div', { class: 'controls' }, [
      el('button', { type: 'button', id: 'show-at-risk', class: state.atRisk ? 'on' : null, text: 'At risk', onclick: () => { state.atRisk = true; state.page = 1; renderDeviceList().catch(fail); } }),
      el('button', { type: 'button', id: 'show-all', class: state.atRisk ? null : 'on', text: 'All devices', onclick: () => { state.atRisk = false; state.page = 1; renderDeviceList().catch(fail); } }),
    ])];
    const go = (to) => () => { state.page = to; renderDeviceList().catch(fail); };
    host.replaceChildren(...controls,
      table('at-risk', ['Device', 'Verdict', th('B/h'), 'Exhaustion', th('Days left'), 'First flagged', sortButton('lastHeartbeat', 'Last heartbeat'), 'Attributes'], rows),
      el('div', { class: 'pager' }, [
        el('button', { type: 'button', id: 'previous', text: '‹ Previous', disabled: state.page <= 1 ? 'disabled' : null, onclick: go(state.page - 1) }),
        el('span', { id: 'page', text: 'Page ' + page.page + ' of ' + pages + ' · ' + number(page.total) + (state.atRisk ? ' devices at risk' : ' devices') }),
        el('button', { type: 'button', id: 'next', text: 'Next ›', disabled: state.page >= pages ? 'disabled' : null, onclick: go(state.page + 1) }),
      ]));
    // Sorting is the service's: the headers of the columns it can sort by become buttons.
    const head = host.querySelector('thead tr');
    head.replaceChild(sortButton('device', 'Device'), head.children[0]);
    head.replaceChild(sortButton('urgency', 'Exhaustion'), head.children[3]);
  }

  function runwayChart(runway) {
    const width = 560, height = 260, left = 44, right = 12, top = 14, bottom = 46;
    const chart = chartFrame('runway-chart', width, height, 'Leaking devices by days to heap exhaustion');
    const buckets = runway.buckets;
    const most = Math.max(1, ...buckets.map((b) => b.devices));
    const ticks = niceTicks(0, most, 4);
    const maxY = ticks[ticks.length - 1];
    const y = (v) => top + (height - top - bottom) * (1 - v / maxY);
    const slot = (width - left - right) / buckets.length;
    for (const t of ticks) {
      chart.append(svg('line', { class: 'grid', x1: left, x2: width - right, y1: y(t), y2: y(t) }));
      chart.append(svg('text', { x: left - 6, y: y(t) + 4, 'text-anchor': 'end' }, number(t)));
    }
    buckets.forEach((b, i) => {
      const x = left + i * slot;
      const bar = svg('rect', { class: 'bar', x: x + 4, width: slot - 8, y: y(b.devices), height: y(0) - y(b.devices), 'data-devices': b.devices });
      bar.append(svg('title', {}, b.devices + ' devices'));
      chart.append(bar);
      chart.append(svg('text', { x: x + slot / 2, y: height - bottom + 16, 'text-anchor': 'middle' }, b.toDays === null ? '≥' + b.fromDays : b.fromDays + '–' + b.toDays));
    });
    chart.append(svg('text', { class: 'axis-title', x: left + (width - left - right) / 2, y: height - 8, 'text-anchor': 'middle' }, 'Days to exhaustion'));
    return chart;
  }

  function pivotTable(pivot) {
    if (!pivot.findings.length) return el('p', { class: 'muted', text: 'Nothing the leaking devices share stands out.' });
    return table('pivot', ['Devices with', th('Leaking'), th('Healthy'), th('Lift'), th('p (adj.)'), th('Explains')],
      pivot.findings.slice(0, 12).map((f) => [
        el('td', {}, [el('code', { text: f.description })]),
        num(f.leakingWith + ' / ' + f.leakingTotal),
        num(f.healthyWith + ' / ' + f.healthyTotal),
        num(f.lift.toFixed(1)),
        num(f.adjustedPValue.toExponential(1) + (f.significant ? '' : ' ns')),
        num(Math.round(f.explained * 100) + ' %'),
      ]));
  }

  // ---- the device view ---------------------------------------------------------------------

  async function renderDevice(id) {
    const detail = await source.device(id);
    const d = detail.summary;
    const days = runwayDays(d);
    const children = [
      el('p', {}, [el('a', { href: source.home, id: 'back', text: '‹ All devices' })]),
      el('h1', {}, [el('code', { text: d.device }), ' ', verdict(d.verdict)]),
      el('p', { class: 'muted', text: attributes(d.attributes) }),
      el('dl', { class: 'summary' }, [
        fact('Leak rate', d.bytesPerHour === null ? '–' : number(d.bytesPerHour, 1) + ' B/h', d.verdict === 'leaking'),
        fact('Rate interval', d.bytesPerHourLow === null ? '–' : number(d.bytesPerHourLow, 1) + ' – ' + number(d.bytesPerHourHigh, 1)),
        fact('Exhaustion', date(d.exhaustionAt), d.exhaustionAt !== null),
        fact('Forecast range', d.exhaustionLow ? date(d.exhaustionLow) + ' – ' + (d.exhaustionHigh ? date(d.exhaustionHigh) : 'later') : '–'),
        fact('Days left', days === null ? '–' : number(days, 1)),
        fact('First flagged', date(d.firstFlaggedAt)),
        fact('Last heartbeat', dateTime(d.lastHeartbeat)),
        fact('Heartbeats judged', number(d.points)),
      ]),
      el('h2', { text: 'Heap used' }),
      el('p', { class: 'muted', text: 'Used heap (heap size less free) at each heartbeat, its floor, the judged rate drawn through the floor since the leak began, and the forecast to the heap size: the line to the exhaustion date and the cone between the early and late ends of the forecast.' }),
      heapChart(detail),
      el('ul', { class: 'legend' }, [
        el('li', {}, [el('span', { class: 'l-used' }), 'used']), el('li', {}, [el('span', {}), 'floor']),
        el('li', {}, [el('span', { class: 'l-trend' }), 'fitted trend']), el('li', {}, [el('span', { class: 'l-cone' }), 'forecast cone']),
        el('li', {}, [el('span', { class: 'l-limit' }), 'heap size']),
      ]),
    ];
    if (detail.sites.length) {
      children.push(el('h2', { text: 'Allocation sites' }), table('sites', ['Site', 'Verdict', th('B/h'), th('Interval'), 'Onset', th('Share of the leak')],
        detail.sites.map((s) => [el('td', {}, [el('code', { text: s.site })]), el('td', {}, [verdict(s.verdict)]), num(number(s.bytesPerHour, 1)),
          num(s.bytesPerHourLow === null ? '–' : number(s.bytesPerHourLow, 1) + ' – ' + number(s.bytesPerHourHigh, 1)),
          el('td', { text: dateTime(s.onset) }), num(s.share === null ? '–' : Math.round(s.share * 100) + ' %')])));
    }
    if (detail.history.length) {
      children.push(el('h2', { text: 'Verdict changes' }), table('history', ['Judged', 'Verdict', th('B/h'), 'Exhaustion'],
        detail.history.map((h) => [el('td', { text: dateTime(h.judgedAt) }), el('td', {}, [verdict(h.verdict)]), num(number(h.bytesPerHour, 1)), el('td', { text: date(h.exhaustionAt) })])));
    }
    view.replaceChildren(...children);
    document.title = d.device + ' · HeapLedger fleet';
  }

  // The floor of used heap: the least used in each window, so what comes and goes is left out
  // and what is kept remains.
  function floorOf(points, windowMs) {
    const floor = [];
    for (const p of points) {
      const start = Math.floor(p.t / windowMs) * windowMs;
      const last = floor[floor.length - 1];
      if (last && last.start === start) { if (p.used < last.used) { last.used = p.used; last.t = p.t; } } else floor.push({ start: start, t: p.t, used: p.used });
    }
    return floor;
  }

  function heapChart(detail) {
    const width = 1160, height = 380, left = 70, right = 16, top = 16, bottom = 44;
    const chart = chartFrame('heap-chart', width, height, 'Heap used over time with its trend and forecast');
    const d = detail.summary;
    const points = detail.series.map((p) => ({ t: time(p.time), used: p.heap_size - p.free, size: p.heap_size }));
    if (!points.length) { chart.append(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle' }, 'No heartbeats stored')); return chart; }
    const first = points[0].t, last = points[points.length - 1].t;
    const limit = Math.max(...points.map((p) => p.size));
    const floor = floorOf(points, Math.max(HOUR, (last - first) / 120));
    const rate = d.bytesPerHour;
    const leaking = d.verdict === 'leaking' && rate !== null;
    let trend = null;
    if (leaking) {
      // The judged rate through the median of the floor since the onset: the fit's own line.
      const since = time(d.onset) || first;
      const offsets = floor.filter((f) => f.t >= since).map((f) => f.used - rate * (f.t - since) / HOUR).sort((a, b) => a - b);
      const intercept = offsets.length ? offsets[Math.floor(offsets.length / 2)] : floor[0].used;
      trend = { since: since, at: (t) => intercept + rate * (t - since) / HOUR };
    }
    const forecastEnd = leaking ? Math.max(time(d.exhaustionHigh) || 0, time(d.exhaustionAt) || 0, time(d.exhaustionLow) || 0) : 0;
    const maxT = Math.max(last, Math.min(forecastEnd, last + 2 * (last - first) + 30 * DAY));
    const maxUsed = Math.max(limit, ...points.map((p) => p.used));
    const minUsed = Math.min(...points.map((p) => p.used));
    const yTicks = niceTicks(Math.max(0, minUsed - (maxUsed - minUsed) * 0.1), maxUsed * 1.02, 5);
    const y0 = yTicks[0], y1 = yTicks[yTicks.length - 1];
    const x = (t) => left + (width - left - right) * (t - first) / (maxT - first || 1);
    const y = (v) => top + (height - top - bottom) * (1 - (Math.min(Math.max(v, y0), y1) - y0) / (y1 - y0 || 1));
    const path = (pts) => pts.map((p, i) => (i ? 'L' : 'M') + x(p.t).toFixed(1) + ' ' + y(p.used).toFixed(1)).join(' ');

    for (const v of yTicks) {
      chart.append(svg('line', { class: 'grid', x1: left, x2: width - right, y1: y(v), y2: y(v) }));
      chart.append(svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, bytes(v)));
    }
    for (const t of niceTicks(0, (maxT - first) / DAY, 8)) {
      chart.append(svg('text', { x: x(first + t * DAY), y: height - bottom + 16, 'text-anchor': 'middle' }, date(new Date(first + t * DAY).toISOString())));
    }
    chart.append(svg('text', { class: 'axis-title', x: left + (width - left - right) / 2, y: height - 6, 'text-anchor': 'middle' }, 'Heartbeat time (UTC)'));
    chart.append(svg('line', { class: 'limit', x1: left, x2: width - right, y1: y(limit), y2: y(limit) }));

    if (trend && d.exhaustionLow) {
      const lateEnd = time(d.exhaustionHigh) || maxT;
      const lowX = time(d.exhaustionLow);
      const cone = [[last, trend.at(last)], [lowX, limit], [lateEnd, limit], [lateEnd, trend.at(last) + (d.bytesPerHourLow || 0) * (lateEnd - last) / HOUR]];
      chart.append(svg('polygon', { class: 'cone', points: cone.map(([t, v]) => x(Math.min(t, maxT)).toFixed(1) + ',' + y(v).toFixed(1)).join(' ') }));
    }
    // Thin the raw line to about one point per pixel; the floor is already coarse.
    const stride = Math.max(1, Math.floor(points.length / 1500));
    chart.append(svg('path', { class: 'used', d: path(points.filter((_, i) => i % stride === 0)) }));
    chart.append(svg('path', { class: 'floor', d: path(floor), 'data-points': floor.length }));
    if (trend) {
      chart.append(svg('path', { class: 'trend', d: path([{ t: trend.since, used: trend.at(trend.since) }, { t: last, used: trend.at(last) }]) }));
      if (d.exhaustionAt) {
        chart.append(svg('path', { class: 'projection', d: path([{ t: last, used: trend.at(last) }, { t: Math.min(time(d.exhaustionAt), maxT), used: limit }]) }));
      }
    }
    return chart;
  }

  // ---- routing -----------------------------------------------------------------------------

  function fail(error) {
    if (error instanceof Unauthorized) {
      const input = el('input', { type: 'password', id: 'token-input', autocomplete: 'off', placeholder: 'ADMIN_TOKEN' });
      const form = el('form', { class: 'token', id: 'token' }, [
        el('label', { for: 'token-input', text: 'This service needs its admin token to show the fleet.' }), input,
        el('button', { type: 'submit', text: 'Show the fleet' }),
      ]);
      form.addEventListener('submit', (e) => { e.preventDefault(); sessionStorage.setItem('heapledger-admin-token', input.value.trim()); route(); });
      view.replaceChildren(form);
      return;
    }
    view.replaceChildren(el('p', { class: 'error', text: String(error.message || error) }));
  }

  function route() {
    const where = report ? location.hash.replace(/^#/, '') : location.pathname;
    const match = /^\/devices\/(.+)$/.exec(where);
    window.scrollTo(0, 0);
    (match ? renderDevice(decodeURIComponent(match[1])) : renderFleet()).catch(fail);
  }

  document.getElementById('home').setAttribute('href', source.home);
  document.getElementById('subtitle').textContent = report
    ? 'Report of ' + report.store + ', written ' + dateTime(report.generatedAt) + ' UTC: the ' + report.atRisk.devices.length + ' most urgent of ' + report.atRisk.total + ' devices at risk.'
    : 'Live from this service.';
  if (report) window.addEventListener('hashchange', route);
  route();
})();
