// `make web`: serves the simulator page, build/firmware.wasm and the compiled harness on localhost with Node's own http server.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".wasm": "application/wasm", ".svg": "image/svg+xml",
};
// Only these are served: the page's own files, the compiled harness and the firmware (never the rest of the tree).
const ALLOWED = [/^\/host\/web\/[\w.-]+\.(html|css)$/, /^\/build\/js\/host\/[\w/.-]+\.js$/, /^\/build\/firmware\.wasm$/];

export const USAGE = `usage: node build/js/host/web/serve.js [--port N]
Serves the meter simulator page on http://127.0.0.1:N/ (default 8080; 0 picks a free port).
The page runs build/firmware.wasm in a Web Worker; its flash is kept in the browser's IndexedDB.`;

export function startServer(port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = url.pathname === "/" ? "/host/web/index.html" : url.pathname;
    if (req.method !== "GET" || route.includes("..") || !ALLOWED.some((re) => re.test(route))) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${url.pathname}\n`);
      return;
    }
    fs.readFile(path.join(ROOT, route), (err, data) => {
      if (err) {
        res.writeHead(404, { "content-type": "text/plain" }).end(`${route} is missing: run 'make build'\n`);
        return;
      }
      res.writeHead(200, { "content-type": TYPES[path.extname(route)] ?? "application/octet-stream", "cache-control": "no-store" }).end(data);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

function main(argv: string[]): void {
  let port = 8080;
  for (let k = 0; k < argv.length; k++) {
    if (argv[k] === "--help" || argv[k] === "-h") {
      console.log(USAGE);
      return;
    }
    if (argv[k] === "--port" && /^\d+$/.test(argv[k + 1] ?? "") && Number(argv[k + 1]) < 65536) port = Number(argv[++k]);
    else {
      console.error(`serve: unknown or bad option '${argv[k]}'\n${USAGE}`);
      process.exit(2);
    }
  }
  startServer(port).then((server) => {
    const addr = server.address();
    console.log(`wasmeter simulator on http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : port}/ (Ctrl-C stops)`);
  }, (err: Error) => {
    console.error(`serve: ${err.message}`);
    process.exit(1);
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main(process.argv.slice(2));
