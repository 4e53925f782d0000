#!/usr/bin/env node
'use strict';
// Apache Royale's own AMF3 codec (org.apache.royale.net.remoting.amf.AMFBinaryData,
// NetworkJS.swc, Royale 0.9.12) as a command-line peer. See README.md.
//
//   node amfdata.js read <base64> [--refs] [--traits] [--allow-trailing] [--classes JSON]
//   node amfdata.js write <tagged-json>
//   node amfdata.js batch            (one JSON request per stdin line -> one JSON reply per line)
//   node amfdata.js selftest
//
// stdout carries only the JSON/base64 answer; Royale's own console output
// (debug traces) goes to stderr.

const readline = require('readline');

// Royale's debug build logs with console.log: keep stdout for our answers.
const stdoutWrite = process.stdout.write.bind(process.stdout);
console.log = console.info = console.debug = (...a) => console.error(...a);

const load = require('./load.js');
const { makeTagged, hexToBytes } = require('./tagged.js');

class Usage extends Error {}

let ctx = null;
function royale() {
  if (!ctx) {
    const r = load();
    ctx = { r, t: makeTagged(r) };
  }
  return ctx;
}

function toArrayBuffer(u8) {
  return u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength);
}

function inputBytes(req) {
  if (typeof req.hex === 'string') return hexToBytes(req.hex);
  if (typeof req.b64 === 'string') {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(req.b64.replace(/\s+/g, ''))) throw new Usage('b64: not base64');
    return Uint8Array.from(Buffer.from(req.b64, 'base64'));
  }
  throw new Usage('read: give "b64" or "hex"');
}

// -> {code, ...}: code 0 ok, 1 Royale threw (or read past the end), 2 bad request, 4 trailing bytes.
function handle(req) {
  try {
    if (req === null || typeof req !== 'object') throw new Usage('request must be a JSON object');
    const { r, t } = royale();
    if (req.op === 'read') {
      let bytes;
      try {
        bytes = inputBytes(req);
        t.registerClasses(req.classes, true);
      } catch (e) {
        throw e instanceof Usage ? e : new Usage(e.message);
      }
      const data = new r.AMFBinaryData(toArrayBuffer(bytes));
      let value;
      try {
        value = data.readObject();
      } catch (e) {
        return { code: 1, error: String(e.message || e), used: data.position };
      }
      const used = data.position;
      if (used > bytes.length) {
        // Royale's reads past the end give 0 bytes instead of an error.
        return { code: 1, error: `read past the end: Royale used ${used} of ${bytes.length} bytes and raised no error`, used };
      }
      const out = { code: 0, value: t.describe(value, { refs: !!req.refs, traits: !!req.traits }), used };
      if (used !== bytes.length && !req.allow_trailing) {
        return { code: 4, error: `trailing bytes: decoded ${used} of ${bytes.length} bytes`, used };
      }
      return out;
    }
    if (req.op === 'write') {
      let value;
      try {
        value = t.build(req.value);
      } catch (e) {
        throw new Usage(e.message);
      }
      const data = new r.AMFBinaryData();
      try {
        data.writeObject(value);
      } catch (e) {
        return { code: 1, error: String(e.message || e) };
      }
      const buf = Buffer.from(new Uint8Array(data.data));
      return { code: 0, b64: buf.toString('base64'), hex: buf.toString('hex') };
    }
    throw new Usage(`unknown op ${JSON.stringify(req.op)} (read, write)`);
  } catch (e) {
    if (e instanceof Usage) return { code: 2, error: e.message };
    return { code: 1, error: String((e && e.message) || e) };
  }
}

function withId(req, res) {
  if (req && typeof req === 'object' && 'id' in req) res.id = req.id;
  return res;
}

async function batch() {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    let req;
    let res;
    try {
      req = JSON.parse(line);
      res = handle(req);
    } catch (e) {
      res = { code: 2, error: `bad JSON: ${e.message}` };
    }
    stdoutWrite(JSON.stringify(withId(req, res)) + '\n');
  }
}

// Known answers worked out by hand from the AMF3 spec (../shared/spec/amf3.md).
function selftest() {
  const cases = [
    [{ op: 'read', hex: '0401' }, { code: 0, value: { number: 1 }, used: 2 }],
    [{ op: 'read', hex: '0a0b01036104010362060378 01' }, { code: 0, value: { object: { class: '', members: { a: { number: 1 }, b: { str: 'x' } } } }, used: 13 }],
    [{ op: 'read', hex: '090501 0401 053ff8000000000000' }, { code: 0, value: { list: [{ number: 1 }, { number: 1.5 }] }, used: 14 }],
    [{ op: 'read', hex: '0c07010203' }, { code: 0, value: { bytes: '010203' }, used: 5 }],
    [{ op: 'read', hex: '080100000000000000 00' }, { code: 0, value: { date_ms: 0 }, used: 10 }],
    [{ op: 'read', hex: '0401 02' }, { code: 4, error: 'trailing bytes: decoded 2 of 3 bytes', used: 2 }],
    [{ op: 'write', value: { int: 1 } }, { code: 0, b64: 'BAE=', hex: '0401' }],
    [{ op: 'write', value: { float: 1.5 } }, { code: 0, b64: 'BT/4AAAAAAAA', hex: '053ff8000000000000' }],
    [{ op: 'write', value: { list: [{ str: 'a' }, { str: 'a' }] } }, { code: 0, b64: 'CQUBBgNhBgA=', hex: '090501060361 0600'.replace(/ /g, '') }],
  ];
  let pass = 0;
  let fail = 0;
  for (const [req, want] of cases) {
    const got = handle(req);
    if (JSON.stringify(got) === JSON.stringify(want)) pass++;
    else {
      fail++;
      console.error(`selftest FAIL ${JSON.stringify(req)}\n  got  ${JSON.stringify(got)}\n  want ${JSON.stringify(want)}`);
    }
  }
  stdoutWrite(`${pass} passed, ${fail} failed\n`);
  return fail ? 1 : 0;
}

function parseArgs(argv) {
  const [cmd, ...rest] = argv;
  const flags = {};
  const pos = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--refs') flags.refs = true;
    else if (a === '--traits') flags.traits = true;
    else if (a === '--allow-trailing') flags.allow_trailing = true;
    else if (a === '--classes') flags.classes = JSON.parse(rest[++i]);
    else if (a === '--hex') flags.hexIn = true;
    else pos.push(a);
  }
  return { cmd, flags, pos };
}

async function main() {
  const usage = 'usage: amfdata.js read <base64> [--hex] [--refs] [--traits] [--allow-trailing] [--classes JSON] | write <tagged-json> | batch | selftest';
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${usage}\n${e.message}`);
    return 2;
  }
  const { cmd, flags, pos } = parsed;
  if (cmd === 'batch') {
    await batch();
    return 0;
  }
  if (cmd === 'selftest') return selftest();
  let res;
  if (cmd === 'read' && pos.length === 1) {
    const req = { op: 'read', ...flags };
    if (flags.hexIn) req.hex = pos[0];
    else req.b64 = pos[0];
    delete req.hexIn;
    res = handle(req);
    if (res.code === 0) stdoutWrite(JSON.stringify(res.value) + '\n');
  } else if (cmd === 'write' && pos.length === 1) {
    let value;
    try {
      value = JSON.parse(pos[0]);
    } catch (e) {
      console.error(`write: bad JSON: ${e.message}`);
      return 2;
    }
    res = handle({ op: 'write', value });
    if (res.code === 0) stdoutWrite(res.b64 + '\n');
  } else {
    console.error(usage);
    return 2;
  }
  if (res.code !== 0) console.error(res.error);
  return res.code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e && e.stack ? e.stack : String(e));
    process.exitCode = 1;
  }
);
