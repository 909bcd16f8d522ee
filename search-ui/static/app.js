// Talk Archive: progressive enhancement. Every page works without this file; with it, search is instant,
// the box suggests talks, speakers and events, and the year chart can be brushed into a range.
(() => {
  'use strict';
  const form = document.getElementById('search-form');
  const input = document.getElementById('q');
  if (!form || !input) return;
  const list = document.getElementById('suggestions');
  const live = document.getElementById('live');
  let inflight = null;
  let typing;

  // ---- instant search: fetch the server-rendered page for a URL and swap its results in place
  function formUrl() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (value.trim() !== '') params.append(name, value);
    }
    const qs = params.toString();
    return form.getAttribute('action') + (qs ? '?' + qs : '');
  }

  // Every load gets a number; an answer that arrives after a newer load started is dropped, so an older search
  // can never overwrite the URL, results or chart of a newer one (aborting alone misses answers already read).
  let latest = 0;
  // The page shown, as path and query. Following a link to a #fragment (the skip link, "Filters") also fires
  // popstate: that needs no load, which would replace the results and drop the focus the link just moved there.
  const pageOf = (href) => { const u = new URL(href, location.href); return u.pathname + u.search; };
  let shown = pageOf(location.href);
  function busy(on) {
    const region = document.getElementById('results-region');
    if (region) region.setAttribute('aria-busy', String(on));
  }

  // Whether the current history entry was made by typing: the first pause in typing adds an entry (so Back returns
  // to the page typed from, the empty start page too), later pauses and an Enter on the same words update it.
  let typedEntry = false;

  // After a load the viewer chose (a filter, a chip, sort, a page, the year form), focus and view move to the results,
  // as they would on a new page; while typing, both stay in the box.
  function toResults() {
    const heading = document.getElementById('results-heading') || document.getElementById('heading');
    const results = document.getElementById('results') || document.getElementById('results-region');
    if (!heading || !results) return;
    heading.focus({ preventScroll: true });
    results.scrollIntoView({ block: 'start' });
  }

  async function load(url, history_, moveFocus) {
    clearTimeout(typing); // a navigation supersedes a search still waiting for the typist to pause
    const mine = ++latest;
    if (inflight) inflight.abort();
    inflight = new AbortController();
    busy(true);
    let doc;
    try {
      const response = await fetch(url, { signal: inflight.signal, headers: { Accept: 'text/html' } });
      if (mine !== latest) return;
      if (!response.ok) { location.assign(url); return; } // the server's own page explains the error
      doc = new DOMParser().parseFromString(await response.text(), 'text/html');
    } catch (e) {
      if (e.name !== 'AbortError' && mine === latest) location.assign(url);
      return;
    }
    if (mine !== latest) return;
    const fresh = doc.getElementById('results-region');
    if (!fresh) { location.assign(url); return; }
    // the filters stay open or closed as the viewer left them (they fold away on a phone)
    const filters = document.getElementById('filters');
    const freshFilters = fresh.querySelector('#filters');
    if (filters && freshFilters) freshFilters.open = filters.open;
    document.getElementById('results-region').replaceWith(fresh); // the fresh region is not busy
    document.title = doc.title;
    const heading = doc.getElementById('heading');
    if (heading) document.getElementById('heading').textContent = heading.textContent;
    // the form's hidden filters follow the new state; the box keeps what is being typed
    form.querySelectorAll('input[type=hidden]').forEach((el) => el.remove());
    doc.querySelectorAll('#search-form input[type=hidden]').forEach((el) => {
      form.insertBefore(document.importNode(el, true), form.querySelector('button'));
    });
    if (history_ === 'push') history.pushState(null, '', url);
    if (history_ === 'replace') history.replaceState(null, '', url);
    shown = pageOf(url);
    const count = document.getElementById('result-count');
    if (live) live.textContent = count ? count.textContent : doc.title;
    bindYears();
    if (moveFocus) toResults();
  }

  input.addEventListener('input', () => {
    clearTimeout(typing);
    busy(true); // results are about to change
    typing = setTimeout(() => {
      const url = formUrl();
      if (pageOf(url) === shown) { busy(false); return; }
      load(url, typedEntry ? 'replace' : 'push');
      typedEntry = true;
    }, 250);
    suggestSoon();
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    closeSuggestions();
    const url = formUrl();
    // Enter on the words already shown (typing loaded them) adds no second, identical entry
    load(url, pageOf(url) === shown || typedEntry ? 'replace' : 'push', true);
    typedEntry = false;
  });

  // links that change the search (facets, chips, sort, pages) load in place
  document.addEventListener('click', (event) => {
    const link = event.target.closest('#results-region a[href]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    // "Filters" above the results on a phone jumps down to the folded filters: it opens them too
    if (link.getAttribute('href') === '#filters') {
      const filters = document.getElementById('filters');
      if (filters) filters.open = true;
      return;
    }
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.pathname !== form.getAttribute('action')) return;
    event.preventDefault();
    input.value = url.searchParams.get('q') || '';
    typedEntry = false;
    load(url.pathname + url.search, 'push', true);
  });

  // the year form beside the chart (and any other GET form among the results) loads in place too
  document.addEventListener('submit', (event) => {
    const range = event.target.closest('#results-region form[method=get]');
    if (!range || event.defaultPrevented || range.getAttribute('action') !== form.getAttribute('action')) return;
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(range)) if (value.trim() !== '') params.append(name, value);
    const qs = params.toString();
    typedEntry = false;
    load(range.getAttribute('action') + (qs ? '?' + qs : ''), 'push', true);
  });

  window.addEventListener('popstate', () => {
    if (pageOf(location.href) === shown) return;
    input.value = new URL(location.href).searchParams.get('q') || '';
    typedEntry = false;
    load(location.pathname + location.search, null);
  });

  // ---- filters: folded on a phone, where they come after the results; open beside them on a wide screen.
  // The page arrives with them open, so without this script every screen shows them.
  const wide = window.matchMedia('(min-width: 761px)');
  const fitFilters = () => {
    const filters = document.getElementById('filters');
    if (filters) filters.open = wide.matches;
  };
  wide.addEventListener('change', fitFilters);
  fitFilters();

  // ---- year ranges: a mouse or pen presses on one bar and releases on another; a finger taps the first year, then
  // the last. Either way the range between them is selected; a keyboard follows a bar's link (one year) or uses the form.
  let brushFrom = null;
  let tapFrom = null;
  let suppressClick = false;
  function bindYears() {
    const chart = document.querySelector('[data-years]');
    if (!chart) return;
    tapFrom = null; // a start tapped on the chart this load replaced is forgotten with it
    const bars = [...chart.querySelectorAll('[data-year]')];
    const mark = (a, b) => bars.forEach((bar) => {
      const y = +bar.dataset.year;
      bar.classList.toggle('brushing', a !== null && y >= Math.min(a, b) && y <= Math.max(a, b));
    });
    const applyRange = (from, to) => {
      typedEntry = false;
      const url = new URL(location.href);
      url.searchParams.delete('year');
      url.searchParams.delete('page');
      url.searchParams.set('year_from', Math.min(from, to));
      url.searchParams.set('year_to', Math.max(from, to));
      load(url.pathname + url.search, 'push', true);
    };
    // bars are links: without this, pressing and dragging starts the browser's own link drag instead
    chart.addEventListener('dragstart', (event) => event.preventDefault());
    // the bar under the pointer, found by position: touch keeps sending events to the bar first pressed
    const barAt = (event) => {
      const el = document.elementFromPoint(event.clientX, event.clientY);
      return el && el.closest('[data-years] [data-year]');
    };
    chart.addEventListener('pointerdown', (event) => {
      // a finger scrolls the page (touch-action: pan-y), so it does not brush: its taps arrive as clicks below
      if (event.pointerType === 'touch') return;
      const bar = barAt(event);
      if (!bar) return;
      brushFrom = +bar.dataset.year;
      mark(brushFrom, brushFrom);
    });
    chart.addEventListener('pointermove', (event) => {
      const bar = brushFrom !== null && barAt(event);
      if (bar) mark(brushFrom, +bar.dataset.year);
    });
    chart.addEventListener('pointerup', (event) => {
      const bar = barAt(event);
      const from = brushFrom;
      brushFrom = null;
      mark(null, null);
      if (from === null || !bar || +bar.dataset.year === from) return;
      suppressClick = true;
      applyRange(from, +bar.dataset.year);
    });
    chart.addEventListener('click', (event) => {
      if (suppressClick) { event.preventDefault(); event.stopPropagation(); suppressClick = false; return; }
      // a swipe sends no click (the browser cancels the pointer when it scrolls), so only taps get here
      const bar = event.pointerType === 'touch' && event.target.closest('[data-year]');
      if (!bar) return;
      event.preventDefault();
      event.stopPropagation();
      const year = +bar.dataset.year;
      if (tapFrom === null) {
        tapFrom = year;
        mark(year, year);
        if (live) live.textContent = 'From ' + year + ': tap the last year of the range';
        return;
      }
      const from = tapFrom;
      tapFrom = null;
      mark(null, null);
      applyRange(from, year);
    }, true);
  }
  bindYears();


  // ---- suggestions: a combobox listing talks, speakers and events
  let suggestTimer;
  let options = [];
  let active = -1;
  let generation = 0; // bumped when the list closes, so an answer still on its way cannot reopen it
  function suggestSoon() {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(suggest, 120);
  }
  async function suggest() {
    const text = input.value.trim();
    if (text.length < 2) { closeSuggestions(); return; }
    const asked = generation;
    let body;
    try {
      const response = await fetch('/api/suggest?q=' + encodeURIComponent(text));
      if (!response.ok) return;
      body = await response.json();
    } catch (e) { return; }
    if (input.value.trim() !== text || asked !== generation) return; // typing went on, or the list was closed
    options = body.suggestions;
    list.replaceChildren(...options.map((s, i) => {
      const li = document.createElement('li');
      li.id = 'suggestion-' + i;
      li.setAttribute('role', 'option');
      li.dataset.url = s.url;
      const kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = s.kind.toLowerCase();
      const label = document.createElement('span');
      label.className = 'label';
      label.textContent = s.label;
      const detail = document.createElement('span');
      detail.className = 'detail';
      detail.textContent = s.detail;
      li.append(kind, label, detail);
      li.addEventListener('mousedown', (event) => { event.preventDefault(); location.assign(s.url); });
      return li;
    }));
    active = -1;
    list.hidden = options.length === 0;
    input.setAttribute('aria-expanded', String(options.length > 0));
    input.removeAttribute('aria-activedescendant');
  }
  function closeSuggestions() {
    clearTimeout(suggestTimer);
    generation++;
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }
  function highlight(index) {
    const items = list.querySelectorAll('[role=option]');
    items.forEach((el, i) => el.setAttribute('aria-selected', String(i === index)));
    active = index;
    if (index >= 0) input.setAttribute('aria-activedescendant', items[index].id);
    else input.removeAttribute('aria-activedescendant');
  }
  input.addEventListener('keydown', (event) => {
    if (list.hidden) return;
    const n = options.length;
    if (event.key === 'ArrowDown') { event.preventDefault(); highlight((active + 1) % n); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); highlight(active <= 0 ? n - 1 : active - 1); }
    // Escape closes the list and nothing else: in a search box the browser would also clear the query. A second
    // Escape, with the list closed, does clear it (handled above by returning early), as search boxes do.
    else if (event.key === 'Escape') { event.preventDefault(); closeSuggestions(); }
    else if (event.key === 'Enter' && active >= 0) { event.preventDefault(); location.assign(options[active].url); }
  });
  input.addEventListener('blur', () => setTimeout(closeSuggestions, 150));
})();

// Speaker pages: events, years and co-speakers fold behind their summary on a phone, where the talks come first;
// they arrive open, so without this script every screen shows them.
(() => {
  const panel = document.querySelector('details.facts-panel');
  if (!panel) return;
  const wide = window.matchMedia('(min-width: 900px)');
  const fit = () => { panel.open = wide.matches; };
  wide.addEventListener('change', fit);
  fit();
})();

// The admin console's job page: while the job runs, fetch the same server-rendered page every second and swap its
// progress in, until the job has ended. Without this script the page says where the job is at each reload.
(() => {
  const job = document.getElementById('job');
  if (!job || job.dataset.running !== 'true') return;
  const refresh = async () => {
    try {
      const response = await fetch(location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      if (!response.ok) return; // signed out or the app is restarting: keep what is shown, try again
      const next = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById('job');
      if (!next) return;
      const current = document.getElementById('job');
      // the state line is a live region: update its text in place so screen readers announce the change
      const state = current.querySelector('#job-state');
      const nextState = next.querySelector('#job-state');
      for (const child of [...current.children]) if (child !== state) child.remove();
      if (state && nextState) state.textContent = nextState.textContent;
      if (state && nextState) state.className = nextState.className;
      for (const child of [...next.children]) if (child.id !== 'job-state') current.append(child);
      current.dataset.running = next.dataset.running;
    } catch (e) {
      // a network hiccup: the next round tries again
    }
    if (document.getElementById('job').dataset.running === 'true') setTimeout(refresh, 1000);
  };
  setTimeout(refresh, 1000);
})();

