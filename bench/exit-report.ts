// Preloaded into a whole CLI process (`node --import exit-report.js main.js run …`): when the process
// exits, writes its peak RSS and CPU time as JSON to the file named by PCHAT_BENCH_REPORT.
import { writeFileSync } from 'node:fs';

/** What the hook writes; sizes in bytes, times in seconds. */
export interface ExitReport {
  peakRssBytes: number;
  /** User + system CPU time of the whole process. */
  cpuS: number;
  exitCode: number;
}

const out = process.env.PCHAT_BENCH_REPORT;
if (out !== undefined && out !== '') {
  process.on('exit', (code) => {
    const cpu = process.cpuUsage();
    const report: ExitReport = {
      // resourceUsage reports KiB.
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      cpuS: (cpu.user + cpu.system) / 1e6,
      exitCode: code,
    };
    writeFileSync(out, JSON.stringify(report));
  });
}
