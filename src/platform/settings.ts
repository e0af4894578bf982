import * as vscode from 'vscode';
import type { HttpOptions } from '../confluence/http';
import { Settings } from '../constants';

/** Reads the extension's settings, with the bounds package.json declares enforced again here. */
export class ExtensionSettings {
  constructor(private readonly extensionVersion: string) {}

  private get config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(Settings.section);
  }

  adminKeyDefaultDurationMinutes(): number {
    return clampInt(this.config.get<number>(Settings.adminKeyDefaultDuration, 10), 1, 60, 10);
  }

  adminKeyWarnBeforeExpiryMinutes(): number {
    return clampInt(this.config.get<number>(Settings.adminKeyWarnBeforeExpiry, 5), 0, 59, 5);
  }

  showPersonalSpaces(): boolean {
    return this.config.get<boolean>(Settings.showPersonalSpaces, false);
  }

  /** Images from other sites in the rendered preview (off: they tell their server who read the page). */
  loadRemoteImages(): boolean {
    return this.config.get<boolean>(Settings.loadRemoteImages, false);
  }

  showArchivedSpaces(): boolean {
    return this.config.get<boolean>(Settings.showArchivedSpaces, false);
  }

  /**
   * undici does not go through VS Code's proxy support, so VS Code's own proxy settings are passed
   * to the client explicitly; HTTPS_PROXY/NO_PROXY from the environment apply when none is set.
   */
  httpOptions(): HttpOptions {
    const http = vscode.workspace.getConfiguration('http');
    const proxy = http.get<string>('proxy', '').trim();
    return {
      userAgent: `confluence-vscode/${this.extensionVersion} (VS Code ${vscode.version})`,
      timeoutMs: clampInt(this.config.get<number>(Settings.httpTimeoutSeconds, 30), 5, 600, 30) * 1000,
      strictSSL: http.get<boolean>('proxyStrictSSL', true),
      // A bound on any one answer, far above Confluence's 5 MB page limit: a broken or hostile server
      // cannot make the extension hold an endless response in memory.
      maxResponseBytes: clampInt(this.config.get<number>(Settings.httpMaxResponseMegabytes, 50), 10, 1024, 50) * 1024 * 1024,
      ...(proxy ? { proxy } : {}),
    };
  }

  affectsHttp(e: vscode.ConfigurationChangeEvent): boolean {
    return e.affectsConfiguration('http.proxy') || e.affectsConfiguration('http.proxyStrictSSL')
      || e.affectsConfiguration(`${Settings.section}.${Settings.httpTimeoutSeconds}`)
      || e.affectsConfiguration(`${Settings.section}.${Settings.httpMaxResponseMegabytes}`);
  }
}

function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : fallback;
  return Math.min(max, Math.max(min, n));
}
