// The console page: polls the overview, the history and the top limited keys, and runs the sessions and limits
// panels. Every action is one call to the JSON API under the page's data-api (/api/admin on the reference server,
// beneath the servlet's mount in an application); a 401 reloads the page, which then asks to
// sign in. Tables are built with textContent only, so nothing a user typed is ever parsed as HTML.
'use strict';
(function () {
  const params = new URLSearchParams(location.search);
  const refreshSeconds = Math.min(60, Math.max(1, Number(params.get('refresh')) || 5));
  const $ = (id) => document.getElementById(id);
  const apiBase = document.body.dataset.api;

  async function api(method, path, body) {
    const response = await fetch(apiBase + path, {
      method: method,
      credentials: 'same-origin',
      headers: body ? {'Content-Type': 'application/json'} : {},
      body: body ? JSON.stringify(body) : undefined
    });
    if (response.status === 401) {
      location.reload();
      throw new Error('signed out');
    }
    const json = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(json.message || ('HTTP ' + response.status));
    }
    return json;
  }

  function say(text) {
    $('status').textContent = text;
  }

  function confirmAction(text) {
    const dialog = $('confirm');
    $('confirm-text').textContent = text;
    dialog.returnValue = '';
    dialog.showModal();
    return new Promise((resolve) => dialog.addEventListener('close',
        () => resolve(dialog.returnValue === 'ok'), {once: true}));
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function button(label, onClick, danger) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    if (danger) b.className = 'danger';
    b.addEventListener('click', onClick);
    return b;
  }

  function table(holder, headings, rows) {
    holder.textContent = '';
    const t = document.createElement('table');
    const head = t.createTHead().insertRow();
    headings.forEach((h) => { const th = document.createElement('th'); th.scope = 'col'; th.textContent = h; head.appendChild(th); });
    const body = t.createTBody();
    rows.forEach((fill) => fill(body.insertRow()));
    holder.appendChild(t);
    return t;
  }

  const seconds = (s) => s >= 120 ? Math.round(s / 60) + ' min' : s + ' s';
  const when = (iso) => iso ? new Date(iso).toLocaleString() : '';

  // --- overview

  async function refreshOverview() {
    const o = await api('GET', '/overview');
    const mode = $('mode');
    mode.textContent = o.mode + (o.mode === 'DEGRADED' ? ' (serving from memory)' : o.mode === 'PRIMARY'
        ? ' (on Redis)' : ' (memory only, by configuration)');
    mode.className = 'mode-' + o.mode;
    $('since').textContent = when(o.since);
    $('location').textContent = o.location;
    $('last-error').textContent = o.lastError || 'none';
    $('pending').textContent = o.pendingWriteBack + ' changes';
    $('failovers').textContent = o.failovers + ' (calls answered from memory: ' + o.fallbackCalls + ')';
    $('probe-latency').textContent = o.probeLatencyMs == null ? 'n/a' : o.probeLatencyMs.toFixed(2) + ' ms';
    $('redis-latency').textContent = o.redisLatencyMs == null ? 'n/a' : o.redisLatencyMs.toFixed(2) + ' ms';
    const body = $('limiters').tBodies[0];
    body.textContent = '';
    o.limiters.forEach((l) => {
      const row = body.insertRow();
      cell(row, l.name);
      cell(row, l.policy);
      cell(row, l.shadow ? 'shadow (reports, never refuses)' : 'enforcing');
    });
  }

  async function refresh() {
    try {
      await refreshOverview();
      window.GatehouseCharts.update(await api('GET', '/history'));
      renderTop((await api('GET', '/limits/top')).keys);
      document.body.dataset.refreshed = String(Date.now());
    } catch (e) {
      say('Could not refresh: ' + e.message);
    }
  }

  // --- sessions

  async function findSessions(subject) {
    const result = await api('GET', '/user-sessions?subject=' + encodeURIComponent(subject));
    const holder = $('session-results');
    if (!result.sessions.length) {
      holder.textContent = 'No live sessions for ' + subject + '.';
      return;
    }
    table(holder, ['Created', 'Last seen', 'Expires', 'Client address', 'User agent', 'Action'],
        result.sessions.map((s) => (row) => {
          cell(row, when(s.createdAt));
          cell(row, when(s.lastSeenAt));
          cell(row, when(s.expiresAt));
          cell(row, s.client);
          cell(row, s.userAgent);
          cell(row, '').appendChild(button('Revoke', async () => {
            if (!await confirmAction('Revoke this session of ' + subject + ' (from ' + (s.client || 'unknown')
                + ')? It is signed out at once.')) return;
            await act(async () => { await api('DELETE', '/user-sessions/' + encodeURIComponent(s.sessionId));
              say('Revoked one session of ' + subject + '.'); await findSessions(subject); });
          }, true));
        }));
    const all = button('Revoke all ' + result.sessions.length + ' sessions of ' + subject, async () => {
      if (!await confirmAction('Revoke every session of ' + subject + ', on every device?')) return;
      await act(async () => { const r = await api('POST', '/user-sessions/revoke-all', {subject: subject});
        say('Revoked ' + r.revoked + ' sessions of ' + subject + '.'); await findSessions(subject); });
    }, true);
    all.id = 'revoke-all';
    holder.appendChild(all);
  }

  // --- limits

  async function lookUp(input) {
    const result = await api('GET', '/limits?key=' + encodeURIComponent(input));
    table($('limit-results'), ['Limiter', 'Mode', 'State', 'Remaining', 'Retry after', 'Full again in', 'Action'],
        result.limiters.map((l) => (row) => {
          row.dataset.limiter = l.limiter;
          cell(row, l.limiter);
          cell(row, l.shadow ? 'shadow' : 'enforcing');
          if (!l.applies) {
            cell(row, 'does not apply: not an IP address');
            return;
          }
          cell(row, l.limited ? (l.shadow ? 'LIMITED (shadow: let through)' : 'LIMITED') : 'ok',
              l.limited ? 'limited' : '');
          cell(row, l.remaining + ' of ' + l.limit);
          cell(row, l.limited ? seconds(l.retryAfterSeconds) : '');
          cell(row, seconds(l.resetAfterSeconds));
          cell(row, '').appendChild(button('Reset ' + l.limiter, async () => {
            if (!await confirmAction('Reset ' + l.limiter + ' for ' + input + '? Its count starts over.')) return;
            await act(async () => { await api('POST', '/limits/reset', {limiter: l.limiter, key: input});
              say('Reset ' + l.limiter + ' for ' + input + '.'); await lookUp(input); });
          }, true));
        }));
  }

  function renderTop(keys) {
    const holder = $('top-keys');
    if (!keys.length) {
      holder.textContent = 'No key was limited in the last hour.';
      return;
    }
    table(holder, ['Key', 'Limiter', 'Refusals', 'Action'], keys.map((k) => (row) => {
      cell(row, k.label);
      cell(row, k.limiter + (k.shadow ? ' (shadow)' : ''));
      cell(row, k.refusals);
      cell(row, '').appendChild(button('Look up', async () => {
        $('limit-key').value = k.input;
        await act(() => lookUp(k.input));
      }));
    }));
  }

  async function act(work) {
    try {
      await work();
    } catch (e) {
      say('Failed: ' + e.message);
    }
  }

  $('session-search').addEventListener('submit', (event) => {
    event.preventDefault();
    act(() => findSessions($('subject').value.trim()));
  });
  $('limit-search').addEventListener('submit', (event) => {
    event.preventDefault();
    act(() => lookUp($('limit-key').value.trim()));
  });
  refresh();
  setInterval(refresh, refreshSeconds * 1000);
})();
