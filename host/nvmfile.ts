// The CLI's --nvm FILE: one run at a time (FILE.lock) and a battery-backed RTC beside the flash (FILE.rtc).
import fs from "node:fs";
import { NorFlash } from "./shims/nvm.js";

export class NvmInUse extends Error {}

// Whether the lock's owner still runs: the pid exists and, where /proc tells, is still this CLI (a
// pid reused by another program after a kill -9 must not hold the file forever).
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false; // EPERM: exists, owned by someone else
  }
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("cli.js");
  } catch {
    return true; // no /proc: the pid alone decides
  }
}

// FILE.lock holds the pid of the run that owns FILE. A run killed with -9 leaves it behind; its pid is
// then dead and the next run takes the lock over, so nothing blocks forever.
export class NvmLock {
  private held = false;
  readonly lockPath: string;

  constructor(nvmPath: string) {
    this.lockPath = `${nvmPath}.lock`;
    for (let attempt = 0; ; attempt++) {
      try {
        fs.writeFileSync(this.lockPath, `${process.pid}\n`, { flag: "wx" });
        this.held = true;
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw e;
      }
      const pid = Number.parseInt(fs.readFileSync(this.lockPath, "utf8"), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new NvmInUse(`${nvmPath} is in use by another run (pid ${pid}, see ${this.lockPath}); ` +
          "two meters on one flash would lose energy: wait for it to end or use another --nvm file");
      }
      fs.rmSync(this.lockPath, { force: true }); // stale: its run is gone
    }
  }

  release(): void {
    if (this.held) fs.rmSync(this.lockPath, { force: true });
    this.held = false;
  }
}

// FILE.rtc: the RTC's UTC seconds and the wall clock when they were saved. While the harness is not
// running the meter is off, and its battery-backed RTC runs on in real time.
export class RtcFile {
  readonly path: string;
  private fd: number | undefined;

  constructor(nvmPath: string) {
    this.path = `${nvmPath}.rtc`;
  }

  // The RTC at this power-up, or undefined when the file is missing or unreadable (a new meter).
  restore(nowWallMs = Date.now()): { utcS: bigint; offS: number } | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.path, "utf8");
    } catch {
      return undefined;
    }
    const m = /^(\d+) (\d+)\s*$/.exec(text);
    if (!m) return undefined;
    const offS = Math.max(0, Math.floor((nowWallMs - Number(m[2])) / 1000));
    return { utcS: BigInt(m[1]) + BigInt(offS), offS };
  }

  // Fixed width, so each save overwrites the whole record in place.
  save(utcS: bigint, nowWallMs = Date.now()): void {
    this.fd ??= fs.openSync(this.path, "w");
    fs.writeSync(this.fd, `${String(utcS).padStart(12, "0")} ${String(nowWallMs).padStart(15, "0")}\n`, 0);
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

// Flash that reports every program and erase: the firmware's last-alive time reaches the flash only
// through them, so saving the RTC there keeps FILE.rtc from falling behind what the meter stored.
export class ClockedFlash extends NorFlash {
  onWrite: () => void = () => {};

  override program(addr: number, bytes: Uint8Array): ReturnType<NorFlash["program"]> {
    const status = super.program(addr, bytes);
    this.onWrite();
    return status;
  }

  override erase(sector: number): ReturnType<NorFlash["erase"]> {
    const status = super.erase(sector);
    this.onWrite();
    return status;
  }
}
