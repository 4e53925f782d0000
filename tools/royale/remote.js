#!/usr/bin/env node
'use strict';
// Drives Apache Royale's own org.apache.royale.net.RemoteObject (Royale
// 0.9.12, NetworkJS.swc, unmodified) from node against a gateway URL and
// prints one JSON report. See README.md ("remote.js").
//
//   node remote.js URL SCENARIO_JSON      (SCENARIO_JSON may be "-": read it from stdin)
//   node remote.js URL SCENARIO_JSON --trace   (adds every HTTP exchange, bytes in hex)
//
// Exit codes: 0 the report was printed (look at each call's "event"), 2 bad
// usage or scenario, 1 the harness itself failed.

// Royale's debug build logs with console.log: keep stdout for the report and
// keep what Royale logs (its trace lines are its only word on some errors).
const stdoutWrite = process.stdout.write.bind(process.stdout);
const traces = [];
const util = require('util');
let quiet = 0; // > 0 while the harness itself decodes (its decoding logs are not Royale's run)
console.log = console.info = console.debug = console.warn = (...a) => {
  if (quiet) return;
  const line = util.format(...a);
  traces.push(line);
  process.stderr.write(line + '\n');
};

const load = require('./load.js');
const { makeTagged } = require('./tagged.js');

class Usage extends Error {}

function hex(buf) {
  return buf ? Buffer.from(buf).toString('hex') : null;
}

// The AMF packet envelope (what AMFNetConnection writes and reads): version,
// headers, bodies; each body value is decoded by Royale's AMFBinaryData when it
// is AMF3 (the 0x11 switch marker, as Royale always writes), else left as hex.
function parsePacket(royale, t, buf) {
  let p = 0;
  const need = (n) => {
    if (p + n > buf.length) throw new Error(`packet truncated at byte ${p}`);
  };
  const u8 = () => (need(1), buf[p++]);
  const u16 = () => (need(2), (p += 2), buf.readUInt16BE(p - 2));
  const u32 = () => (need(4), (p += 4), buf.readUInt32BE(p - 4));
  const str = () => {
    const n = u16();
    need(n);
    p += n;
    return buf.toString('utf8', p - n, p);
  };
  // One value: from p to `end` (or to the end of the packet for the last one).
  const value = (end) => {
    const start = p;
    const slice = buf.subarray(start, end);
    p = end;
    if (slice[0] === 0x11) {
      const data = new royale.AMFBinaryData(slice.buffer.slice(slice.byteOffset + 1, slice.byteOffset + slice.length));
      try {
        return t.describe(data.readObject());
      } catch (e) {
        return { error: String(e.message || e), hex: hex(slice) };
      }
    }
    return { amf0_hex: hex(slice) };
  };
  const version = u16();
  const headers = [];
  const hc = u16();
  for (let i = 0; i < hc; i++) {
    const name = str();
    const mustUnderstand = u8() !== 0;
    const len = u32();
    // Header values: AMF0; kept as hex (Royale itself only reads AMF0 strings there).
    const end = len === 0xffffffff || p + len > buf.length ? buf.length : p + len;
    headers.push({ name, must_understand: mustUnderstand, length: len, value_hex: hex(buf.subarray(p, end)) });
    p = end;
  }
  const bodies = [];
  const bc = u16();
  for (let i = 0; i < bc; i++) {
    const target = str();
    const response = str();
    const length = u32();
    // Royale writes 1 as the length whatever the size, so only the last body
    // can be trusted to run to the end; earlier ones use the field.
    const end = i === bc - 1 ? buf.length : Math.min(buf.length, p + length);
    bodies.push({ target, response, length, value: value(end) });
  }
  return { version, headers, bodies };
}

function member(described, name) {
  const o = described && described.object;
  return o && o.members ? o.members[name] : undefined;
}

async function main() {
  const argv = process.argv.slice(2);
  const trace = argv.includes('--trace');
  const pos = argv.filter((a) => a !== '--trace');
  if (pos.length !== 2) throw new Usage('usage: remote.js URL SCENARIO_JSON|- [--trace]');
  const [url, scenarioArg] = pos;
  const scenarioText = scenarioArg === '-' ? require('fs').readFileSync(0, 'utf8') : scenarioArg;
  let scenario;
  try {
    scenario = JSON.parse(scenarioText);
  } catch (e) {
    throw new Usage(`scenario: bad JSON: ${e.message}`);
  }
  if (!scenario || !Array.isArray(scenario.calls)) throw new Usage('scenario: needs "calls": [...]');
  const timeoutMs = scenario.timeout_ms === undefined ? 10000 : Number(scenario.timeout_ms);
  if (!(timeoutMs > 0 && timeoutMs <= 600000)) throw new Usage('scenario: timeout_ms must be in 1..600000');

  const royale = load();
  const t = makeTagged(royale);
  try {
    t.registerClasses(scenario.classes);
  } catch (e) {
    throw new Usage(`scenario: classes: ${e.message}`);
  }
  const XHR = globalThis.XMLHttpRequest;
  XHR.defaultTimeout = timeoutMs;

  // Every HTTP exchange, in completion order. Royale handles the response
  // synchronously right after (readyState 4), so a result or fault event is
  // attributed to the exchange that completed last.
  const exchanges = [];
  let current = null;
  XHR.onExchange = (ex) => {
    const rec = {
      index: exchanges.length,
      status: ex.status,
      content_type: ex.responseHeaders ? ex.responseHeaders['content-type'] || null : null,
      error: ex.error,
      request: null,
      response: null,
      request_hex: hex(ex.requestBody),
      response_hex: hex(ex.responseBody),
    };
    quiet++;
    try {
      rec.request = parsePacket(royale, t, ex.requestBody);
    } catch (e) {
      rec.request = { error: String(e.message || e) };
    }
    if (ex.responseBody && ex.responseBody.length) {
      try {
        rec.response = parsePacket(royale, t, ex.responseBody);
      } catch (e) {
        rec.response = { error: String(e.message || e) };
      }
    }
    quiet--;
    exchanges.push(rec);
    current = rec;
  };

  // Calls: build every argument list first (a bad scenario fails before any traffic).
  const calls = scenario.calls.map((c, index) => {
    if (!c || typeof c.destination !== 'string' || typeof c.operation !== 'string') {
      throw new Usage(`scenario: call ${index} needs "destination" and "operation" strings`);
    }
    let args;
    try {
      if (c.args !== undefined && !Array.isArray(c.args)) throw new TypeError('"args" must be a list');
      args = t.buildAll(c.args || []);
    } catch (e) {
      throw new Usage(`scenario: call ${index} args: ${e.message}`);
    }
    return {
      index,
      spec: c,
      ro: String(c.ro === undefined ? c.destination : c.ro),
      args,
      argsKey: JSON.stringify(t.describe(args)),
      report: null,
      done: null,
      resolve: null,
    };
  });
  for (const c of calls) c.done = new Promise((r) => (c.resolve = r));
  // Building the arguments may have given an alias to another layout: the
  // scenario's classes are what the app registered, for decoding replies.
  t.registerClasses(scenario.classes);

  const ros = new Map();
  let order = 0;
  const onEvent = (roName, kind) => (ev) => {
    const ex = current;
    const req = ex && ex.request && ex.request.bodies && ex.request.bodies[0] ? ex.request.bodies[0] : null;
    const msg = req && req.value && req.value.list ? req.value.list[0] : null;
    const pending = calls.filter((c) => c.ro === roName && c.sent && !c.report);
    // The pending call whose RemotingMessage this exchange carried.
    let call = pending.find(
      (c) =>
        msg &&
        JSON.stringify(member(msg, 'operation')) === JSON.stringify({ str: c.spec.operation }) &&
        JSON.stringify(member(msg, 'body')) === c.argsKey
    );
    if (!call) call = pending[0];
    const report = {
      index: call ? call.index : null,
      ro: roName,
      destination: call ? call.spec.destination : null,
      operation: call ? call.spec.operation : null,
      event: kind,
      order: order++,
    };
    if (kind === 'result') report.result = t.describe(ev.data);
    else report.fault = t.describe(ev.message);
    if (ex) {
      report.exchange = ex.index;
      report.response_uri = req ? req.response : null;
      report.request_message = msg;
      report.status = ex.status;
      report.content_type = ex.content_type;
      const resp = ex.response && ex.response.bodies && ex.response.bodies[0];
      report.response_target = resp ? resp.target : null;
      report.response_hex = ex.response_hex;
    }
    if (call) {
      call.report = report;
      call.resolve();
    } else {
      unattributed.push(report);
    }
  };
  const unattributed = [];
  const roFor = (c) => {
    let ro = ros.get(c.ro);
    if (!ro) {
      ro = new royale.RemoteObject();
      ro.endPoint = url;
      ro.addEventListener(royale.ResultEvent.RESULT, onEvent(c.ro, 'result'));
      ro.addEventListener(royale.FaultEvent.FAULT, onEvent(c.ro, 'fault'));
      ros.set(c.ro, ro);
    }
    return ro;
  };

  const deadline = Date.now() + timeoutMs;
  let timer = null;
  const expired = new Promise((r) => {
    timer = setTimeout(r, timeoutMs);
  });
  for (let i = 0; i < calls.length; i++) {
    const c = calls[i];
    if (i > 0 && !c.spec.concurrent) {
      // Sequential by default: wait for every earlier call (or the deadline).
      await Promise.race([Promise.all(calls.slice(0, i).map((x) => x.done)), expired]);
    }
    if (Date.now() >= deadline) break;
    const ro = roFor(c);
    ro.destination = c.spec.destination;
    c.sent = true;
    ro.send(c.spec.operation, c.args);
  }
  await Promise.race([Promise.all(calls.map((c) => c.done)), expired]);
  clearTimeout(timer);

  const client = royale.messages.RoyaleClient.getInstance();
  const report = {
    url,
    dsid: client.id == null ? null : client.id,
    calls: calls.map(
      (c) =>
        c.report || {
          index: c.index,
          ro: c.ro,
          destination: c.spec.destination,
          operation: c.spec.operation,
          event: c.sent ? 'timeout' : 'not_sent',
        }
    ),
    unattributed,
    traces,
  };
  if (trace) report.exchanges = exchanges;
  stdoutWrite(JSON.stringify(report) + '\n');
  return 0;
}

main().then(
  (code) => {
    // Exit once the report is flushed (sockets Royale left open would keep node alive).
    process.stdout.write('', () => process.exit(code));
  },
  (e) => {
    if (e instanceof Usage) {
      process.stderr.write(e.message + '\n');
      process.exit(2);
    }
    process.stderr.write((e && e.stack ? e.stack : String(e)) + '\n');
    process.exit(1);
  }
);
