'use strict';
// Loads Apache Royale 0.9.12's own compiled JavaScript (installed into
// <repo>/.royale by tools/royale/install.sh) into this node process, the way a
// Royale app's debug build would have it, and returns the classes the
// harness uses. Nothing of Royale is changed: we only evaluate its files.
//
//   const royale = require('./load.js')();   // idempotent; loads once
//   const { AMFBinaryData, RemoteObject, registerClassAlias } = royale;
//
// Environment: ROYALE_DIR (default <repo>/.royale).

const fs = require('fs');
const path = require('path');
const vm = require('vm');

const ROOT = process.env.ROYALE_DIR || path.join(__dirname, '..', '..', '.royale');

// What the harness needs, in the order a compiled app would pull them in.
// goog.events.* first: Royale's event classes extend them without requiring them.
const ROOTS = [
  'goog.events',
  'goog.events.Event',
  'goog.events.EventTarget',
  'org.apache.royale.reflection.registerClassAlias',
  'org.apache.royale.reflection.getClassByAlias',
  'org.apache.royale.reflection.getAliasByClass',
  'org.apache.royale.reflection.getQualifiedClassName',
  'org.apache.royale.net.remoting.amf.AMFBinaryData',
  'org.apache.royale.net.remoting.messages.AbstractMessage',
  'org.apache.royale.net.remoting.messages.AsyncMessage',
  'org.apache.royale.net.remoting.messages.AsyncMessageExt',
  'org.apache.royale.net.remoting.messages.AcknowledgeMessage',
  'org.apache.royale.net.remoting.messages.AcknowledgeMessageExt',
  'org.apache.royale.net.remoting.messages.CommandMessage',
  'org.apache.royale.net.remoting.messages.CommandMessageExt',
  'org.apache.royale.net.remoting.messages.ErrorMessage',
  'org.apache.royale.net.remoting.messages.RemotingMessage',
  'org.apache.royale.net.RemoteObject',
  'org.apache.royale.net.events.ResultEvent',
  'org.apache.royale.net.events.FaultEvent',
  'org.apache.royale.collections.ArrayList',
];

// The aliases a compiled Royale app registers for the Flex message classes
// (its generated alias table; see ../shared/spec/royale.md §1).
const MESSAGE_ALIASES = [
  ['flex.messaging.messages.RemotingMessage', 'RemotingMessage'],
  ['flex.messaging.messages.CommandMessage', 'CommandMessage'],
  ['flex.messaging.messages.AcknowledgeMessage', 'AcknowledgeMessage'],
  ['flex.messaging.messages.ErrorMessage', 'ErrorMessage'],
  ['flex.messaging.messages.AsyncMessage', 'AsyncMessage'],
  ['DSK', 'AcknowledgeMessageExt'],
  ['DSA', 'AsyncMessageExt'],
  ['DSC', 'CommandMessageExt'],
];

// What Royale apps that talk to BlazeDS register for ArrayCollection when they
// do not use the MX emulation: Royale's own IExternalizable ArrayList.
const ARRAY_COLLECTION_ALIAS = 'flex.messaging.io.ArrayCollection';

function walk(dir, out) {
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, ent.name);
    if (ent.isDirectory()) walk(p, out);
    else if (ent.name.endsWith('.js')) out.push(p);
  }
  return out;
}

// One entry per file: what it provides, requires, and which of those it needs
// *at load time* (superclass and interfaces: goog.inherits and
// ROYALE_CLASS_INFO use them when the file is evaluated).
function scan(file) {
  const src = fs.readFileSync(file, 'utf8');
  const names = (re) => {
    const out = [];
    for (const m of src.matchAll(re)) out.push(m[1]);
    return out;
  };
  const provides = names(/^goog\.(?:provide|module)\(\s*['"]([^'"]+)['"]\s*\)/gm);
  const requires = names(/^(?:(?:var|const|let)\s+[\w${}\s,:]+=\s*)?goog\.require\(\s*['"]([^'"]+)['"]\s*\)/gm);
  const hard = names(/@(?:extends|implements)\s*\{!?([\w.$]+)/g)
    .concat(names(/goog\.inherits\(\s*[\w.$]+\s*,\s*([\w.$]+)\s*\)/g));
  return { file, src, provides, requires, hard, module: /^goog\.module\(/m.test(src) };
}

let cached = null;

function indexFiles() {
  const js = path.join(ROOT, 'js');
  const closure = path.join(ROOT, 'closure-library', 'closure', 'goog');
  if (!fs.existsSync(path.join(closure, 'base.js')) || !fs.existsSync(js)) {
    throw new Error(`Royale is not installed in ${ROOT}: run bash tools/royale/install.sh`);
  }
  const byName = new Map();
  const files = walk(closure, []).filter((f) => !/_test\.js$|_perf\.js$/.test(f)).concat(walk(js, []));
  for (const f of files) {
    const head = fs.readFileSync(f, 'utf8');
    if (!/^goog\.(provide|module)\(/m.test(head)) continue;
    const info = scan(f);
    for (const p of info.provides) if (!byName.has(p)) byName.set(p, info);
  }
  return byName;
}

// Files needed for ROOTS, in an order where every file comes after the files
// it needs at load time, and after its other requires wherever the require
// graph has no cycle (Royale has a few: AcknowledgeMessage <-> ...Ext).
function loadOrder(byName, roots) {
  const resolve = (n) => byName.get(n) || null;
  const deps = (info, kind) => info[kind].map(resolve).filter((d) => d && d !== info);
  const post = [];
  const state = new Map();
  const visit = (info) => {
    if (state.has(info)) return;
    state.set(info, 1);
    for (const d of deps(info, 'hard')) visit(d);
    for (const d of deps(info, 'requires')) visit(d);
    post.push(info);
  };
  for (const r of roots) {
    const info = resolve(r);
    if (!info) throw new Error(`Royale: nothing provides ${r}`);
    visit(info);
  }
  const done = new Set();
  const order = [];
  const remaining = post.slice();
  while (remaining.length) {
    let i = remaining.findIndex((f) => deps(f, 'hard').concat(deps(f, 'requires')).every((d) => done.has(d)));
    if (i < 0) i = remaining.findIndex((f) => deps(f, 'hard').every((d) => done.has(d)));
    if (i < 0) throw new Error(`Royale: superclass cycle at ${remaining[0].file}`);
    const [f] = remaining.splice(i, 1);
    done.add(f);
    order.push(f);
  }
  return order;
}

// A class as the Royale compiler emits one for an ActionScript value object
// `[RemoteClass(alias=...)] public [dynamic] class X { public var a:*; ... }`
// compiled with js-default-initializers: the sealed members are declared in
// ROYALE_REFLECTION_INFO, so AMFContext writes them as sealed traits (sorted,
// as it always does) and reads them back into this class.
function makeDefineClass(royale) {
  let n = 0;
  const classes = new Map();
  const mappings = royale.org.apache.royale.reflection.TypeDefinition._aliasMappings;
  // Forget every alias given to a harness class (the app "has" no value
  // objects until defineClass is called again). Royale's own aliases stay.
  royale.resetClasses = function resetClasses() {
    for (const C of classes.values()) {
      const info = C.prototype.ROYALE_CLASS_INFO;
      if (info.alias && mappings[info.alias] === C) delete mappings[info.alias];
      delete info.alias;
    }
  };
  return function defineClass(alias, sealed, dynamic) {
    const key = JSON.stringify([alias, sealed.slice().sort(), !!dynamic]);
    if (classes.has(key)) {
      // One alias may have been given to another layout since: take it back.
      const C = classes.get(key);
      if (alias) royale.registerClassAlias(alias, C);
      return C;
    }
    const name = `C${n++}`;
    const qName = `amfserde.harness.${name}`;
    const C = function () {};
    for (const m of sealed) C.prototype[m] = undefined;
    C.prototype.ROYALE_CLASS_INFO = {
      names: [{ name, qName, kind: 'class', isDynamic: !!dynamic }],
    };
    const variables = {};
    for (const m of sealed) {
      variables[m] = {
        type: '*',
        get_set: function f(inst, v) {
          return v !== f ? (inst[m] = v) : inst[m];
        },
      };
    }
    C.prototype.ROYALE_REFLECTION_INFO = function () {
      return { variables: () => variables };
    };
    C.prototype.ROYALE_COMPILE_FLAGS = 11; // default initializers, as an app build
    if (alias) royale.registerClassAlias(alias, C);
    classes.set(key, C);
    return C;
  };
}

function load() {
  if (cached) return cached;
  // What Royale and Closure look for in a browser.
  globalThis.window = globalThis;
  globalThis.CLOSURE_NO_DEPS = true;
  globalThis.CLOSURE_UNCOMPILED_DEFINES = { 'goog.ENABLE_DEBUG_LOADER': false };
  if (!globalThis.XMLHttpRequest) globalThis.XMLHttpRequest = require('./xhr.js').XMLHttpRequest;

  const base = path.join(ROOT, 'closure-library', 'closure', 'goog', 'base.js');
  vm.runInThisContext(fs.readFileSync(base, 'utf8'), { filename: base });
  const goog = globalThis.goog;
  const byName = indexFiles();
  const order = loadOrder(byName, ROOTS);
  for (const f of order) {
    if (f.file === base) continue;
    if (f.module) goog.loadModule(f.src);
    else vm.runInThisContext(f.src, { filename: f.file });
  }

  const org = globalThis.org;
  const net = org.apache.royale.net;
  const msgs = net.remoting.messages;
  const refl = org.apache.royale.reflection;
  const royale = {
    ROOT,
    files: order.map((f) => path.relative(ROOT, f.file)),
    goog,
    org,
    AMFBinaryData: net.remoting.amf.AMFBinaryData,
    RemoteObject: net.RemoteObject,
    ResultEvent: net.events.ResultEvent,
    FaultEvent: net.events.FaultEvent,
    ArrayList: org.apache.royale.collections.ArrayList,
    messages: msgs,
    registerClassAlias: refl.registerClassAlias,
    getClassByAlias: refl.getClassByAlias,
    getAliasByClass: refl.getAliasByClass,
    getQualifiedClassName: refl.getQualifiedClassName,
    ARRAY_COLLECTION_ALIAS,
  };
  for (const [alias, cls] of MESSAGE_ALIASES) royale.registerClassAlias(alias, msgs[cls]);
  royale.registerClassAlias(ARRAY_COLLECTION_ALIAS, royale.ArrayList);
  royale.defineClass = makeDefineClass(royale);
  cached = royale;
  return royale;
}

module.exports = load;
module.exports.ROOT = ROOT;
