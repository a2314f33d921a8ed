// Update at boot and per tick: resuming a cut transfer, the trial image's self-confirmation, the rollback report.
import { Err } from "../errors";
import { rtcReadUtcS } from "../hal/rtc";
import { fwslotRunning, fwslotReset } from "../hal/fwslot";
import { eventLog, EventCode } from "../events/log";
import { windowsClosed } from "../metrology/window";
import { W_PENDING, W_CONFIRMED, W_REVERTED, W_REPORTED, ImageStatus } from "./layout";
import { slotValid, wordIsSet, wordMark, transferRecordRead } from "./slots";
import { runningManifestLoad, runningVersion } from "./verify";
import { imageStatusSet, imageTargetSlot, imageVerifyTick, resetDue, imageResetTaken } from "./transfer";

// A trial image confirms itself after this much metering since boot (records read, windows closed).
export const CONFIRM_AFTER_MS: i64 = 60_000;
const CONFIRM_AFTER_WINDOWS: i32 = 50;

let runningSlot: i32 = -1;
let trialRunning = false;

export function updateTrialRunning(): bool {
  return trialRunning;
}

export function updateRunningSlot(): i32 {
  return runningSlot;
}

export function updateBoot(): void {
  const slot = fwslotRunning();
  runningSlot = slotValid(slot) ? slot : -1;
  runningManifestLoad(runningSlot);
  trialRunning = runningSlot >= 0 && !wordIsSet(runningSlot, W_CONFIRMED);
  const other = imageTargetSlot();
  if (trialRunning) {
    imageStatusSet(ImageStatus.ACTIVATION_INITIATED);
  } else if (wordIsSet(other, W_PENDING) && wordIsSet(other, W_REVERTED)) {
    imageStatusSet(ImageStatus.ACTIVATION_FAILED);
    if (!wordIsSet(other, W_REPORTED)) {
      runningManifestLoad(other);
      const failedVersion = runningVersion();
      runningManifestLoad(runningSlot);
      eventLog(rtcReadUtcS(), EventCode.IMAGE_ROLLED_BACK, other, <i32>failedVersion, 0);
      wordMark(other, W_REPORTED);
    }
  } else if (!wordIsSet(other, W_PENDING) && transferRecordRead(other)) {
    // A transfer a power cut (or a reset) interrupted: the bitmap in the trailer says which blocks are in.
    imageStatusSet(ImageStatus.INITIATED);
  }
}

export function updateTick(sinceBootMs: i64): void {
  if (resetDue) {
    imageResetTaken();
    fwslotReset();
    return;
  }
  imageVerifyTick();
  if (!trialRunning) return;
  if (sinceBootMs >= CONFIRM_AFTER_MS && windowsClosed >= CONFIRM_AFTER_WINDOWS) {
    if (wordMark(runningSlot, W_CONFIRMED) == Err.OK) {
      trialRunning = false;
      imageStatusSet(ImageStatus.ACTIVATION_SUCCESSFUL);
      eventLog(rtcReadUtcS(), EventCode.IMAGE_CONFIRMED, runningSlot, <i32>runningVersion(), 0);
    }
  }
}
