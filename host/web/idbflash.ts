// The meter's NOR flash kept in the browser's IndexedDB: a page reload finds it as a power cycle would.
import { NorFlashCore } from "../shims/flash.js";

const DB_NAME = "wasmeter";
const STORE = "flash";
// Keys besides the sector numbers: the erase counters and the battery-backed RTC.
const WEAR_KEY = "wear";
export const RTC_KEY = "rtc";

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

export async function openStore(): Promise<IDBDatabase> {
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE);
  return request(open);
}

// Flash whose changed sectors are written to IndexedDB by flush(); only sectors ever written are stored.
export class IdbFlash extends NorFlashCore {
  private readonly dirty = new Set<number>();
  private wearDirty = false;
  rtc: { utcS: number; wallMs: number } | undefined;

  private constructor(private readonly db: IDBDatabase) {
    super();
  }

  static async open(db: IDBDatabase): Promise<IdbFlash> {
    const flash = new IdbFlash(db);
    const tx = db.transaction(STORE, "readonly");
    const store = tx.objectStore(STORE);
    // Both requests in the one transaction before either completes (it closes once nothing is pending).
    const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      const value = values[k];
      if (typeof key === "number" && value instanceof Uint8Array && value.length === flash.sectorBytes) {
        flash.data.set(value, key * flash.sectorBytes);
      } else if (key === WEAR_KEY && value instanceof Uint32Array && value.length === flash.eraseCounts.length) {
        flash.eraseCounts.set(value);
      } else if (key === RTC_KEY && value && typeof value.utcS === "number") {
        flash.rtc = value;
      }
    }
    return flash;
  }

  get dirtySectors(): number {
    return this.dirty.size;
  }

  protected override persist(addr: number, len: number): void {
    if (len <= 0) return;
    for (let s = Math.floor(addr / this.sectorBytes); s <= Math.floor((addr + len - 1) / this.sectorBytes); s++) this.dirty.add(s);
  }

  protected override persistWear(): void {
    this.wearDirty = true;
  }

  // Writes the changed sectors (and the RTC) in one transaction; resolves once IndexedDB has them.
  flush(rtc?: { utcS: number; wallMs: number }): Promise<void> {
    const tx = this.db.transaction(STORE, "readwrite");
    const store = tx.objectStore(STORE);
    for (const s of this.dirty) store.put(this.data.slice(s * this.sectorBytes, (s + 1) * this.sectorBytes), s);
    this.dirty.clear();
    if (this.wearDirty) store.put(this.eraseCounts.slice(), WEAR_KEY);
    this.wearDirty = false;
    if (rtc) store.put(rtc, RTC_KEY);
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  }

  // A factory-fresh part: every sector erased, in IndexedDB too.
  async wipe(): Promise<void> {
    const tx = this.db.transaction(STORE, "readwrite");
    tx.objectStore(STORE).clear();
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  }
}
