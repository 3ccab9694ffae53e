// Measure a page's layout in headless Chromium through the DevTools protocol,
// using only Node's standard library: the browser is started with
// --remote-debugging-pipe, so commands go to its fd 3 and replies come back on
// its fd 4 as NUL-separated JSON (no WebSocket needed).
//
//   node measure.js CHROMIUM PROFILE_DIR URL WIDTH HEIGHT MOBILE(0|1) LOG
//
// Prints one JSON object on stdout:
//   { innerWidth, clientWidth, scrollWidth, bodyScrollWidth, h1, offenders }
// where offenders lists (for diagnosis) elements whose right edge passes the
// viewport and that are not clipped by a scrolling/hidden ancestor.
// Exits 2 on any protocol error or after 45 s.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');

const [chromium, profile, url, w, h, mobile, log] = process.argv.slice(2);
const width = Number(w), height = Number(h);
if (!chromium || !profile || !url || !width || !height || !log) {
	console.error('usage: measure.js CHROMIUM PROFILE URL WIDTH HEIGHT MOBILE LOG');
	process.exit(2);
}

const logfd = fs.openSync(log, 'a');
const child = spawn(chromium, [
	'--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	'--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync', '--hide-scrollbars',
	'--user-data-dir=' + profile, '--window-size=' + width + ',' + height,
	'--remote-debugging-pipe', 'about:blank',
], { stdio: ['ignore', logfd, logfd, 'pipe', 'pipe'] });

function fail(msg) {
	console.error('measure.js: ' + msg);
	try { child.kill('SIGKILL'); } catch (e) { /* already gone */ }
	process.exit(2);
}
const timer = setTimeout(() => fail('timed out after 45 s'), 45000);
child.on('error', (e) => fail('cannot start ' + chromium + ': ' + e.message));
child.on('exit', (code, sig) => {
	if (!done) fail('chromium exited early (' + (sig || code) + '); see ' + log);
});

let done = false;
let nextId = 1;
const pending = new Map();
const waiters = [];
let buf = Buffer.alloc(0);

child.stdio[4].on('data', (chunk) => {
	buf = Buffer.concat([buf, chunk]);
	let i;
	while ((i = buf.indexOf(0)) >= 0) {
		const msg = JSON.parse(buf.subarray(0, i).toString('utf8'));
		buf = buf.subarray(i + 1);
		if (msg.id !== undefined && pending.has(msg.id)) {
			const { resolve, reject, method } = pending.get(msg.id);
			pending.delete(msg.id);
			if (msg.error) reject(new Error(method + ': ' + JSON.stringify(msg.error)));
			else resolve(msg.result);
		} else if (msg.method) {
			for (let k = 0; k < waiters.length; k++) {
				if (waiters[k].method === msg.method && waiters[k].sessionId === msg.sessionId) {
					waiters.splice(k, 1)[0].resolve(msg.params);
					break;
				}
			}
		}
	}
});

function send(method, params, sessionId) {
	const id = nextId++;
	const msg = { id, method, params: params || {} };
	if (sessionId) msg.sessionId = sessionId;
	return new Promise((resolve, reject) => {
		pending.set(id, { resolve, reject, method });
		child.stdio[3].write(JSON.stringify(msg) + '\0');
	});
}
function once(method, sessionId) {
	return new Promise((resolve) => waiters.push({ method, sessionId, resolve }));
}

// Runs in the page.  Waits for web fonts so that text metrics are final.
const probe = `(async () => {
	if (document.fonts) await document.fonts.ready;
	const vw = document.documentElement.clientWidth;
	const clipped = (el) => {
		for (let p = el.parentElement; p && p !== document.body && p !== document.documentElement; p = p.parentElement) {
			const o = getComputedStyle(p).overflowX;
			if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
		}
		return false;
	};
	const offenders = [];
	for (const el of document.body.querySelectorAll('*')) {
		const r = el.getBoundingClientRect();
		if (r.width > 0 && r.right > vw + 0.5 && !clipped(el)) {
			let d = el.tagName.toLowerCase();
			if (el.id) d += '#' + el.id;
			if (el.className && typeof el.className === 'string') d += '.' + el.className.trim().split(/\\s+/).join('.');
			offenders.push(d + ' right=' + Math.round(r.right));
			if (offenders.length >= 10) break;
		}
	}
	const h1 = document.querySelector('h1');
	return {
		innerWidth: window.innerWidth,
		clientWidth: document.documentElement.clientWidth,
		scrollWidth: document.documentElement.scrollWidth,
		bodyScrollWidth: document.body.scrollWidth,
		h1: h1 ? h1.textContent.trim() : null,
		offenders,
	};
})()`;

(async () => {
	const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
	const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
	await send('Page.enable', {}, sessionId);
	await send('Emulation.setDeviceMetricsOverride', {
		width, height, deviceScaleFactor: 1, mobile: mobile === '1',
	}, sessionId);
	const loaded = once('Page.loadEventFired', sessionId);
	const nav = await send('Page.navigate', { url }, sessionId);
	if (nav.errorText) throw new Error('navigation to ' + url + ' failed: ' + nav.errorText);
	await loaded;
	const r = await send('Runtime.evaluate', {
		expression: probe, awaitPromise: true, returnByValue: true,
	}, sessionId);
	if (r.exceptionDetails) throw new Error('probe threw: ' + JSON.stringify(r.exceptionDetails));
	done = true;
	process.stdout.write(JSON.stringify(r.result.value) + '\n');
	// Let the browser shut down by itself (so that it reaps its helpers and
	// stops writing to the profile), and kill it only if it lingers.
	const exited = new Promise((s) => child.once('exit', s));
	send('Browser.close').catch(() => {});
	const t = setTimeout(() => child.kill('SIGKILL'), 5000);
	await exited;
	clearTimeout(t);
	clearTimeout(timer);
	process.exit(0);
})().catch((e) => fail(e.message));
