// newsdex serve: the search page. Everything it shows comes from the JSON API of the same server, and every piece
// of article text is put into the page as text (textContent, createTextNode), never as HTML: an article cannot
// add markup, script or links of its own. The URL holds the whole state (query, filters, dates, order, page,
// article), so any view can be bookmarked or shared, and Back/Forward work.
'use strict';

const PAGE_SIZE = 10;
/** Values shown per facet list. */
const FACET_VALUES = 8;
/** Entities in "appears with" (before those of the query itself are left out). */
const RELATED_LIMIT = 14;
const FACETS = [
  ['person', 'People'],
  ['place', 'Places'],
  ['org', 'Organizations'],
  ['country', 'Countries'],
  ['source', 'Outlets'],
];
const KIND_LABEL = { person: 'Person', place: 'Place', org: 'Organization' };
const $ = (id) => document.getElementById(id);

// ---- building the page, as text only --------------------------------------------------------------------------

/** An element with attributes and children (strings become text nodes). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

function clear(node) {
  node.replaceChildren();
  return node;
}

// ---- state in the URL ------------------------------------------------------------------------------------------

function readState() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get('q') || '',
    filters: p.getAll('f'),
    after: p.get('after') || '',
    before: p.get('before') || '',
    sort: p.get('sort') === 'date' ? 'date' : 'score',
    offset: Math.max(0, parseInt(p.get('offset') || '0', 10) || 0),
    article: p.get('article') || '',
  };
}

/** The page URL (a relative `?…` link) for a state. */
function urlFor(state) {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  for (const f of state.filters || []) p.append('f', f);
  if (state.after) p.set('after', state.after);
  if (state.before) p.set('before', state.before);
  if (state.sort === 'date') p.set('sort', 'date');
  if (state.offset) p.set('offset', String(state.offset));
  if (state.article) p.set('article', state.article);
  const s = p.toString();
  return s ? '?' + s : location.pathname;
}

function go(state) {
  history.pushState(null, '', urlFor(state));
  render();
}

/** A filter clause for a field and value, as the query language writes it. */
function filterFor(field, value) {
  return `${field}:"${String(value).replace(/["\\]/g, ' ').trim()}"`;
}

/** The query sent to the API: the typed query, with each filter required (`+field:"value"`). */
function effectiveQuery(state) {
  return [state.q.trim(), ...state.filters.map((f) => '+' + f)].filter(Boolean).join(' ');
}

/** A link to the search for one entity (within nothing else). */
function entityLink(field, name, text, cls) {
  return el('a', { href: urlFor({ q: filterFor(field, name), filters: [] }), class: cls, title: `${field}: ${name}` }, text);
}

// ---- the API ---------------------------------------------------------------------------------------------------

let inFlight = null;

async function api(path, params) {
  const url = path + '?' + new URLSearchParams(params).toString();
  const response = await fetch(url, { signal: inFlight.signal, headers: { Accept: 'application/json' } });
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  if (!response.ok) {
    const error = new Error((body && body.error) || `HTTP ${response.status}`);
    error.position = body && body.position;
    error.status = response.status;
    throw error;
  }
  return body;
}

function showError(error, state) {
  if (error.name === 'AbortError') return;
  let message = error.message;
  if (error.position) message += ` (at character ${error.position})`;
  const status = $('status');
  status.className = 'status error';
  status.textContent = message;
  // Point at the fault in the query box when it is the typed query's.
  if (error.position && !state.filters.length) {
    const box = $('q');
    const at = Math.min(error.position - 1, box.value.length);
    box.focus();
    box.setSelectionRange(at, Math.min(at + 1, box.value.length));
  }
}

// ---- views -----------------------------------------------------------------------------------------------------

async function render() {
  if (inFlight) inFlight.abort();
  inFlight = new AbortController();
  const state = readState();
  $('q').value = state.q;
  $('sort').value = state.sort;
  renderChips(state);
  const status = $('status');
  status.className = 'status';
  if (state.article) {
    $('search-view').hidden = true;
    $('article-view').hidden = false;
    try {
      await showArticle(state);
    } catch (e) {
      showError(e, state);
      clear($('article'));
    }
    return;
  }
  $('article-view').hidden = true;
  $('search-view').hidden = false;
  try {
    if (effectiveQuery(state)) await showSearch(state);
    else await showOverview();
  } catch (e) {
    showError(e, state);
    for (const id of ['hits', 'facets', 'related', 'pager']) clear($(id));
    $('timeline').hidden = true;
  }
}

function renderChips(state) {
  const chips = clear($('chips'));
  state.filters.forEach((f, i) => {
    const filters = state.filters.filter((_, j) => j !== i);
    chips.append(
      el('span', { class: 'chip' }, f,
        el('button', { type: 'button', class: 'chip-x', 'aria-label': `Remove filter ${f}`, title: 'Remove',
          onclick: () => go({ ...state, filters, offset: 0, article: '' }) }, '×')));
  });
  if (state.after || state.before) {
    const label = `date: ${state.after || '…'} to ${state.before || '…'}`;
    chips.append(
      el('span', { class: 'chip chip-date' }, label,
        el('button', { type: 'button', class: 'chip-x', 'aria-label': `Remove ${label}`, title: 'Remove',
          onclick: () => go({ ...state, after: '', before: '', offset: 0, article: '' }) }, '×')));
  }
  chips.hidden = !chips.childElementCount;
}

async function showOverview() {
  document.title = 'newsdex';
  const [health, top] = await Promise.all([api('/api/health', {}), api('/api/entities', { limit: 15 })]);
  $('status').textContent =
    `${health.articles.toLocaleString()} articles in the index. Search them by words, people, places and organizations.`;
  for (const id of ['hits', 'facets', 'pager']) clear($(id));
  $('timeline').hidden = true;
  renderRelated(top.entities, 'Most mentioned', null);
  // A few searches to start from: the most mentioned person, place and organization, alone and together.
  const first = (kind) => top.entities.find((e) => e.kind === kind);
  const picks = ['person', 'place', 'org'].map(first).filter(Boolean);
  const examples = picks.map((e) => filterFor(e.kind, e.name));
  if (picks.length > 1) examples.push(examples.slice(0, 2).join(' '));
  if (picks.length) {
    $('hits').append(el('li', { class: 'intro' },
      el('h2', {}, 'Try'),
      el('ul', { class: 'plain' }, examples.map((q) => el('li', {}, el('a', { href: urlFor({ q, filters: [] }) }, el('code', {}, q))))),
      el('p', {}, 'Words, phrases and fields combine: see "Query syntax" above. Click a facet to narrow a search, ',
        'drag across the timeline to choose dates, open an article to see who and what it names.')));
  }
}

async function showSearch(state) {
  const query = effectiveQuery(state);
  document.title = `${query} – newsdex`;
  const params = {
    q: query, limit: PAGE_SIZE, offset: state.offset, sort: state.sort,
    facet: FACETS.map(([f]) => f).join(','), facet_limit: RELATED_LIMIT, timeline: 'true',
  };
  if (state.after) params.after = state.after;
  if (state.before) params.before = state.before;
  const result = await api('/api/search', params);
  const shown = result.hits.length;
  $('status').textContent = result.count === 0
    ? 'No matching articles.'
    : `${result.count.toLocaleString()} matching article${result.count === 1 ? '' : 's'}` +
      (shown ? `, showing ${state.offset + 1}–${state.offset + shown}` : ' (none on this page)');
  renderHits(result.hits, state);
  renderPager(result.count, state);
  renderFacets(result.facets, state);
  renderTimeline(result.timeline || [], state);
  renderRelated(appearsWith(result.facets), 'Appears with', state);
}

/**
 * "Appears with": what `/api/entities?q=…` answers for the same query and dates, read from the person, place and
 * org facets already counted (each kind's top RELATED_LIMIT holds the top RELATED_LIMIT of all kinds), so the page
 * does not count the same articles twice.
 */
function appearsWith(facets) {
  const rows = [];
  for (const f of facets) {
    if (KIND_LABEL[f.field]) rows.push(...f.values.map((v) => ({ kind: f.field, name: v.value, articles: v.count })));
  }
  rows.sort((a, b) => b.articles - a.articles || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return rows.slice(0, RELATED_LIMIT);
}

/** A snippet with its highlights (byte ranges of the UTF-8 text) as <mark>s. */
function snippetNode(text, highlights) {
  const bytes = new TextEncoder().encode(text);
  const decode = (a, b) => new TextDecoder().decode(bytes.subarray(a, b));
  const node = el('p', { class: 'snippet' });
  let at = 0;
  for (const [start, end] of [...highlights].sort((a, b) => a[0] - b[0])) {
    if (start < at || end > bytes.length) continue;
    node.append(decode(at, start), el('mark', {}, decode(start, end)));
    at = end;
  }
  node.append(decode(at, bytes.length));
  return node;
}

function renderHits(hits, state) {
  const list = clear($('hits'));
  for (const hit of hits) {
    const meta = [hit.date || 'undated', hit.source, hit.byline].filter(Boolean).join(' · ');
    const people = [
      ...hit.person.slice(0, 4).map((n) => ['person', n]),
      ...hit.place.slice(0, 3).map((n) => ['place', n]),
      ...hit.org.slice(0, 3).map((n) => ['org', n]),
    ];
    list.append(
      el('li', { class: 'hit' },
        el('h2', {}, el('a', { href: urlFor({ ...state, article: hit.id }), class: 'hit-title' }, hit.title || '(untitled)')),
        el('p', { class: 'meta' }, meta),
        snippetNode(hit.snippet, hit.highlights),
        people.length ? el('p', { class: 'hit-ents' }, people.map(([kind, name]) =>
          entityLink(kind, name, name, `tag tag-${kind}`))) : null));
  }
}

function renderPager(count, state) {
  const pager = clear($('pager'));
  if (count <= PAGE_SIZE) return;
  const prev = state.offset > 0;
  const next = state.offset + PAGE_SIZE < count;
  if (prev) pager.append(el('a', { href: urlFor({ ...state, offset: Math.max(0, state.offset - PAGE_SIZE) }), rel: 'prev' }, '← Previous'));
  pager.append(el('span', {}, `Page ${Math.floor(state.offset / PAGE_SIZE) + 1} of ${Math.ceil(count / PAGE_SIZE)}`));
  if (next) pager.append(el('a', { href: urlFor({ ...state, offset: state.offset + PAGE_SIZE }), rel: 'next' }, 'Next →'));
}

function renderFacets(facets, state) {
  const box = clear($('facets'));
  for (const [field, label] of FACETS) {
    const facet = facets.find((f) => f.field === field);
    if (!facet || !facet.values.length) continue;
    const items = facet.values.slice(0, FACET_VALUES).map(({ value, count }) => {
      const filter = filterFor(field, value);
      const active = state.filters.includes(filter);
      return el('li', {},
        el('button', {
          type: 'button', class: 'facet-value' + (active ? ' active' : ''), 'aria-pressed': active ? 'true' : 'false',
          'data-field': field, 'data-value': value,
          onclick: () => {
            const filters = active ? state.filters.filter((f) => f !== filter) : [...state.filters, filter];
            go({ ...state, filters, offset: 0 });
          },
        }, el('span', { class: 'facet-name' }, value), el('span', { class: 'count' }, count.toLocaleString())));
    });
    box.append(el('section', { class: 'facet', 'data-field': field }, el('h3', {}, label), el('ul', {}, items)));
  }
}

function renderRelated(entities, title, state) {
  const box = clear($('related'));
  // Who appears with the query's entities: not those entities themselves.
  if (state) {
    const query = effectiveQuery(state).toLowerCase();
    entities = entities.filter((e) => !query.includes(`"${e.name.toLowerCase()}"`)).slice(0, 10);
  }
  if (!entities.length) return;
  box.append(el('h3', {}, title),
    el('ul', {}, entities.map((e) => el('li', {},
      el('span', { class: `kind kind-${e.kind}` }, e.kind === 'org' ? 'org' : KIND_LABEL[e.kind].toLowerCase()),
      state
        ? el('button', { type: 'button', class: 'link', onclick: () => {
          const filter = filterFor(e.kind, e.name);
          if (!state.filters.includes(filter)) go({ ...state, filters: [...state.filters, filter], offset: 0 });
        } }, e.name)
        : entityLink(e.kind, e.name, e.name, 'link'),
      el('span', { class: 'count' }, e.articles.toLocaleString())))));
}

// ---- the timeline ----------------------------------------------------------------------------------------------

/** Buckets from the API's month counts: every month from the first to the last (years when that is too many). */
function buckets(months) {
  if (!months.length) return [];
  const key = (y, m) => `${y}-${String(m).padStart(2, '0')}`;
  const counts = new Map(months.map((m) => [m.month, m.count]));
  const [y0, m0] = months[0].month.split('-').map(Number);
  const [y1, m1] = months[months.length - 1].month.split('-').map(Number);
  const span = (y1 - y0) * 12 + (m1 - m0) + 1;
  const out = [];
  if (span <= 120) {
    for (let i = 0; i < span; i++) {
      const y = y0 + Math.floor((m0 - 1 + i) / 12);
      const m = ((m0 - 1 + i) % 12) + 1;
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      out.push({ label: key(y, m), from: `${key(y, m)}-01`, to: `${key(y, m)}-${last}`, count: counts.get(key(y, m)) || 0 });
    }
  } else {
    for (let y = y0; y <= y1; y++) {
      let count = 0;
      for (let m = 1; m <= 12; m++) count += counts.get(key(y, m)) || 0;
      out.push({ label: String(y), from: `${y}-01-01`, to: `${y}-12-31`, count });
    }
  }
  return out;
}

function renderTimeline(months, state) {
  const box = clear($('timeline'));
  const bars = buckets(months);
  box.hidden = !bars.length;
  if (!bars.length) return;
  const max = Math.max(...bars.map((b) => b.count));
  const inRange = (b) => (!state.after || b.to >= state.after) && (!state.before || b.from <= state.before);
  const ranged = Boolean(state.after || state.before);
  const row = el('div', { class: 'bars', role: 'group', 'aria-label': 'Articles by month: click a bar or drag across bars to choose dates' });
  const setRange = (i, j) => {
    const [a, b] = i <= j ? [i, j] : [j, i];
    go({ ...state, after: bars[a].from, before: bars[b].to, offset: 0 });
  };
  bars.forEach((b, i) => {
    const height = b.count ? Math.max(6, Math.round((b.count / max) * 100)) : 0;
    row.append(el('button', {
      type: 'button', class: 'bar' + (ranged && inRange(b) ? ' selected' : ''), 'data-index': i,
      title: `${b.label}: ${b.count} article${b.count === 1 ? '' : 's'}`,
      'aria-label': `${b.label}: ${b.count} articles`,
      // Keyboard activation (a click with no pointer) picks the bar's month; pointers are handled below.
      onclick: (e) => { if (e.detail === 0) setRange(i, i); },
    }, el('span', { class: 'fill', 'data-h': height })));
  });
  // Heights are set here rather than in a style attribute.
  for (const fill of row.querySelectorAll('.fill')) fill.style.height = fill.dataset.h + '%';
  let dragFrom = null;
  let dragTo = null;
  const barAt = (e) => {
    const hit = document.elementFromPoint(e.clientX, e.clientY);
    const bar = hit && hit.closest('.bar');
    return bar && row.contains(bar) ? Number(bar.dataset.index) : null;
  };
  const preview = () => {
    const [a, b] = dragFrom <= dragTo ? [dragFrom, dragTo] : [dragTo, dragFrom];
    row.querySelectorAll('.bar').forEach((bar, i) => bar.classList.toggle('dragging', i >= a && i <= b));
  };
  row.addEventListener('pointerdown', (e) => {
    const i = barAt(e);
    if (i === null) return;
    e.preventDefault();
    dragFrom = dragTo = i;
    preview();
  });
  row.addEventListener('pointermove', (e) => {
    if (dragFrom === null) return;
    const i = barAt(e);
    if (i !== null && i !== dragTo) {
      dragTo = i;
      preview();
    }
  });
  const finish = () => {
    if (dragFrom === null) return;
    const [a, b] = [dragFrom, dragTo];
    dragFrom = dragTo = null;
    setRange(a, b);
  };
  row.addEventListener('pointerup', finish);
  row.addEventListener('pointercancel', () => { dragFrom = dragTo = null; });
  row.addEventListener('pointerleave', finish);
  const dated = bars.reduce((n, b) => n + b.count, 0);
  box.append(
    el('div', { class: 'timeline-head' },
      el('span', {}, `Timeline: ${dated.toLocaleString()} dated article${dated === 1 ? '' : 's'} by ${bars[0].label.length === 4 ? 'year' : 'month'}`),
      el('span', { class: 'hint' }, ranged ? 'drag or click to change the dates' : 'drag or click to choose dates')),
    row,
    el('div', { class: 'axis' }, el('span', {}, bars[0].label), el('span', {}, bars[bars.length - 1].label)));
}

// ---- the article -----------------------------------------------------------------------------------------------

async function showArticle(state) {
  const a = await api('/api/article/' + encodeURIComponent(state.article), {});
  document.title = `${a.title} – newsdex`;
  $('back').href = urlFor({ ...state, article: '' });
  const view = clear($('article'));
  const meta = [a.date || 'undated', a.source, a.byline, a.dateline, a.lang].filter(Boolean).join(' · ');
  $('status').textContent = '';
  view.append(el('h1', {}, a.title || '(untitled)'), el('p', { class: 'meta' }, meta));
  // Only web addresses become links: a `javascript:` or `data:` address stays text.
  if (a.url) {
    view.append(el('p', { class: 'url' }, /^https?:\/\//i.test(a.url)
      ? el('a', { href: a.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, a.url)
      : a.url));
  }
  view.append(el('p', { class: 'legend' }, 'Marked: ',
    ...['person', 'place', 'org'].map((k) => el('span', { class: `ent ent-${k}` }, KIND_LABEL[k]))));
  // The body, with each mention (character offsets) as a link to the search for its entity.
  const chars = Array.from(a.body);
  const body = el('div', { class: 'body', lang: a.lang || null });
  let at = 0;
  for (const m of a.mentions) {
    if (m.start < at) continue;
    body.append(chars.slice(at, m.start).join(''));
    body.append(entityLink(m.kind, m.name, chars.slice(m.start, m.end).join(''), `ent ent-${m.kind}`));
    at = m.end;
  }
  body.append(chars.slice(at).join(''));
  view.append(body);
  for (const [label, list] of [['Captions', a.captions], ['Credits', a.credits]]) {
    if (list.length) view.append(el('h2', {}, label), el('ul', { class: 'plain' }, list.map((c) => el('li', {}, c))));
  }
  const groups = ['person', 'place', 'org'].map((kind) => [kind, a.entities.filter((e) => e.kind === kind)]);
  view.append(el('section', { class: 'entities' }, groups.filter(([, list]) => list.length).map(([kind, list]) =>
    el('div', {}, el('h2', {}, KIND_LABEL[kind] === 'Person' ? 'People' : KIND_LABEL[kind] + 's'),
      el('ul', { class: 'plain' }, list.map((e) => el('li', {},
        entityLink(kind, e.name, e.name, `ent ent-${kind}`), ' ', el('span', { class: 'count' }, `×${e.count}`))))))));
  view.append(el('p', { class: 'path' }, `File: ${a.path} · id ${a.id}`));
}

// ---- events ----------------------------------------------------------------------------------------------------

function start() {
  $('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const state = readState();
    go({ ...state, q: $('q').value.trim(), sort: $('sort').value, offset: 0, article: '' });
  });
  $('sort').addEventListener('change', () => {
    const state = readState();
    if (effectiveQuery(state)) go({ ...state, sort: $('sort').value, offset: 0 });
  });
  // Links within the page (`?…`) change the view without reloading it.
  document.addEventListener('click', (e) => {
    const link = e.target.closest && e.target.closest('a[href]');
    if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const href = link.getAttribute('href');
    if (!(href.startsWith('?') || href === '/' || href === location.pathname)) return;
    e.preventDefault();
    history.pushState(null, '', href);
    render();
    window.scrollTo(0, 0);
  });
  document.addEventListener('keydown', (e) => {
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (e.key === '/' && !typing) {
      e.preventDefault();
      $('q').focus();
      $('q').select();
    } else if (e.key === 'Escape' && !$('article-view').hidden) {
      $('back').click();
    }
  });
  window.addEventListener('popstate', render);
  render();
}

start();
