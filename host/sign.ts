// Signing tool: node build/js/host/sign.js --wasm M --version N --key K.pem [--legal-key L.pem] [--abi A] --out F
// writes a signed update file (docs/UPDATE.md); `--keygen F.pem` writes a new P-256 key and prints its public point.
import crypto from "node:crypto";
import fs from "node:fs";
import { buildImage, legalSection, parseManifest } from "./image.js";

function arg(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

// The firmware's form of a public key: X || Y, 64 bytes big-endian (assembly/update/keys.ts).
export function publicPoint(key: crypto.KeyObject): Buffer {
  const jwk = crypto.createPublicKey(key).export({ format: "jwk" });
  return Buffer.concat([Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
}

export function main(args: string[]): number {
  const keygen = arg(args, "--keygen");
  if (keygen) {
    const { privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    fs.writeFileSync(keygen, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    console.log(`${keygen}: public key ${publicPoint(privateKey).toString("hex")}`);
    return 0;
  }
  const wasmPath = arg(args, "--wasm");
  const out = arg(args, "--out");
  const version = Number(arg(args, "--version"));
  const keyPath = arg(args, "--key");
  if (!wasmPath || !out || !keyPath || !Number.isInteger(version) || version < 0 || version > 0xffffffff) {
    console.error("usage: sign --wasm <module.wasm> --version <n> --key <utility.pem> [--legal-key <legal.pem>] [--abi <n>] --out <file>");
    return 2;
  }
  const wasm = fs.readFileSync(wasmPath);
  if (!legalSection(wasm)) {
    console.error(`${wasmPath} has no "legal" section: build it with make build`);
    return 1;
  }
  const legalKeyPath = arg(args, "--legal-key");
  const abi = arg(args, "--abi");
  const file = buildImage(wasm, {
    version,
    key: fs.readFileSync(keyPath, "utf8"),
    legalKey: legalKeyPath ? fs.readFileSync(legalKeyPath, "utf8") : undefined,
    abi: abi === undefined ? undefined : Number(abi),
  });
  fs.writeFileSync(out, file);
  const m = parseManifest(file)!;
  console.log(`${out}: ${file.length} bytes, version ${m.version}, ABI ${m.abi}, wasm ${m.wasmBytes} bytes ` +
    `sha256 ${m.wasmSha256.toString("hex").slice(0, 16)}…, legal ${m.legalHash.toString("hex").slice(0, 16)}…` +
    (legalKeyPath ? ", legal signature" : ""));
  return 0;
}

if (process.argv[1]?.endsWith("sign.js")) process.exitCode = main(process.argv.slice(2));
