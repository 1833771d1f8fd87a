// The page's side of the checker worker. The worker's code (with the wasm inside) is embedded
// in the page as text and started from a blob: URL, because browsers refuse `new Worker` on a
// file: URL. Requests are answered in order; a crashed worker is replaced by a new one.
import workerSource from 'virtual:checker-worker';

export class CheckerClient {
  /**
   * @param {(version: number, result: object, ms: number) => void} onDiagnostics every answer,
   *   stale ones too: `result.diagnostics` replaces the previous answers' list from index
   *   `result.start` on; `result.done` is false while a new text has reports left to check.
   * @param {(message: string) => void} onCrash called after a new worker has started; the
   *   page must `open` its text again.
   */
  constructor(onDiagnostics, onCrash) {
    this.url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    this.onDiagnostics = onDiagnostics;
    this.onCrash = onCrash;
    this.nextId = 1;
    this.pending = new Map();
    this.start();
  }

  start() {
    this.worker = new Worker(this.url);
    this.worker.onmessage = ({ data }) => {
      if (data.type === 'diagnostics') this.onDiagnostics(data.version, data.result, data.ms);
      else if (data.type === 'reply') {
        this.pending.get(data.id)?.resolve(data.result);
        this.pending.delete(data.id);
      } else if (data.type === 'crashed') this.restart(data.message);
    };
    this.worker.onerror = (e) => this.restart(e.message || 'worker error');
  }

  restart(message) {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error(message));
    this.pending.clear();
    this.start();
    this.onCrash(message);
  }

  post(msg) {
    this.worker.postMessage(msg);
  }

  open(text, lang, template, version) {
    this.post({ type: 'open', text, lang, template, version });
  }

  /** Changes as the editor reports them (applied in order), zero-based UTF-16 ranges. */
  edit(changes, version) {
    this.post({ type: 'edit', changes, version });
  }

  options(lang, template) {
    this.post({ type: 'options', lang, template });
  }

  request(type, payload = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ ...payload, type, id });
    });
  }
}
