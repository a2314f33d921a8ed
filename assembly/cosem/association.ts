// Class 15 Association LN (version 1): the association being served and its object list, produced in blocks.
import { AxdrReader, AxdrWriter, Tag } from "../dlms/axdr";
import { secretSet, SECRET_MAX_BYTES } from "./secret";
import { Err } from "../errors";
import {
  AccessResult, Level, OBJECT_COUNT, visible, rowClass, rowVersion, rowObis, attributeCount, methodCount,
  attributeAccess, methodAllowed,
} from "./table";

export const enum Mechanism {
  NONE = 0,
  LLS = 1,
  HLS_GMAC = 5,
}

export const enum AssociationStatus {
  NON_ASSOCIATED = 0,
  ASSOCIATION_PENDING = 1,
  ASSOCIATED = 2,
}

// The application layer tells the object model which association it serves before each request.
let level: Level = Level.PUBLIC;
let clientSap: i32 = 0;
let mechanism: Mechanism = Mechanism.NONE;
let conformance: i32 = 0;
let sendMaxPdu: i32 = 0; // what the server sends at most: the client's max receive PDU size or less
let serverMaxPdu: i32 = 0;
export const SERVER_SAP: i32 = 1;

export function associationServe(lvl: Level, sap: i32, mech: Mechanism, conf: i32, sendPdu: i32, serverPdu: i32): void {
  level = lvl;
  clientSap = sap;
  mechanism = mech;
  conformance = conf;
  sendMaxPdu = sendPdu;
  serverMaxPdu = serverPdu;
}

// Application context of the served association: 1 LN, 3 LN with ciphering.
let context: i32 = 1;
export function associationContextSet(id: i32): void {
  context = id;
}

export function servedLevel(): Level {
  return level;
}

// The client SAP of the served association, for the event log of the changes it makes.
export function servedClientSap(): i32 {
  return clientSap;
}

// { 2, 16, 756, 5, 8, kind, id }: the OID arcs of the DLMS UA names (application context kind 1,
// authentication mechanism kind 2), as a structure of unsigned and long-unsigned.
const OID_ARCS: StaticArray<u8> = [
  0x02, 7, 0x11, 2, 0x11, 16, 0x12, 0x02, 0xf4, 0x11, 5, 0x11, 8, // structure, unsigned 2, 16, long-unsigned 756, 5, 8
];

function putOidStructure(w: AxdrWriter, kind: i32, id: i32): void {
  w.bytes(changetype<usize>(OID_ARCS), OID_ARCS.length);
  w.tagged8(Tag.UNSIGNED, kind);
  w.tagged8(Tag.UNSIGNED, id);
}

// Bytes one object_list element takes: structure(2) class(3) version(2) name(8) rights structure(2)
// attribute array header(2) + 7 per attribute, method array header(2) + 6 per method.
export function elementBytes(row: i32): i32 {
  const c = rowClass(row);
  // A profile's buffer lists its access selectors {1, 2} (6 bytes) where other attributes have null-data (1).
  return 21 + 7 * attributeCount(c) + 6 * methodCount(c) + (c == 7 ? 5 : 0);
}

function putElement(w: AxdrWriter, row: i32): void {
  const c = rowClass(row);
  w.container(Tag.STRUCTURE, 4);
  w.tagged16(Tag.LONG_UNSIGNED, c);
  w.tagged8(Tag.UNSIGNED, rowVersion(row));
  w.u8(<i32>Tag.OCTET_STRING);
  w.u8(6);
  for (let k = 0; k < 6; k++) w.u8(rowObis(row, k));
  w.container(Tag.STRUCTURE, 2);
  const attributes = attributeCount(c);
  w.container(Tag.ARRAY, attributes);
  for (let a = 1; a <= attributes; a++) {
    w.container(Tag.STRUCTURE, 3);
    w.tagged8(Tag.INTEGER, a);
    w.tagged8(Tag.ENUM, <i32>attributeAccess(row, level, a));
    if (c == 7 && a == 2) {
      w.container(Tag.ARRAY, 2); // range and entry descriptors (assembly/cosem/selective.ts)
      w.tagged8(Tag.INTEGER, 1);
      w.tagged8(Tag.INTEGER, 2);
    } else {
      w.u8(<i32>Tag.NULL); // no selective access
    }
  }
  const methods = methodCount(c);
  w.container(Tag.ARRAY, methods);
  for (let m = 1; m <= methods; m++) {
    w.container(Tag.STRUCTURE, 2);
    w.tagged8(Tag.INTEGER, m);
    w.tagged8(Tag.ENUM, methodAllowed(row, level, m) ? 1 : 0);
  }
}

// The object list of the served association: elements before the writer's window are skipped by size,
// so a block costs the objects before it one addition each and encodes only what lands in the block.
function putObjectList(w: AxdrWriter): void {
  let count = 0;
  for (let row = 0; row < OBJECT_COUNT; row++) if (visible(row, level)) count++;
  w.container(Tag.ARRAY, count);
  for (let row = 0; row < OBJECT_COUNT; row++) {
    if (!visible(row, level)) continue;
    if (w.overflow) return;
    if (!w.skipWhole(elementBytes(row))) putElement(w, row);
  }
}

const SECURITY_SETUP_LN: StaticArray<u8> = [0, 0, 43, 0, 0, 255];

export function associationGet(attr: i32, w: AxdrWriter): AccessResult {
  switch (attr) {
    case 2:
      putObjectList(w);
      break;
    case 3: // associated_partners_id
      w.container(Tag.STRUCTURE, 2);
      w.tagged8(Tag.INTEGER, clientSap);
      w.tagged16(Tag.LONG_UNSIGNED, SERVER_SAP);
      break;
    case 4: // application_context_name: logical name referencing, with ciphering (3) or without (1)
      putOidStructure(w, 1, context);
      break;
    case 5: { // xDLMS_context_info
      w.container(Tag.STRUCTURE, 6);
      w.u8(<i32>Tag.BIT_STRING);
      w.u8(24);
      w.u8(conformance >> 16);
      w.u8(conformance >> 8);
      w.u8(conformance);
      w.tagged16(Tag.LONG_UNSIGNED, serverMaxPdu);
      w.tagged16(Tag.LONG_UNSIGNED, sendMaxPdu);
      w.tagged8(Tag.UNSIGNED, 6);
      w.tagged8(Tag.INTEGER, 0);
      w.container(Tag.OCTET_STRING, 0);
      break;
    }
    case 6:
      putOidStructure(w, 2, <i32>mechanism);
      break;
    case 8:
      w.tagged8(Tag.ENUM, <i32>AssociationStatus.ASSOCIATED);
      break;
    case 9: // security_setup_reference: the security setup object of the management logical device
      w.octets(Tag.OCTET_STRING, changetype<usize>(SECURITY_SETUP_LN), 6);
      break;
    default:
      return AccessResult.READ_WRITE_DENIED;
  }
  return AccessResult.SUCCESS;
}

// Attribute 7, the LLS secret: written (never read) as an octet-string of 1..16 bytes, stored before it counts.
export function associationSet(attr: i32, r: AxdrReader): AccessResult {
  if (attr != 7) return AccessResult.READ_WRITE_DENIED;
  if (r.u8() != <i32>Tag.OCTET_STRING) return AccessResult.TYPE_UNMATCHED;
  const n = r.length_();
  const at = r.take(n);
  if (r.bad) return AccessResult.TYPE_UNMATCHED;
  if (n < 1 || n > SECRET_MAX_BYTES) return AccessResult.OTHER_REASON;
  return secretSet(at, n) == Err.OK ? AccessResult.SUCCESS : AccessResult.HARDWARE_FAULT;
}
