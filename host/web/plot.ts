// Plain-SVG line charts (linear or log x axis) for the simulator page and the accuracy charts: no library, a few hundred bytes a chart.
export interface FrameOptions {
  width: number;
  height: number;
  x: [number, number];
  y: [number, number];
  xLog?: boolean;
  xLabel: string;
  yLabel: string;
  title?: string;
  xTicks?: number[];
  yTicks?: number[];
}

export interface Frame {
  open: string; // <svg>, axes, grid and labels
  close: string;
  px(x: number): number;
  py(y: number): number;
}

const LEFT = 56;
const RIGHT = 12;
const TOP = 24;
const BOTTOM = 36;

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const num = (x: number): string => String(Number(x.toPrecision(4)));

// Evenly spaced ticks on a 1/2/5 step.
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.round(t / step) * step);
  return out;
}

export function plotFrame(o: FrameOptions): Frame {
  const w = o.width - LEFT - RIGHT;
  const h = o.height - TOP - BOTTOM;
  const fx = o.xLog ? Math.log10 : (v: number): number => v;
  const [x0, x1] = [fx(o.x[0]), fx(o.x[1])];
  const px = (x: number): number => LEFT + ((fx(x) - x0) / (x1 - x0 || 1)) * w;
  const py = (y: number): number => TOP + h - ((y - o.y[0]) / (o.y[1] - o.y[0] || 1)) * h;
  const xTicks = o.xTicks ?? niceTicks(o.x[0], o.x[1]);
  const yTicks = o.yTicks ?? niceTicks(o.y[0], o.y[1], 5);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${o.height}" viewBox="0 0 ${o.width} ${o.height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${o.width}" height="${o.height}" fill="#fff"/>`,
  ];
  if (o.title) parts.push(`<text x="${LEFT}" y="15" font-size="13" font-weight="bold">${esc(o.title)}</text>`);
  for (const t of xTicks) {
    const x = px(t).toFixed(1);
    parts.push(`<line x1="${x}" y1="${TOP}" x2="${x}" y2="${TOP + h}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${x}" y="${TOP + h + 14}" text-anchor="middle">${num(t)}</text>`);
  }
  for (const t of yTicks) {
    const y = py(t).toFixed(1);
    parts.push(`<line x1="${LEFT}" y1="${y}" x2="${LEFT + w}" y2="${y}" stroke="${t === 0 ? "#999" : "#e3e3e3"}"/>`);
    parts.push(`<text x="${LEFT - 4}" y="${y}" dy="4" text-anchor="end">${num(t)}</text>`);
  }
  parts.push(`<rect x="${LEFT}" y="${TOP}" width="${w}" height="${h}" fill="none" stroke="#666"/>`);
  parts.push(`<text x="${LEFT + w / 2}" y="${o.height - 4}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(12 ${TOP + h / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);
  return { open: parts.join(""), close: "</svg>", px, py };
}

// A polyline through the points (x, y); points outside the frame's y range are clipped to it.
export function linePath(f: Frame, pts: Array<[number, number]>, color: string, dash = "", widthPx = 1.5): string {
  if (pts.length === 0) return "";
  const d = pts.map(([x, y], k) => `${k ? "L" : "M"}${f.px(x).toFixed(1)} ${f.py(y).toFixed(1)}`).join("");
  return `<path d="${d}" fill="none" stroke="${color}" stroke-width="${widthPx}"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`;
}

// A dot on each measured point.
export function dots(f: Frame, pts: Array<[number, number]>, color: string): string {
  return pts.map(([x, y]) => `<circle cx="${f.px(x).toFixed(1)}" cy="${f.py(y).toFixed(1)}" r="2.5" fill="${color}"/>`).join("");
}

// A legend in the top right corner: [label, color, dash].
export function legend(f: Frame, width: number, items: Array<[string, string, string]>): string {
  const x = width - 210;
  const box = `<rect x="${x - 6}" y="26" width="200" height="${14 * items.length + 4}" fill="#fff" fill-opacity="0.85"/>`;
  return box + items.map(([label, color, dash], k) => {
    const y = 34 + 14 * k;
    return `<line x1="${x}" y1="${y}" x2="${x + 20}" y2="${y}" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ""}/>` +
      `<text x="${x + 24}" y="${y}" dy="4">${esc(label)}</text>`;
  }).join("");
}
