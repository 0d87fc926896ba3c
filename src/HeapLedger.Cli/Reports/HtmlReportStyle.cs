namespace HeapLedger.Cli.Reports;

/// <summary>
/// The report's only stylesheet, inlined so the file opens anywhere with nothing to fetch. Fonts
/// are the reader's own system fonts for the same reason.
/// </summary>
internal static class HtmlReportStyle
{
    public const string Css = """
        :root {
          --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --panel: #f9fafb; --accent: #111827;
          --leak: #b91c1c; --leak-bg: #fee2e2; --bounded: #92400e; --bounded-bg: #fef3c7;
          --retained: #1d4ed8; --retained-bg: #dbeafe; --temporary: #4b5563; --temporary-bg: #e5e7eb;
          --ok: #047857; --ok-bg: #d1fae5;
          --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
        }
        * { box-sizing: border-box; }
        body {
          margin: 0; color: var(--ink); background: #fff; line-height: 1.45; font-size: 14px;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Liberation Sans", Arial, sans-serif;
        }
        main { max-width: 1240px; margin: 0 auto; padding: 28px 32px 48px; }
        header.report { border-bottom: 1px solid var(--line); padding-bottom: 18px; margin-bottom: 8px; }
        .brand { font-size: 12px; font-weight: 600; letter-spacing: .08em; text-transform: uppercase; color: var(--muted); }
        h1 { font-size: 24px; margin: 4px 0 2px; font-weight: 650; }
        h1 code { font-family: var(--mono); font-size: 20px; word-break: break-all; }
        h2 { font-size: 18px; margin: 36px 0 6px; font-weight: 650; }
        h3 { font-size: 14px; margin: 0 0 8px; font-weight: 600; }
        p.lead, p.note { color: var(--muted); margin: 0 0 14px; max-width: 80ch; }
        p.headline { margin: 10px 0 0; font-size: 15px; }
        p.headline.leaking strong { color: var(--leak); }
        p.headline code { font-size: 13.5px; }
        code, .mono { font-family: var(--mono); font-size: 12.5px; }
        .summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(124px, 1fr)); gap: 10px; margin: 18px 0 0; }
        .summary div { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 9px 11px; min-width: 0; }
        .summary dt { font-size: 11.5px; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
        .summary dd { margin: 2px 0 0; font-size: 17px; font-weight: 600; font-variant-numeric: tabular-nums; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .summary div.alarm { background: var(--leak-bg); border-color: #fca5a5; }
        .summary div.alarm dd { color: var(--leak); }
        p.note.forecast { margin: 12px 0 0; }
        figure { margin: 8px 0 0; border: 1px solid var(--line); border-radius: 8px; padding: 12px 12px 6px; }
        svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
        svg .grid line { stroke: #eef0f3; stroke-width: 1; }
        svg .plot-frame { fill: none; stroke: #d1d5db; }
        svg .tick-labels text, svg .axis-unit { font-size: 11px; fill: var(--muted); font-variant-numeric: tabular-nums; }
        svg .panel-title { font-size: 12.5px; font-weight: 600; fill: var(--ink); }
        svg .axis-title { font-size: 12px; fill: var(--muted); }
        svg .heap-band { fill: #94a3b8; fill-opacity: .28; stroke: none; }
        svg .heap-floor { fill: none; stroke: #475569; stroke-width: 1.75; stroke-linejoin: round; }
        svg .series-band { fill-opacity: .1; stroke: none; }
        svg .series { fill: none; stroke-linejoin: round; stroke-linecap: round; }
        svg .onset { stroke-width: 1.25; stroke-dasharray: 4 4; }
        ul.legend { list-style: none; margin: 10px 4px 4px; padding: 0; display: grid; gap: 5px; }
        ul.legend li { display: flex; align-items: center; gap: 6px; min-width: 0; }
        .swatch { flex: none; width: 18px; height: 4px; border-radius: 2px; }
        .legend-name { font-family: var(--mono); font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        .legend-stats { color: var(--muted); font-size: 12px; white-space: nowrap; margin-left: auto; padding-left: 12px; font-variant-numeric: tabular-nums; }
        .badge { display: inline-block; flex: none; min-width: 68px; text-align: center; padding: 1px 8px; border-radius: 999px; font-size: 11.5px; font-weight: 600; letter-spacing: .02em; }
        .verdict-leak { color: var(--leak); background: var(--leak-bg); }
        .verdict-bounded { color: var(--bounded); background: var(--bounded-bg); }
        .verdict-retained { color: var(--retained); background: var(--retained-bg); }
        .verdict-temporary { color: var(--temporary); background: var(--temporary-bg); }
        .verdict-ok { color: var(--ok); background: var(--ok-bg); }
        .kind { font-family: var(--mono); font-size: 12px; font-weight: 600; color: var(--accent); white-space: nowrap; }
        .kind-leak, .kind-double-free, .kind-invalid-free { color: var(--leak); }
        .table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; }
        th, td { padding: 7px 9px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        th { background: var(--panel); font-size: 11px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; vertical-align: bottom; white-space: nowrap; }
        tbody tr:last-child td { border-bottom: none; }
        tbody tr:nth-child(even) td { background: #fcfcfd; }
        tr.verdict-row-leak td { background: #fff7f7; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.num { white-space: nowrap; }
        td.fn { font-family: var(--mono); font-size: 12.5px; overflow-wrap: break-word; min-width: 16ch; }
        td.fn a { color: inherit; }
        td.loc { font-family: var(--mono); font-size: 12px; color: #374151; overflow-wrap: break-word; min-width: 16ch; }
        .module { display: block; color: var(--muted); font-size: 11.5px; }
        .dim { color: #9ca3af; }
        .grows { color: var(--leak); font-weight: 600; }
        .stack-card { border: 1px solid var(--line); border-left: 4px solid var(--leak); border-radius: 8px; padding: 12px 14px; margin: 0 0 12px; }
        .stack-card h3 code { font-size: 13px; }
        .stack-card .facts { color: var(--muted); font-size: 12.5px; margin: 0 0 8px; }
        ol.stack { margin: 0; padding-left: 28px; font-family: var(--mono); font-size: 12px; }
        ol.stack li { padding: 1px 0; }
        ol.stack li::marker { color: #9ca3af; }
        ol.stack .where { color: var(--muted); }
        ol.stack .inlined { color: var(--bounded); }
        section.at-exit { margin-top: 40px; background: var(--panel); border: 1px dashed #cbd5e1; border-radius: 10px; padding: 4px 18px 18px; }
        section.at-exit h2 { margin-top: 18px; }
        section.at-exit .table-wrap { background: #fff; }
        p.empty { color: var(--muted); font-style: italic; }
        footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 12px; }
        @media print { main { padding: 0; } figure, .table-wrap { break-inside: avoid; } }
        """;
}
