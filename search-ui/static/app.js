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

  // ---- year brushing: press on one bar, release on another, and the range between them is selected
  let brushFrom = null;
  let suppressClick = false;
  function bindYears() {
    const chart = document.querySelector('[data-years]');
    if (!chart) return;
    const bars = [...chart.querySelectorAll('[data-year]')];
    const mark = (a, b) => bars.forEach((bar) => {
      const y = +bar.dataset.year;
      bar.classList.toggle('brushing', a !== null && y >= Math.min(a, b) && y <= Math.max(a, b));
    });
    // bars are links: without this, pressing and dragging starts the browser's own link drag instead
    chart.addEventListener('dragstart', (event) => event.preventDefault());
    // the bar under the pointer, found by position: touch keeps sending events to the bar first pressed
    const barAt = (event) => {
      const el = document.elementFromPoint(event.clientX, event.clientY);
      return el && el.closest('[data-years] [data-year]');
    };
    chart.addEventListener('pointerdown', (event) => {
      // a finger scrolls the page (touch-action: pan-y) and taps a year; only a mouse or pen brushes a range
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
      typedEntry = false;
      const to = +bar.dataset.year;
      const url = new URL(location.href);
      url.searchParams.delete('year');
      url.searchParams.delete('page');
      url.searchParams.set('year_from', Math.min(from, to));
      url.searchParams.set('year_to', Math.max(from, to));
      load(url.pathname + url.search, 'push', true);
    });
    chart.addEventListener('click', (event) => {
      if (suppressClick) { event.preventDefault(); event.stopPropagation(); suppressClick = false; }
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

// A thumbnail that cannot load gives way to the plain placeholder, on every page.
document.addEventListener('error', (event) => {
  const img = event.target;
  if (img.tagName === 'IMG' && img.closest('.thumb')) {
    const placeholder = document.createElement('span');
    placeholder.className = 'thumb-none';
    img.replaceWith(placeholder);
  }
}, true);

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

// The player: a direct video file that cannot be loaded (links on conference sites expire) shows the fallback
// links beside it; the start time of a shared link (?t=) is applied once the file's metadata is known, for
// browsers that ignore the media fragment.
(() => {
  const video = document.querySelector('video[data-fallback]');
  if (!video) return;
  const fallback = document.getElementById(video.dataset.fallback);
  const showFallback = () => { if (fallback) fallback.hidden = false; };
  video.addEventListener('error', showFallback);
  // the error may have come before this deferred script ran
  if (video.error || video.networkState === HTMLMediaElement.NETWORK_NO_SOURCE) showFallback();
  const start = Number(video.dataset.start || 0);
  if (start > 0) {
    video.addEventListener('loadedmetadata', () => {
      if (video.currentTime < start) video.currentTime = start;
    }, { once: true });
  }
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

// What embedded players say, read without their own scripts (the Content-Security-Policy allows only ours): a
// YouTube player loaded with enablejsapi=1 posts "infoDelivery" messages carrying currentTime once the page has
// posted {"event":"listening"} to it; Vimeo's player posts "ready", and "timeupdate" (data.seconds) once asked
// with {"method":"addEventListener","value":"timeupdate"}. Pure functions, no page state, so that a test can call
// them: a message counts only when it comes from the player's own origin.
const playerMessages = Object.freeze((() => {
  const ORIGINS = Object.freeze({
    youtube: Object.freeze(['https://www.youtube.com', 'https://www.youtube-nocookie.com']),
    vimeo: Object.freeze(['https://player.vimeo.com']),
  });
  const seconds = (value) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null);
  return {
    // The kind of player an iframe's address is, or null for one that is not followed.
    kind(src) {
      let url;
      try { url = new URL(src); } catch (e) { return null; }
      for (const [kind, origins] of Object.entries(ORIGINS)) if (origins.includes(url.origin)) return kind;
      return null;
    },
    // What a message says when it comes from that kind of player at its own origin: { ready } or { seconds },
    // or null for anything else (another origin, not JSON, another event, a position that is not a number).
    read(kind, origin, data) {
      if (!Object.prototype.hasOwnProperty.call(ORIGINS, kind) || !ORIGINS[kind].includes(origin)) return null;
      let message = data;
      if (typeof data === 'string') {
        try { message = JSON.parse(data); } catch (e) { return null; }
      }
      if (!message || typeof message !== 'object') return null;
      if (kind === 'youtube') {
        if (message.event === 'onReady') return { ready: true };
        if (message.event !== 'infoDelivery' && message.event !== 'initialDelivery') return null;
        const at = seconds(message.info && message.info.currentTime);
        return at === null ? { ready: true } : { seconds: at };
      }
      if (message.event === 'ready') return { ready: true };
      if (message.event !== 'timeupdate') return null;
      const at = seconds(message.data && message.data.seconds);
      return at === null ? null : { seconds: at };
    },
    // The messages that ask a player to report its position.
    listen(kind) {
      return kind === 'youtube' ? JSON.stringify({ event: 'listening', id: 1, channel: 'widget' })
        : JSON.stringify({ method: 'addEventListener', value: 'timeupdate' });
    },
    // The messages that move a player to a second and play on from there.
    seek(kind, at) {
      return kind === 'youtube'
        ? [JSON.stringify({ event: 'command', func: 'seekTo', args: [at, true], id: 1, channel: 'widget' }),
          JSON.stringify({ event: 'command', func: 'playVideo', args: [], id: 1, channel: 'widget' })]
        : [JSON.stringify({ method: 'setCurrentTime', value: at }), JSON.stringify({ method: 'play' })];
    },
  };
})());

// The transcript follows playback: the cue being said is marked and kept in view inside the scrollable list, and
// a click on a cue moves the player there instead of reloading the page. An HTML5 video is followed through its
// own events; a YouTube or Vimeo player through the messages above, and only once it has answered: until then
// (or when it never does, say when its host is blocked) a cue stays a plain link that reloads the page with ?t=.
(() => {
  const list = document.querySelector('.transcript ol.cues');
  if (!list) return;
  const cues = Array.from(list.querySelectorAll('li[data-start]'));
  if (cues.length === 0) return;
  let current = null;
  const follow = (now) => {
    let found = null;
    for (const cue of cues) {
      if (Number(cue.dataset.start) <= now) found = cue; else break;
    }
    if (found === current) return;
    if (current) { current.classList.remove('current'); current.removeAttribute('aria-current'); }
    current = found;
    if (current) {
      current.classList.add('current');
      current.setAttribute('aria-current', 'time');
      const top = current.offsetTop - list.offsetTop;
      if (top < list.scrollTop || top > list.scrollTop + list.clientHeight - current.offsetHeight) {
        list.scrollTop = top - list.clientHeight / 3;
      }
    }
  };

  // seekTo(second) moves the player and returns true, or returns false when the link should be followed
  let seekTo = () => false;
  const video = document.querySelector('video[data-fallback]');
  const frame = document.querySelector('.player iframe');
  const kind = frame && playerMessages.kind(frame.src);
  if (video) {
    video.addEventListener('timeupdate', () => follow(video.currentTime));
    seekTo = (at) => {
      video.currentTime = at;
      video.play().catch(() => {});
      return true;
    };
  } else if (kind) {
    const target = new URL(frame.src).origin;
    // read at each use: the frame's window changes when it navigates (a lazy frame starts as about:blank)
    const post = (message) => { if (frame.contentWindow) frame.contentWindow.postMessage(message, target); };
    let answered = false;
    let asking = null;
    const ask = () => {
      clearInterval(asking);
      let tries = 0;
      post(playerMessages.listen(kind));
      // the player may not be listening yet when its frame has loaded: ask again until it answers, for 10 s
      asking = setInterval(() => {
        if (answered || ++tries > 20) clearInterval(asking); else post(playerMessages.listen(kind));
      }, 500);
    };
    window.addEventListener('message', (event) => {
      if (event.source !== frame.contentWindow) return;
      const said = playerMessages.read(kind, event.origin, event.data);
      if (!said) return;
      if (!answered && kind === 'vimeo') post(playerMessages.listen(kind)); // its first answer may be "ready"
      answered = true;
      if (said.seconds !== undefined) follow(said.seconds);
    });
    frame.addEventListener('load', ask);
    ask();
    seekTo = (at) => {
      if (!answered) return false;
      playerMessages.seek(kind, at).forEach(post);
      follow(at);
      return true;
    };
  }
  list.addEventListener('click', (event) => {
    const link = event.target.closest('a');
    const cue = link && link.closest('li[data-start]');
    if (!cue || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button !== 0) return;
    if (seekTo(Number(cue.dataset.start))) event.preventDefault();
  });
})();
