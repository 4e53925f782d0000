'use strict';
// A small XMLHttpRequest on node's http module: the part of the browser API
// Royale's AMFNetConnection uses (see ../shared/spec/royale.md §1), written
// for this harness so it needs no npm dependency.
//
// Browser behaviour kept where Royale depends on it:
// * open() moves to readyState 1 and fires `readystatechange` synchronously
//   (Royale sets its headers and calls send() from that handler);
// * events are fired asynchronously after send(): 2 (headers), 3 (loading),
//   4 (done), also for network errors (status 0);
// * responseType '' / 'text' gives a string, 'arraybuffer' an ArrayBuffer;
// * getResponseHeader() is case-insensitive and gives null when absent.
//
// Only http: URLs (the harness talks to 127.0.0.1). A request that has no
// response after `timeout` ms (0 = XMLHttpRequest.defaultTimeout, itself 0 =
// none) ends as a network error.
//
// Tracing: set XMLHttpRequest.onExchange = (e) => ... to see every exchange
// ({method, url, requestHeaders, requestBody: Buffer, status, responseHeaders,
// responseBody: Buffer|null, error}) once it is complete.

const http = require('http');

const UNSENT = 0;
const OPENED = 1;
const HEADERS_RECEIVED = 2;
const LOADING = 3;
const DONE = 4;

class XMLHttpRequest {
  constructor() {
    this.readyState = UNSENT;
    this.onreadystatechange = null;
    this.onload = null;
    this.onerror = null;
    this.ontimeout = null;
    this.responseType = '';
    this.timeout = 0;
    this.withCredentials = false;
    this._listeners = new Map();
    this._reset();
  }

  _reset() {
    this.status = 0;
    this.statusText = '';
    this._responseHeaders = null;
    this._body = null;
    this._requestHeaders = {};
    this._req = null;
    this._generation = (this._generation || 0) + 1;
  }

  addEventListener(type, fn) {
    if (!this._listeners.has(type)) this._listeners.set(type, []);
    this._listeners.get(type).push(fn);
  }

  removeEventListener(type, fn) {
    const l = this._listeners.get(type);
    if (l) this._listeners.set(type, l.filter((f) => f !== fn));
  }

  _fire(type) {
    const ev = { type, target: this, currentTarget: this };
    const prop = this['on' + type];
    if (typeof prop === 'function') prop.call(this, ev);
    for (const fn of this._listeners.get(type) || []) fn.call(this, ev);
  }

  _setState(state) {
    this.readyState = state;
    this._fire('readystatechange');
  }

  open(method, url, async) {
    if (async === false) throw new Error('xhr.js: synchronous requests are not supported');
    if (this._req) this._req.destroy();
    this._reset();
    this._method = String(method).toUpperCase();
    this._url = new URL(String(url));
    if (this._url.protocol !== 'http:') throw new Error(`xhr.js: only http: URLs (${url})`);
    this._sent = false;
    this._setState(OPENED);
  }

  setRequestHeader(name, value) {
    if (this.readyState !== OPENED || this._sent) throw new Error('InvalidStateError: setRequestHeader');
    const key = String(name);
    const prev = Object.keys(this._requestHeaders).find((k) => k.toLowerCase() === key.toLowerCase());
    if (prev !== undefined) this._requestHeaders[prev] += ', ' + value;
    else this._requestHeaders[key] = String(value);
  }

  send(body) {
    if (this.readyState !== OPENED || this._sent) throw new Error('InvalidStateError: send');
    this._sent = true;
    let data = null;
    if (body == null) data = null;
    else if (typeof body === 'string') data = Buffer.from(body, 'utf8');
    else if (body instanceof ArrayBuffer) data = Buffer.from(new Uint8Array(body));
    else if (ArrayBuffer.isView(body)) data = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    else data = Buffer.from(String(body), 'utf8');
    if (this._method === 'GET' || this._method === 'HEAD') data = null;

    const headers = Object.assign({}, this._requestHeaders);
    if (data) headers['Content-Length'] = String(data.length);
    const generation = this._generation;
    const exchange = {
      method: this._method,
      url: this._url.href,
      requestHeaders: Object.assign({}, headers),
      requestBody: data || Buffer.alloc(0),
      status: 0,
      responseHeaders: null,
      responseBody: null,
      error: null,
    };
    const finish = (error) => {
      if (generation !== this._generation || this.readyState === DONE) return;
      exchange.error = error ? String(error.message || error) : null;
      if (error) {
        this.status = 0;
        this.statusText = '';
        this._body = null;
      }
      if (XMLHttpRequest.onExchange) XMLHttpRequest.onExchange(exchange);
      this._setState(DONE);
      if (error && error.timeout) this._fire('timeout');
      this._fire(error ? 'error' : 'load');
      this._fire('loadend');
    };
    const req = http.request(
      {
        method: this._method,
        hostname: this._url.hostname,
        port: this._url.port || 80,
        path: this._url.pathname + this._url.search,
        headers,
        agent: XMLHttpRequest.agent,
      },
      (res) => {
        if (generation !== this._generation) return res.resume();
        this.status = res.statusCode;
        this.statusText = res.statusMessage || '';
        this._responseHeaders = res.headers;
        exchange.status = res.statusCode;
        exchange.responseHeaders = res.headers;
        this._setState(HEADERS_RECEIVED);
        const chunks = [];
        let loading = false;
        res.on('data', (c) => {
          chunks.push(c);
          if (!loading) {
            loading = true;
            this._setState(LOADING);
          }
        });
        res.on('end', () => {
          this._body = Buffer.concat(chunks);
          exchange.responseBody = this._body;
          finish(null);
        });
        res.on('error', (e) => finish(e));
      }
    );
    this._req = req;
    const ms = this.timeout || XMLHttpRequest.defaultTimeout;
    if (ms > 0) {
      req.setTimeout(ms, () => {
        const e = new Error(`xhr.js: no response in ${ms} ms`);
        e.timeout = true;
        req.destroy(e);
      });
    }
    req.on('error', (e) => finish(e));
    req.end(data || undefined);
  }

  abort() {
    if (this._req) this._req.destroy();
    this._generation++;
    this.readyState = UNSENT;
  }

  get response() {
    if (this.readyState !== DONE || this._body == null) return this.responseType === 'arraybuffer' ? null : '';
    if (this.responseType === 'arraybuffer') {
      const b = this._body;
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    }
    return this._body.toString('utf8');
  }

  get responseText() {
    if (this.responseType !== '' && this.responseType !== 'text') throw new Error('InvalidStateError: responseText');
    return this._body == null ? '' : this._body.toString('utf8');
  }

  getResponseHeader(name) {
    if (!this._responseHeaders) return null;
    const v = this._responseHeaders[String(name).toLowerCase()];
    if (v === undefined) return null;
    return Array.isArray(v) ? v.join(', ') : String(v);
  }

  getAllResponseHeaders() {
    if (!this._responseHeaders) return '';
    return Object.entries(this._responseHeaders)
      .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}\r\n`)
      .join('');
  }
}

XMLHttpRequest.UNSENT = UNSENT;
XMLHttpRequest.OPENED = OPENED;
XMLHttpRequest.HEADERS_RECEIVED = HEADERS_RECEIVED;
XMLHttpRequest.LOADING = LOADING;
XMLHttpRequest.DONE = DONE;
XMLHttpRequest.defaultTimeout = 0;
XMLHttpRequest.onExchange = null;
// Keep-alive off: every request its own connection, so nothing outlives the run.
XMLHttpRequest.agent = new http.Agent({ keepAlive: false });

module.exports = { XMLHttpRequest };
