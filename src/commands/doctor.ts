// "Rootless Docker: Run Doctor": runs every host check and shows the report in a webview, problems first, the
// fix next to each with its commands to copy or paste into a terminal (never run). Returns the report as data.
import * as vscode from 'vscode';
import { loadService } from '../lazy';
import type { DoctorReport } from '../service/doctor/types';
import { COMMANDS } from './ids';
import { serviceSettings } from './service';

export const DOCTOR_VIEW_TYPE = 'rootlessDocker.doctor';
const TITLE = 'Rootless Docker: Doctor';

interface Message {
  type?: unknown;
  check?: unknown;
  index?: unknown;
}

class Doctor implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private report?: DoctorReport;
  private running?: Promise<DoctorReport>;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Runs the checks (once at a time) and shows the report. */
  run(): Promise<DoctorReport> {
    this.running ??= this.check().finally(() => (this.running = undefined));
    return this.running;
  }

  private async check(): Promise<DoctorReport> {
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Rootless Docker: running the doctor' }, () =>
      loadService().runDoctor(loadService().realProbe({ env: process.env, unit: serviceSettings().unit })),
    );
    this.report = report;
    const s = report.summary;
    this.log.info(`doctor: ${s.fail} failed, ${s.warn} warnings, ${s.pass} passed, ${s.skip} skipped`);
    for (const r of report.results) if (r.status === 'fail' || r.status === 'warn') this.log.info(`  ${r.status}: ${r.title}: ${r.summary}`);
    this.show(report);
    return report;
  }

  private show(report: DoctorReport): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(DOCTOR_VIEW_TYPE, TITLE, vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [] });
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((m: Message) => void this.onMessage(m));
    }
    // Web Crypto: node:crypto loads only now, not with the extension.
    const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
    this.panel.webview.html = loadService().renderDoctorHtml(report, { cspSource: this.panel.webview.cspSource, nonce });
    this.panel.reveal(undefined, false);
  }

  /** Buttons name a check and a command index; the command text comes from the report rendered, never the page. */
  private async onMessage(m: Message): Promise<void> {
    if (m.type === 'rerun') {
      await this.run();
      return;
    }
    if ((m.type !== 'copy' && m.type !== 'terminal') || typeof m.check !== 'string' || typeof m.index !== 'number') return;
    const command = this.report?.results.find((r) => r.id === m.check)?.fix?.commands?.[m.index];
    if (command === undefined) return;
    if (m.type === 'copy') {
      await vscode.env.clipboard.writeText(command);
      void vscode.window.setStatusBarMessage('$(check) Copied', 2000);
    } else {
      const terminal = vscode.window.createTerminal({ name: 'Rootless Docker: doctor' });
      terminal.show();
      terminal.sendText(command, false);
    }
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

export function registerDoctor(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const doctor = new Doctor(log);
  context.subscriptions.push(
    doctor,
    vscode.commands.registerCommand(COMMANDS.doctor.run, () => doctor.run()),
  );
}
