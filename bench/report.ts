import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Measurement } from './load.js';
import type { MachineInfo } from './machine.js';
import type { ProfileSummary } from './profile-summary.js';
import type { ScenarioId } from './scenarios.js';
import type { TargetCheck } from './targets.js';

/** Everything one `npm run bench` found; saved as JSON and rendered as text and Markdown. */
export interface BenchReport {
  readonly date: string;
  readonly machine: MachineInfo;
  /** Percent of all cores busy during 2 s before the benchmark started anything. */
  readonly backgroundBusy: number | undefined;
  readonly settings: {
    readonly connections: number;
    readonly rate: number | undefined;
    readonly durationSeconds: number;
    readonly warmupSeconds: number;
    readonly profiled: boolean;
  };
  readonly scenarios: readonly {
    readonly id: ScenarioId;
    readonly title: string;
    readonly measurement: Measurement;
  }[];
  /** req/s ratios to bare Express. */
  readonly ratios: { readonly bOverA: number | undefined; readonly cOverA: number | undefined };
  readonly targets: readonly TargetCheck[];
  readonly failures: readonly { readonly id: ScenarioId; readonly error: string }[];
  /** Per scenario, where the profiled Southgate processes spent their CPU (BENCH_PROFILE=1). */
  readonly profiles: readonly {
    readonly id: ScenarioId;
    readonly process: string;
    readonly summary: ProfileSummary;
  }[];
}

/** Roles whose CPU is shown, in column order. */
const cpuRoles = ['bench', 'server', 'adapter', 'kafka'] as const;

/** The report as plain-text tables for the terminal. */
export function renderText(report: BenchReport): string {
  return render(report, textTable);
}

/** The report as Markdown. */
export function renderMarkdown(report: BenchReport): string {
  return render(report, markdownTable);
}

/** Writes `bench-<date>.json` and `.md` under `dir`; returns their paths. */
export function saveReport(report: BenchReport, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `bench-${report.date.replace(/[:.]/g, '-')}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${base}.md`, renderMarkdown(report));
  return [`${base}.json`, `${base}.md`];
}

type Table = (header: readonly string[], rows: readonly (readonly string[])[]) => string;

function render(report: BenchReport, table: Table): string {
  const md = table === markdownTable;
  const heading = (text: string): string => (md ? `## ${text}\n\n` : `${text}\n`);
  const { machine, settings } = report;
  // Markdown needs a blank line to keep lines apart.
  const lineEnd = md ? '\n\n' : '\n';
  const out: string[] = [];
  out.push(md ? '# Southgate benchmark\n\n' : '\nSouthgate benchmark\n');
  out.push(
    `${report.date} · ${machine.cpuModel}, ${machine.cores} cores · Node ${machine.node} · ` +
      `${machine.os} · express ${machine.express} · autocannon ${machine.autocannon} · ` +
      `source ${machine.source}${lineEnd}`,
    `${settings.connections} connections` +
      `${settings.rate === undefined ? ' (closed loop)' : ` at ${settings.rate} req/s offered evenly (BENCH_RATE)`}, ` +
      `${settings.warmupSeconds} s warm-up + ` +
      `${settings.durationSeconds} s measured per scenario` +
      `${settings.profiled ? ' · PROFILED (--cpu-prof): figures are lower than usual' : ''}${lineEnd}`,
    `Machine busy before the run: ${
      report.backgroundBusy === undefined ? 'unknown' : percent(report.backgroundBusy)
    } of all cores\n\n`,
  );

  out.push(heading('Results'));
  out.push(
    table(
      ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'non-2xx', 'conn errors'],
      report.scenarios.map(({ id, title, measurement: m }) => [
        `(${id}) ${title}`,
        m.reqPerSec.toFixed(0),
        String(m.p50Ms),
        String(m.p99Ms),
        String(m.maxMs),
        String(m.non2xx + m.connectionErrors),
        m.non2xx === 0 ? '0' : `${m.non2xx} (${statusSummary(m)})`,
        `${m.connectionErrors} (${m.timeouts} timeouts)`,
      ]),
    ),
  );
  const pct = (r: number | undefined): string => (r === undefined ? 'n/a' : percent(r * 100));
  out.push(
    `\nb/a (in process / bare Express, req/s): ${pct(report.ratios.bOverA)}` +
      ` · c/a (Kafka / bare Express, req/s): ${pct(report.ratios.cOverA)}\n\n`,
  );

  if (report.scenarios.some(({ measurement: m }) => m.pacedRate !== undefined))
    out.push(
      'Rows at a steady rate: requests offered evenly over the connections, latency counted ' +
        'from when each was due (a slow answer delays the requests behind it, and they count it).\n\n',
    );

  out.push(heading('Targets'));
  if (settings.rate !== undefined)
    out.push('(BENCH_RATE is set: the offered load is capped, so req/s targets cannot be met)\n');
  for (const t of report.targets) {
    const verdict = t.met === undefined ? 'NOT RUN' : t.met ? 'met' : 'MISSED';
    out.push(`${md ? '- ' : '  '}${verdict}: ${t.target} — measured ${t.actual}\n`);
  }
  out.push('\n');

  out.push(heading('CPU during the measured run: % of one core (CPU ms per request)'));
  out.push(
    table(
      ['scenario', ...cpuRoles, 'other', 'machine busy'],
      report.scenarios.map(({ id, measurement: m }) => [
        m.pacedRate === undefined ? `(${id})` : `(${id}) steady ${m.pacedRate}/s`,
        ...cpuRoles.map((role) => {
          const value = m.cpu.processes[role];
          return value === undefined ? '-' : `${percent(value)} (${msPerRequest(value, m)})`;
        }),
        m.cpu.other === undefined ? '-' : percent(m.cpu.other),
        m.cpu.machineBusy === undefined ? '-' : `${percent(m.cpu.machineBusy)} of all`,
      ]),
    ),
  );
  out.push(
    '\nbench = this process (autocannon, or the paced load of "steady" rows), server = bare Express or the gateway, ' +
      'adapter = `southgate adapter memory` (c, d) or `sql` (g, h), kafka = the local broker JVM, other = everything ' +
      'else on the machine.\n',
  );
  const disturbed = report.scenarios.filter(
    ({ measurement: m }) => (m.cpu.other ?? 0) > noisyOtherPercent,
  );
  if (disturbed.length > 0) {
    out.push(
      `WARNING: other load used more than ${noisyOtherPercent} % of a core during ` +
        `${disturbed.map(({ id }) => `(${id})`).join(' ')}; those figures understate what ` +
        'Southgate can do here (compare CPU ms per request instead).\n',
    );
  }
  out.push('\n');

  if (report.failures.length > 0) {
    out.push(heading('Scenarios that could not run'));
    for (const f of report.failures) out.push(`${md ? '- ' : '  '}(${f.id}) ${f.error}\n`);
    out.push('\n');
  }

  for (const p of report.profiles) {
    const s = p.summary;
    out.push(
      heading(
        `Profile (${p.id}) ${p.process}: ${s.sampledMs.toFixed(0)} ms sampled, ` +
          `${percent(s.idlePercent)} idle`,
      ),
    );
    out.push(table(['self time: area', 'ms', '%'], selfRows(s.topAreas)));
    out.push('\n');
    out.push(table(['self time: function', 'ms', '%'], selfRows(s.topFunctions)));
    out.push(`\n${md ? '' : '  '}(${s.file})\n\n`);
  }
  return out.join('');
}

/** Above this (percent of one core), other load is reported as disturbing a scenario. */
const noisyOtherPercent = 20;

function msPerRequest(cpuPercent: number, m: Measurement): string {
  return m.reqPerSec > 0 ? ((cpuPercent * 10) / m.reqPerSec).toFixed(2) : '-';
}

function selfRows(list: ProfileSummary['topAreas']): string[][] {
  return list.map((t) => [t.name, t.ms.toFixed(0), percent(t.percent)]);
}

function statusSummary(m: Measurement): string {
  return Object.entries(m.statusCodes)
    .filter(([status]) => !status.startsWith('2'))
    .map(([status, count]) => `${count}×${status}`)
    .join(', ');
}

function percent(value: number): string {
  return `${value.toFixed(1)} %`;
}

function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}\n`;
  const rule = `  ${widths.map((w) => '-'.repeat(w)).join('  ')}\n`;
  return [line(header), rule, ...rows.map(line)].join('');
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |\n`;
  const align = `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |\n`;
  return [line(header), align, ...rows.map(line)].join('');
}
