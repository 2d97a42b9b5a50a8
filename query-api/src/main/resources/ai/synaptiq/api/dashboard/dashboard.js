// The Synaptiq dashboard: a client of the public API and nothing else. It polls the three analytics
// routes with If-None-Match (a 304 costs nothing), stops while the tab is hidden, waits as long as
// Retry-After says on 429/503, and keeps the view (never the key) in the address bar.
'use strict';

(() => {
  const KEY_STORAGE = 'synaptiq.apiKey';
  const FEED_PAGE = 20;
  const MAX_BACKOFF_S = 300;

  const METRICS = [
    ['totalConversations', 'Conversations', 'count'],
    ['totalLeads', 'Leads', 'count'],
    ['qualifiedLeads', 'Qualified leads', 'count'],
    ['conversionRate', 'Conversion rate', 'percent'],
    ['avgLeadScore', 'Average lead score', 'score'],
    ['avgResponseTime', 'Average response time', 'seconds'],
    ['avgMessagesPerConversation', 'Messages per conversation', 'decimal'],
    ['handoffRate', 'Handoff rate', 'percent'],
    ['totalRevenuePipeline', 'Revenue pipeline', 'usd'],
  ];
  const TYPES = {
    'lead.created': 'Lead created',
    'lead.qualified': 'Lead qualified',
    'lead.score_changed': 'Score changed',
    'conversation.started': 'Conversation started',
    'conversation.handoff': 'Handed off',
    'conversion.completed': 'Converted',
    'intent.high_value': 'High-value intent',
  };
  const COMPARE_LABELS = { previous_period: 'previous period', previous_year: 'previous year' };

  const $ = (id) => document.getElementById(id);
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  // ---- Numbers, by the kind of figure ---------------------------------------------------------

  const numberFormat = (options) => new Intl.NumberFormat(undefined, options);
  const FORMATS = {
    count: numberFormat({ maximumFractionDigits: 0 }),
    percent: numberFormat({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 2 }),
    score: numberFormat({ minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    decimal: numberFormat({ minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    seconds: numberFormat({ minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    usd: numberFormat({ style: 'currency', currency: 'USD', maximumFractionDigits: 0 }),
    change: numberFormat({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
  };

  function format(kind, value) {
    if (value === null || value === undefined) return '–';
    const text = FORMATS[kind].format(value);
    return kind === 'seconds' ? text + ' s' : text;
  }

  /** A <data> element: the exact figure in value, the readable one as text. */
  function figure(kind, value, className) {
    const node = el('data', className, format(kind, value));
    node.value = value === null || value === undefined ? '' : String(value);
    return node;
  }

  // ---- The view, kept in the address bar ------------------------------------------------------

  const DEFAULT_VIEW = { startDate: '', endDate: '', granularity: 'day', compareWith: '', timezone: 'UTC',
    channel: '', source: '', types: [], refresh: 5 };

  function readView() {
    const q = new URLSearchParams(location.search);
    const view = { ...DEFAULT_VIEW };
    for (const name of ['startDate', 'endDate', 'granularity', 'compareWith', 'timezone', 'channel', 'source']) {
      if (q.get(name)) view[name] = q.get(name);
    }
    view.types = (q.get('types') || '').split(',').filter((t) => t in TYPES);
    const refresh = Number(q.get('refresh'));
    if (Number.isFinite(refresh) && refresh >= 1) view.refresh = refresh;
    return view;
  }

  function writeView() {
    const q = new URLSearchParams();
    for (const [name, value] of Object.entries(view)) {
      const text = Array.isArray(value) ? value.join(',') : String(value);
      if (text !== String(Array.isArray(DEFAULT_VIEW[name]) ? DEFAULT_VIEW[name].join(',') : DEFAULT_VIEW[name])) {
        q.set(name, text);
      }
    }
    const search = q.toString();
    history.replaceState(null, '', location.pathname + (search ? '?' + search : '') + location.hash);
  }

  let view = readView();

  // ---- Talking to the API ----------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, code, message, retryAfter) {
      super(message);
      this.status = status;
      this.code = code;
      this.retryAfter = retryAfter;
    }
  }

  let apiKey = sessionStorage.getItem(KEY_STORAGE);
  /** path -> {etag, body} of the last 200 answer, for If-None-Match. */
  const lastAnswers = new Map();

  function authorization() {
    return { Authorization: 'Bearer ' + apiKey };
  }

  async function apiError(res) {
    let code = 'http_' + res.status;
    let message = res.statusText || 'the API answered ' + res.status;
    try {
      const body = await res.json();
      if (body && body.message) {
        code = body.error || code;
        message = body.message;
      }
    } catch (notJson) {
      // the status alone then
    }
    const retryAfter = Number.parseInt(res.headers.get('Retry-After'), 10);
    return new ApiError(res.status, code, message, Number.isFinite(retryAfter) ? retryAfter : null);
  }

  /** GET with the key and the last ETag; {body}: on 304, the same object as the last time. */
  async function getJson(path) {
    const last = lastAnswers.get(path);
    const headers = { ...authorization(), Accept: 'application/json' };
    if (last) headers['If-None-Match'] = last.etag;
    const res = await fetch(path, { headers, cache: 'no-store' });
    if (res.status === 304 && last) return { body: last.body };
    if (!res.ok) throw await apiError(res);
    const body = await res.json();
    const etag = res.headers.get('ETag');
    if (etag) lastAnswers.set(path, { etag, body });
    return { body };
  }

  function apiPath(route, params) {
    const q = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      if (value !== '' && value !== null && value !== undefined) q.set(name, value);
    }
    return route + '?' + q.toString();
  }

  const overviewPath = () => apiPath('/v1/analytics/overview', { startDate: view.startDate, endDate: view.endDate,
    granularity: view.granularity, compareWith: view.compareWith, timezone: view.timezone });
  const funnelPath = () => apiPath('/v1/analytics/funnel', { startDate: view.startDate, endDate: view.endDate,
    channel: view.channel, source: view.source, timezone: view.timezone });
  const activityPath = (cursor) => apiPath('/v1/analytics/activity', { startDate: view.startDate, endDate: view.endDate,
    type: view.types.join(','), timezone: view.timezone, limit: FEED_PAGE, cursor });

  // ---- Polling ---------------------------------------------------------------------------------

  let timer = null;
  let generation = 0;
  let failures = 0;
  let lastOverview = null;
  let dataCompleteUntil = undefined;
  let checkedAt = null;
  /** The answers on the page now. */
  const rendered = { overview: null, funnel: null, activity: null };

  /** Where polling stands, on <body data-polling>: asking, scheduled, paused (tab hidden) or off (no key). */
  function pollingState(state) {
    document.body.dataset.polling = state;
  }

  function schedule(seconds) {
    clearTimeout(timer);
    timer = setTimeout(poll, seconds * 1000);
    pollingState('scheduled');
  }

  async function poll() {
    clearTimeout(timer);
    timer = null;
    if (!apiKey || document.hidden) return;
    const started = ++generation;
    pollingState('asking');
    let wait = view.refresh;
    try {
      const answers = await Promise.allSettled([getJson(overviewPath()), getJson(funnelPath()), getJson(activityPath())]);
      if (started !== generation) return;
      const refused = answers.find((a) => a.status === 'rejected');
      if (refused) throw refused.reason;
      const [overview, funnel, activity] = answers.map((a) => a.value);
      // A 304 hands back the very body shown last; another body (new data, or a view seen before) is drawn.
      if (overview.body !== rendered.overview) renderOverview(overview.body);
      if (funnel.body !== rendered.funnel) renderFunnel(funnel.body);
      if (activity.body !== rendered.activity) mergeFirstFeedPage(activity.body);
      dataCompleteUntil = overview.body.dataCompleteUntil;
      checkedAt = new Date();
      failures = 0;
      showError(null);
      showNotice(null);
      renderFreshness();
    } catch (e) {
      if (started !== generation) return;
      failures++;
      if (e instanceof ApiError && e.status === 401) {
        forgetKey();
        showError(e);
        document.body.dataset.loaded = 'true';
        return;
      }
      showError(e);
      if (e instanceof ApiError && (e.status === 429 || e.status === 503)) {
        wait = Math.max(view.refresh, e.retryAfter ?? backoff());
        showNotice((e.status === 429 ? 'The API asked to slow down' : 'The API is unavailable for now')
          + '; trying again in ' + wait + ' s.');
      } else if (e instanceof ApiError) {
        // A refused view (400, 422) stays refused until it changes; keep polling slowly meanwhile.
        wait = Math.max(view.refresh, 60);
      } else {
        wait = backoff();
        showNotice('The API cannot be reached; trying again in ' + wait + ' s.');
      }
    }
    document.body.dataset.loaded = 'true';
    schedule(wait);
  }

  function backoff() {
    return Math.min(MAX_BACKOFF_S, view.refresh * 2 ** Math.min(failures, 8));
  }

  /** The view changed: drop what belongs to the old one and ask at once. */
  function refreshNow() {
    generation++;
    resetFeed();
    poll();
  }

  document.addEventListener('visibilitychange', () => {
    if (document.hidden) {
      clearTimeout(timer);
      timer = null;
      generation++;
      if (apiKey) pollingState('paused');
    } else if (apiKey) {
      poll();
    }
  });

  // ---- Freshness ---------------------------------------------------------------------------------

  function ago(seconds) {
    if (seconds < 60) return Math.max(0, Math.round(seconds)) + ' s ago';
    if (seconds < 3600) return Math.round(seconds / 60) + ' min ago';
    if (seconds < 86400 * 2) return Math.round(seconds / 3600) + ' h ago';
    return Math.round(seconds / 86400) + ' days ago';
  }

  function clock(date, withDay) {
    return new Intl.DateTimeFormat(undefined, { timeZone: view.timezone, hour12: false, hour: '2-digit', minute: '2-digit',
      second: '2-digit', ...(withDay ? { year: 'numeric', month: 'short', day: 'numeric' } : {}) }).format(date);
  }

  function renderFreshness() {
    const node = $('freshness');
    if (!apiKey) {
      node.textContent = 'Not connected';
      return;
    }
    if (dataCompleteUntil === undefined) {
      node.textContent = 'Loading…';
      return;
    }
    const now = Date.now();
    let text;
    if (dataCompleteUntil === null) {
      text = 'No data processed yet';
    } else {
      const until = new Date(dataCompleteUntil);
      const sameDay = Math.abs(now - until.getTime()) < 12 * 3600 * 1000;
      text = 'Complete until ' + clock(until, !sameDay) + ', ' + ago((now - until.getTime()) / 1000);
    }
    node.textContent = text + (checkedAt ? ' · checked ' + ago((now - checkedAt.getTime()) / 1000) : '');
    node.title = dataCompleteUntil ? 'Every event up to ' + dataCompleteUntil + ' (UTC) is in these figures' : '';
  }

  setInterval(() => {
    if (!document.hidden) renderFreshness();
  }, 1000);

  // ---- Summary and chart ---------------------------------------------------------------------

  function renderOverview(body) {
    lastOverview = body;
    rendered.overview = body;
    const { period, summary, comparison } = body;
    $('period-label').textContent = period.startDate + ' to ' + period.endDate + ' (' + view.timezone + ')';
    if (!view.startDate) $('startDate').value = period.startDate;
    if (!view.endDate) $('endDate').value = period.endDate;
    const cards = $('summary');
    cards.replaceChildren(...METRICS.map(([key, label, kind]) => {
      const card = el('article', 'card');
      card.dataset.metric = key;
      card.append(el('h3', null, label), figure(kind, summary[key], 'figure'));
      if (comparison && comparison[key]) {
        const { value, change } = comparison[key];
        const line = el('p', 'change');
        if (change === null || change === undefined) {
          line.textContent = 'n/a vs ' + COMPARE_LABELS[view.compareWith];
        } else {
          line.classList.add(change > 0 ? 'up' : change < 0 ? 'down' : 'flat');
          const arrow = el('span', null, change > 0 ? '▲ ' : change < 0 ? '▼ ' : '');
          arrow.setAttribute('aria-hidden', 'true');
          const changeFigure = figure('change', change, 'delta');
          line.append(arrow, changeFigure, ' vs ' + COMPARE_LABELS[view.compareWith]);
        }
        line.title = 'Then: ' + format(kind, value) + ' (' + comparison.period.startDate + ' to ' + comparison.period.endDate + ')';
        card.append(line);
      }
      return card;
    }));
    renderSeries(body.timeSeries);
  }

  const SERIES = [
    ['conversations', 'Conversations', '#2563eb'],
    ['leads', 'Leads', '#059669'],
    ['qualifiedLeads', 'Qualified leads', '#d97706'],
  ];
  let chart = null;
  /** Tick steps of the count axis: whole numbers only, so small counts do not repeat a label. */
  const WHOLE_STEPS = [1, 2, 5].flatMap((m) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8].map((p) => m * p)).sort((a, b) => a - b);

  function periodStart(point) {
    return Date.parse(point.period.split('/')[0] + 'T00:00:00Z') / 1000;
  }

  function renderSeries(points) {
    const unit = { day: 'day', week: 'week', month: 'month' }[view.granularity];
    $('trend-label').textContent = 'by ' + unit;
    const rows = points.map((p) => {
      const tr = el('tr');
      tr.dataset.period = p.period;
      tr.append(el('th', null, p.period.replace('/', ' to ')));
      tr.firstChild.scope = 'row';
      for (const [key, , kind] of [['conversations', 0, 'count'], ['leads', 0, 'count'], ['qualifiedLeads', 0, 'count'], ['conversionRate', 0, 'percent']]) {
        const td = el('td');
        td.dataset.field = key;
        td.append(figure(kind, p[key]));
        tr.append(td);
      }
      return tr;
    });
    $('series-table').tBodies[0].replaceChildren(...rows);

    const box = $('chart');
    if (chart) {
      chart.destroy();
      chart = null;
    }
    if (typeof uPlot === 'undefined' || points.length === 0) {
      box.textContent = points.length === 0 ? 'No periods to show.' : 'The chart library did not load.';
      return;
    }
    box.replaceChildren();
    const data = [points.map(periodStart), ...SERIES.map(([key]) => points.map((p) => p[key])),
      points.map((p) => Math.round(p.conversionRate * 10000) / 100)];
    const count = (u, v) => (v === null ? '–' : format('count', v));
    chart = new uPlot({
      width: chartWidth(),
      height: box.clientWidth < 500 ? 240 : 300,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: {
        count: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] },
        rate: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] },
      },
      legend: { live: false },
      axes: [
        timeAxis(unit, points.length),
        { scale: 'count', label: 'Count', labelSize: 20, incrs: WHOLE_STEPS, values: (u, splits) => splits.map((v) => format('count', v)) },
        { scale: 'rate', side: 1, label: 'Conversion rate (%)', labelSize: 20, grid: { show: false },
          values: (u, splits) => splits.map((v) => v + '%') },
      ],
      series: [
        { label: unit[0].toUpperCase() + unit.slice(1), value: (u, ts) => (ts === null ? '–' : new Date(ts * 1000).toISOString().slice(0, 10)) },
        ...SERIES.map(([, label, color]) => ({ label, scale: 'count', stroke: color, width: 2, value: count })),
        { label: 'Conversion rate', scale: 'rate', stroke: '#9333ea', width: 2, dash: [6, 4],
          value: (u, v) => (v === null ? '–' : v.toFixed(2) + '%') },
      ],
    }, data, box);
    box.setAttribute('role', 'img');
    box.setAttribute('aria-label', 'Conversations, leads, qualified leads (count) and conversion rate (%) by ' + unit
      + '; the same figures are in the table below.');
  }

  /** The x axis; a tick on each bucket while they fit, uPlot's own spacing beyond that. */
  function timeAxis(unit, buckets) {
    const axis = { label: 'Start of the ' + unit + ' (' + view.timezone + ')', labelSize: 20 };
    if (buckets <= 16) axis.splits = (u) => u.data[0];
    return axis;
  }

  function chartWidth() {
    return Math.max(200, $('chart').clientWidth);
  }

  new ResizeObserver(() => {
    if (chart && Math.abs(chart.width - chartWidth()) > 4) chart.setSize({ width: chartWidth(), height: chart.height });
  }).observe($('chart'));

  // ---- Funnel ------------------------------------------------------------------------------------

  function renderFunnel(body) {
    rendered.funnel = body;
    const top = body.stages.length ? Math.max(1, body.stages[0].count, ...body.stages.map((s) => s.count)) : 1;
    const dropoffFrom = body.topDropoffStage ? body.topDropoffStage.split(' -> ')[0] : null;
    $('funnel').replaceChildren(...body.stages.map((stage, i) => {
      const li = el('li', 'stage');
      li.dataset.stage = stage.name;
      const head = el('div', 'stage-head');
      head.append(el('span', 'name', stage.name), figure('count', stage.count, 'count'));
      const bar = el('div', 'bar');
      const fill = el('span');
      fill.style.width = (100 * stage.count / top).toFixed(2) + '%';
      bar.append(fill);
      bar.setAttribute('aria-hidden', 'true');
      li.append(head, bar);
      if (stage.conversionToNext !== null && i + 1 < body.stages.length) {
        const step = el('p', 'step');
        step.append(figure('percent', stage.conversionToNext, 'rate'), ' continue to ' + body.stages[i + 1].name);
        if (stage.name === dropoffFrom) {
          li.classList.add('top-dropoff');
          step.append(' ', el('strong', 'dropoff', 'Top drop-off'));
        }
        li.append(step);
      }
      return li;
    }));
    $('funnel-overall').textContent = 'Overall conversion, visitor to customer: ' + format('percent', body.overallConversion);
  }

  // ---- Activity feed -----------------------------------------------------------------------------

  /**
   * The items shown, their ids, the cursor to the older ones, whether the reader has loaded older
   * pages, and a newest page held back so as not to pull the list away from under the reader.
   */
  let feed = emptyFeed(null, false);

  function emptyFeed(cursor, hasMore) {
    return { items: [], ids: new Set(), cursor, hasMore, olderLoaded: false, waiting: null };
  }

  function resetFeed() {
    feed = emptyFeed(null, false);
    rendered.activity = null;
    $('feed').replaceChildren();
  }

  const newestFirst = (a, b) => (a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

  /**
   * A new first page: items not seen yet go in at their place. When none overlaps (more new events
   * than a page), the list starts over from it, unless the reader has loaded older pages: then it
   * waits behind the "show the newest" button.
   */
  function mergeFirstFeedPage(body) {
    rendered.activity = body;
    const page = body.data;
    const overlaps = page.some((item) => feed.ids.has(item.id));
    const hadItems = feed.items.length > 0;
    if (hadItems && !overlaps && feed.olderLoaded) {
      feed.waiting = body;
      renderFeed(new Set(), body.pagination.total);
      return;
    }
    if (!overlaps) {
      feed = emptyFeed(body.nextCursor, body.pagination.hasMore);
    }
    feed.waiting = null;
    const added = page.filter((item) => !feed.ids.has(item.id));
    for (const item of added) feed.ids.add(item.id);
    feed.items = feed.items.concat(added).sort(newestFirst);
    renderFeed(new Set(hadItems ? added.map((i) => i.id) : []), body.pagination.total);
  }

  async function loadOlder() {
    const button = $('more');
    button.disabled = true;
    try {
      const res = await fetch(activityPath(feed.cursor), { headers: authorization(), cache: 'no-store' });
      if (!res.ok) throw await apiError(res);
      const body = await res.json();
      const added = body.data.filter((item) => !feed.ids.has(item.id));
      for (const item of added) feed.ids.add(item.id);
      feed.items = feed.items.concat(added).sort(newestFirst);
      feed.cursor = body.nextCursor;
      feed.hasMore = body.pagination.hasMore;
      feed.olderLoaded = true;
      renderFeed(new Set(), body.pagination.total);
      showError(null);
    } catch (e) {
      showError(e);
    } finally {
      button.disabled = false;
    }
  }

  function renderFeed(fresh, total) {
    const list = $('feed');
    const shown = new Map([...list.children].map((li) => [li.dataset.id, li]));
    list.replaceChildren(...feed.items.map((item) => {
      let li = shown.get(item.id);
      if (!li) {
        li = feedItem(item);
        if (fresh.has(item.id)) li.classList.add('new');
      }
      return li;
    }));
    $('more').hidden = !feed.hasMore;
    $('newest').hidden = !feed.waiting;
    $('feed-window').textContent = view.startDate || view.endDate
      ? (view.startDate || '…') + ' to ' + (view.endDate || 'now')
      : 'last 24 hours';
    const newText = fresh.size ? ' · ' + fresh.size + ' new' : '';
    $('feed-count').textContent = total === 0 ? 'Nothing happened in this window.'
      : 'Showing ' + format('count', feed.items.length) + ' of ' + format('count', total) + ' events, newest first' + newText;
  }

  function feedItem(item) {
    const li = el('li', 'item');
    li.dataset.id = item.id;
    li.dataset.type = item.type;
    const head = el('div', 'item-head');
    const badge = el('span', 'badge t-' + item.type.replace(/[^a-z]/g, '-'), TYPES[item.type] || item.type);
    const time = el('time', null, clock(new Date(item.occurredAt), true));
    time.dateTime = item.occurredAt;
    head.append(badge, time);
    li.append(head, el('p', 'desc', item.description));
    const refs = [item.leadId, item.conversationId].filter(Boolean);
    if (refs.length) li.append(el('p', 'refs', refs.join(' · ')));
    return li;
  }

  // ---- Exports (only for keys whose role may use them) ----------------------------------------

  /** Branding is readable by exactly the roles that may export (admin, export): its answer tells the role. */
  async function learnExportRole() {
    $('exports').hidden = true;
    delete document.body.dataset.exports;
    try {
      const res = await fetch('/v1/exports/branding', { headers: authorization(), cache: 'no-store' });
      $('exports').hidden = !res.ok;
      document.body.dataset.exports = res.ok ? 'allowed' : 'refused';
      if (!res.ok && res.status !== 403 && res.status !== 401) showError(await apiError(res));
    } catch (e) {
      // Unreachable: the poll says so; the buttons stay hidden.
    }
  }

  async function download(button) {
    const kind = button.dataset.export;
    const params = { format: button.dataset.format, timezone: view.timezone };
    if (lastOverview) {
      params.startDate = lastOverview.period.startDate;
      params.endDate = lastOverview.period.endDate;
    }
    if (kind === 'analytics') params.granularity = view.granularity;
    const status = $('export-status');
    status.textContent = 'Preparing ' + button.textContent + '…';
    button.disabled = true;
    try {
      const res = await fetch(apiPath('/v1/exports/' + kind, params), { headers: authorization(), cache: 'no-store' });
      if (!res.ok) throw await apiError(res);
      const blob = await res.blob();
      const name = fileName(res.headers.get('Content-Disposition')) || 'synaptiq-' + kind + '.' + params.format;
      const url = URL.createObjectURL(blob);
      const link = el('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      status.textContent = 'Saved ' + name + ' (' + format('count', blob.size) + ' bytes).';
    } catch (e) {
      status.textContent = button.textContent + ' failed: ' + e.message;
      showError(e);
    } finally {
      button.disabled = false;
    }
  }

  function fileName(disposition) {
    const match = /filename="?([^";]+)"?/.exec(disposition || '');
    return match ? match[1] : null;
  }

  // ---- Messages ------------------------------------------------------------------------------------

  function showError(e) {
    const box = $('error');
    box.hidden = !e;
    if (e) box.textContent = e instanceof ApiError ? e.message + ' (' + e.code + ')' : 'The API cannot be reached: ' + e.message;
  }

  function showNotice(text) {
    const box = $('notice');
    box.hidden = !text;
    box.textContent = text || '';
  }

  // ---- The key -------------------------------------------------------------------------------------

  function connect() {
    $('key-panel').hidden = true;
    $('main').hidden = false;
    $('forget-key').hidden = false;
    dataCompleteUntil = undefined;
    renderFreshness();
    learnExportRole();
    refreshNow();
  }

  function forgetKey() {
    apiKey = null;
    sessionStorage.removeItem(KEY_STORAGE);
    lastAnswers.clear();
    clearTimeout(timer);
    generation++;
    pollingState('off');
    $('main').hidden = true;
    $('exports').hidden = true;
    $('forget-key').hidden = true;
    $('key-panel').hidden = false;
    renderFreshness();
    $('api-key').focus();
  }

  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('api-key').value.trim();
    if (!key) return;
    $('api-key').value = '';
    apiKey = key;
    sessionStorage.setItem(KEY_STORAGE, key);
    showError(null);
    connect();
  });

  $('forget-key').addEventListener('click', () => {
    showError(null);
    showNotice(null);
    forgetKey();
  });

  // ---- Controls ------------------------------------------------------------------------------------

  function fillTimezones() {
    const select = $('timezone');
    const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    const names = ['UTC', ...zones.filter((z) => z !== 'UTC')];
    if (!names.includes(view.timezone)) names.splice(1, 0, view.timezone);
    select.replaceChildren(...names.map((z) => {
      const option = el('option', null, z.replaceAll('_', ' '));
      option.value = z;
      return option;
    }));
  }

  function fillTypes() {
    const box = $('types');
    for (const [type, label] of Object.entries(TYPES)) {
      const id = 'type-' + type.replace(/[^a-z]/g, '-');
      const input = el('input');
      input.type = 'checkbox';
      input.id = id;
      input.value = type;
      const wrap = el('span', 'check');
      const text = el('label', null, label);
      text.htmlFor = id;
      wrap.append(input, text);
      box.append(wrap);
    }
  }

  /** Shows the view in the controls; no types ticked means every type. */
  function showView() {
    for (const name of ['startDate', 'endDate', 'granularity', 'compareWith', 'timezone', 'channel', 'source']) {
      $(name).value = view[name];
    }
    $('refresh').value = view.refresh;
    for (const box of $('types').querySelectorAll('input')) {
      box.checked = view.types.length === 0 || view.types.includes(box.value);
    }
  }

  function onViewChange(update) {
    update();
    writeView();
    showView();
    if (apiKey) refreshNow();
  }

  for (const name of ['granularity', 'compareWith', 'timezone', 'channel', 'source']) {
    $(name).addEventListener('change', () => onViewChange(() => { view[name] = $(name).value; }));
  }
  for (const name of ['startDate', 'endDate']) {
    $(name).addEventListener('change', () => {
      const value = $(name).value;
      if (value && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return;
      onViewChange(() => { view[name] = value; });
    });
  }
  $('default-dates').addEventListener('click', () => onViewChange(() => {
    view.startDate = '';
    view.endDate = '';
  }));
  $('refresh').addEventListener('change', () => {
    const seconds = Number($('refresh').value);
    if (!Number.isFinite(seconds) || seconds < 1) {
      $('refresh').value = view.refresh;
      return;
    }
    view.refresh = Math.round(seconds);
    writeView();
    if (apiKey && timer) schedule(view.refresh);
  });
  $('types').addEventListener('change', () => {
    const ticked = [...$('types').querySelectorAll('input:checked')].map((box) => box.value);
    if (ticked.length === 0) {
      showNotice('Keep at least one activity type ticked.');
      showView();
      return;
    }
    onViewChange(() => { view.types = ticked.length === Object.keys(TYPES).length ? [] : ticked; });
  });
  $('view-form').addEventListener('submit', (event) => event.preventDefault());
  $('more').addEventListener('click', loadOlder);
  $('newest').addEventListener('click', () => {
    const newest = feed.waiting;
    resetFeed();
    if (newest) mergeFirstFeedPage(newest);
    $('feed-title').focus();
  });
  for (const button of document.querySelectorAll('[data-export]')) {
    button.addEventListener('click', () => download(button));
  }

  fillTimezones();
  fillTypes();
  showView();
  if (apiKey) {
    connect();
  } else {
    forgetKey();
  }
})();
