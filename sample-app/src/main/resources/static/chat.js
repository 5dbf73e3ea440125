// The chat page: plain JavaScript against the REST API and its server-sent events.
'use strict';

const $ = (id) => document.getElementById(id);
let myName = $('peer-name').textContent;
const connectionTypes = new Map();

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch (e) { /* not problem+json */ }
    throw new Error(`${response.status}: ${detail}`);
  }
  return response.status === 204 ? null : response.json();
}

function status(text, isError) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
}

function item(text, buttonLabel, onClick, peer) {
  const li = document.createElement('li');
  li.textContent = text;
  if (peer) li.dataset.peer = peer;
  if (buttonLabel) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = buttonLabel;
    button.addEventListener('click', onClick);
    li.appendChild(button);
  }
  return li;
}

function fill(list, items, empty) {
  list.replaceChildren(...(items.length ? items : [item(empty)]));
  if (!items.length) list.firstChild.className = 'muted';
}

async function connect(address) {
  try {
    const c = await api('POST', '/api/connections', { address, dataType: $('connect-type').value });
    status(`connected to ${c.peer} (${c.dataType})`);
    await refresh();
  } catch (e) {
    status(`could not connect to ${address}: ${e.message}`, true);
  }
}

async function refresh() {
  try {
    const me = await api('GET', '/api/peer');
    myName = me.name;
    $('peer-name').textContent = me.name;
    $('peer-state').textContent = me.listening ? 'listening' : 'not listening';
    const peers = await api('GET', '/api/peers');
    const connections = await api('GET', '/api/connections');
    const connected = new Set(connections.map((c) => c.peer));
    fill($('peers'), peers.map((p) => peerItem(p, connected.has(p.name))), 'none yet');
    showConnections(connections);
  } catch (e) {
    status(`the app does not answer: ${e.message}`, true);
  }
}

// A discovered peer: a connect button, or, when a connection to it is open already (ours or its), a mark.
function peerItem(p, isConnected) {
  const text = `${p.name} (${p.source ? `${p.source}, ` : ''}seen ${new Date(p.lastSeen).toLocaleTimeString()})`;
  if (!isConnected) return item(text, 'connect', () => connect(p.name), p.name);
  const li = item(text, null, null, p.name);
  const mark = document.createElement('span');
  mark.className = 'connected';
  mark.textContent = 'connected';
  li.appendChild(mark);
  return li;
}

function showConnections(connections) {
  connectionTypes.clear();
  fill($('connections'), connections.map((c) => {
    connectionTypes.set(c.peer, c.dataType);
    return item(`${c.peer} — ${c.dataType}${c.strict ? ', strict' : ''}${c.stream ? ', stream' : ''}`, 'close',
      async () => {
        try { await api('DELETE', `/api/connections/${encodeURIComponent(c.peer)}`); } catch (e) { status(e.message, true); }
        refresh();
      }, c.peer);
  }), 'none');
  const select = $('send-to');
  const chosen = select.value;
  select.replaceChildren(...connections.map((c) => new Option(`${c.peer} (${c.dataType})`, c.peer)));
  if (connectionTypes.has(chosen)) select.value = chosen;
}

function describe(dataType, data) {
  if (dataType === 'json' && data && typeof data === 'object' && typeof data.text === 'string') {
    return `${data.from || '?'}: ${data.text}`;
  }
  return typeof data === 'string' ? data : JSON.stringify(data);
}

function addMessage(from, dataType, data, at, mine) {
  const li = document.createElement('li');
  if (mine) li.className = 'me';
  const time = document.createElement('time');
  time.textContent = new Date(at).toLocaleTimeString() + ' ';
  li.append(time, `${mine ? 'to' : 'from'} ${from} [${dataType}] ${describe(dataType, data)}`);
  const list = $('messages');
  list.appendChild(li);
  list.scrollTop = list.scrollHeight;
}

$('discover').addEventListener('click', async () => {
  status('probing…');
  try {
    const found = await api('POST', '/api/discover');
    status(`found ${found.length} peer(s)${found.length ? ': ' + found.map((p) => p.name).join(', ') : ''}`);
  } catch (e) {
    status(`discovery failed: ${e.message}`, true);
  }
  refresh();
});

$('connect-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const address = $('connect-address').value.trim();
  if (address) connect(address);
});

$('send-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const to = $('send-to').value;
  const text = $('send-text').value;
  if (!to || !text) { status('choose a connection and type a message', true); return; }
  const dataType = connectionTypes.get(to);
  const data = dataType === 'json' ? { from: $('nick').value || myName, text } : text;
  try {
    await api('POST', '/api/messages', { to, data });
    addMessage(to, dataType, data, Date.now(), true);
    $('send-text').value = '';
  } catch (e) {
    status(`not sent: ${e.message}`, true);
  }
});

// The log so far, then every message as it arrives; EventSource reconnects by itself (with Last-Event-ID).
const events = new EventSource('/api/messages/stream?history=true');
events.onmessage = (event) => {
  const m = JSON.parse(event.data);
  addMessage(m.from, m.dataType, m.data, m.receivedAt, false);
};
events.onerror = () => status('live updates interrupted; reconnecting…', true);
events.onopen = () => { if ($('status').className === 'error') status(''); };

refresh();
setInterval(refresh, 2000);
