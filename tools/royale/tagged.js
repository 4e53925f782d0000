'use strict';
// Tagged JSON <-> the JavaScript values Royale's AMF code reads and writes.
// The tags follow tools/pyamf/peer.py where the concept is the same, so
// expectations can be shared. See README.md ("Tagged JSON") for the table.

function numberTag(n) {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (Object.is(n, -0)) return '-0';
  return n;
}

function parseNumber(v, what) {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (v === '-0') return -0;
  throw new TypeError(`${what}: not a number: ${JSON.stringify(v)}`);
}

function hexToBytes(hex) {
  const h = String(hex).replace(/\s+/g, '');
  if (h.length % 2 || /[^0-9a-fA-F]/.test(h)) throw new TypeError(`bad hex: ${JSON.stringify(hex)}`);
  return Uint8Array.from(Buffer.from(h, 'hex'));
}

function makeTagged(royale) {
  const { AMFBinaryData, ArrayList } = royale;
  const Language = royale.org.apache.royale.utils.Language;
  const BinaryData = royale.org.apache.royale.utils.BinaryData;
  const AMFContext = royale.org.apache.royale.net.remoting.amf.AMFContext;
  const traitsOf = (obj) => new AMFContext(new AMFBinaryData()).getLocalTraitsInfo(obj);

  // Describe a value Royale decoded. opts.refs: a value met again is printed
  // as {"ref": n}, n = its index among the reference-table values (objects,
  // arrays, dates, byte arrays, vectors) in the order they are first met;
  // otherwise only cycles are cut, as {"cycle": true}. opts.traits: objects
  // also get "sealed" and "dynamic".
  function describe(v, opts = {}) {
    const seen = new Map();
    const stack = new Set();
    const walk = (v) => {
      if (v === null) return { null: null };
      if (v === undefined) return { undefined: null };
      switch (typeof v) {
        case 'boolean':
          return { bool: v };
        case 'number':
          return { number: numberTag(v) };
        case 'string':
          return { str: v };
        case 'function':
          return { function: v.name || '' };
        case 'object':
          break;
        default:
          return { unknown: String(v) };
      }
      if (opts.refs && seen.has(v)) return { ref: seen.get(v) };
      if (!opts.refs && stack.has(v)) return { cycle: true };
      seen.set(v, seen.size);
      stack.add(v);
      try {
        return walkObject(v);
      } finally {
        stack.delete(v);
      }
    };
    const walkObject = (v) => {
      if (v instanceof Date) return { date_ms: numberTag(v.getTime()) };
      if (v instanceof BinaryData) {
        return { bytes: Buffer.from(new Uint8Array(v.data)).toString('hex') };
      }
      if (Array.isArray(v)) {
        const tag = v[Language.SYNTH_TAG_FIELD];
        if (tag !== undefined) {
          return { vector: { type: String(tag.type), fixed: !!v.fixed, items: Array.from(v, walk) } };
        }
        const dense = [];
        let i = 0;
        while (i < v.length && Object.prototype.hasOwnProperty.call(v, i)) dense.push(walk(v[i++]));
        const assoc = {};
        let mixed = false;
        for (const k of Object.keys(v)) {
          const idx = Number(k);
          if (String(idx >>> 0) === k && idx < i) continue;
          assoc[k] = walk(v[k]);
          mixed = true;
        }
        return mixed || i !== v.length ? { mixed: { dense, assoc } } : { list: dense };
      }
      const ctor = v.constructor;
      const alias = (ctor && ctor !== Object && royale.getAliasByClass(ctor)) || '';
      if (v instanceof ArrayList) return { external: { class: alias, value: walk(v.source) } };
      const members = {};
      let sealed = [];
      let dynamic = true;
      if (ctor && ctor !== Object && v.ROYALE_CLASS_INFO) {
        const t = traitsOf(v);
        sealed = t.props.slice();
        dynamic = !!t.isDynamic;
        for (const p of sealed) members[p] = walk(v[p]);
        if (dynamic) {
          for (const k of royale.org.apache.royale.reflection.getDynamicFields(v)) {
            if (!(k in members)) members[k] = walk(v[k]);
          }
        }
      } else {
        for (const k of Object.keys(v)) members[k] = walk(v[k]);
      }
      const out = { class: alias, members };
      if (opts.traits) {
        out.sealed = sealed;
        out.dynamic = dynamic;
      }
      return { object: out };
    };
    return walk(v);
  }

  // Build the JavaScript value for a tagged JSON value (what a Royale app
  // would hold before writeObject). {"ref": n} reuses the n-th reference-table
  // value built so far (same counting as describe with refs), so Royale
  // writes an object reference.
  function build(t) {
    return buildAll([t])[0];
  }

  // Several values sharing one reference numbering (the first built value
  // is #0): remote.js builds a call's arguments with it.
  function buildAll(ts) {
    const table = [];
    const remember = (x) => {
      table.push(x);
      return x;
    };
    const go = (t) => {
      if (t === null || typeof t !== 'object' || Array.isArray(t)) {
        throw new TypeError(`tagged value must be a one-key object, got ${JSON.stringify(t)}`);
      }
      const keys = Object.keys(t);
      if (keys.length !== 1) throw new TypeError(`tagged value must have one key, got ${JSON.stringify(keys)}`);
      const [tag] = keys;
      const v = t[tag];
      switch (tag) {
        case 'null':
          return null;
        case 'undefined':
          return undefined;
        case 'bool':
          if (typeof v !== 'boolean') throw new TypeError('bool: not a boolean');
          return v;
        case 'int':
        case 'float':
        case 'number':
          return parseNumber(v, tag);
        case 'str':
          if (typeof v !== 'string') throw new TypeError('str: not a string');
          return v;
        case 'date_ms':
          return remember(new Date(parseNumber(v, 'date_ms')));
        case 'bytes': {
          const b = hexToBytes(v);
          return remember(new AMFBinaryData(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
        }
        case 'list': {
          if (!Array.isArray(v)) throw new TypeError('list: not an array');
          const a = remember([]);
          for (const x of v) a.push(go(x));
          return a;
        }
        case 'mixed': {
          const a = remember([]);
          for (const [k, x] of Object.entries(v.assoc || {})) a[k] = go(x);
          for (const x of v.dense || []) a.push(go(x));
          return a;
        }
        case 'vector': {
          const type = String(v.type);
          const m = /^Vector\.<(.+)>$/.exec(type);
          if (!m) throw new TypeError(`vector: type must be like "Vector.<int>", got ${type}`);
          const items = v.items || [];
          const vec = remember(Language.Vector(items.length, m[1], !!v.fixed));
          items.forEach((x, i) => {
            vec[i] = go(x);
          });
          return vec;
        }
        case 'object': {
          const alias = v.class || '';
          const members = v.members || {};
          let obj;
          if (v.sealed || alias) {
            const sealed = v.sealed || [];
            const dynamic = v.dynamic === undefined ? !v.sealed : !!v.dynamic;
            const C = royale.defineClass(alias, sealed, dynamic);
            obj = remember(new C());
          } else {
            obj = remember({});
          }
          for (const [k, x] of Object.entries(members)) obj[k] = go(x);
          return obj;
        }
        case 'external': {
          const alias = v.class;
          const C = royale.getClassByAlias(alias);
          if (C !== ArrayList) throw new TypeError(`external: only ${royale.ARRAY_COLLECTION_ALIAS} (Royale's ArrayList) is supported, not ${alias}`);
          const list = remember(new ArrayList());
          list.source = go(v.value);
          return list;
        }
        case 'ref': {
          if (!Number.isInteger(v) || v < 0 || v >= table.length) throw new TypeError(`ref: no value #${v} yet`);
          return table[v];
        }
        default:
          throw new TypeError(`unknown tag ${JSON.stringify(tag)}`);
      }
    };
    return ts.map(go);
  }

  // Register the classes an app would have ([RemoteClass] value objects):
  // [{"class": alias, "sealed": [names], "dynamic": bool}]. With `exclusive`,
  // these are the only value-object classes (earlier ones are forgotten).
  function registerClasses(classes, exclusive) {
    if (classes !== undefined && classes !== null && !Array.isArray(classes)) throw new TypeError('classes: not an array');
    if (exclusive) royale.resetClasses();
    for (const c of classes || []) {
      royale.defineClass(String(c.class), c.sealed || [], c.dynamic === undefined ? !c.sealed : !!c.dynamic);
    }
  }

  return { describe, build, buildAll, registerClasses };
}

module.exports = { makeTagged, hexToBytes, numberTag };
