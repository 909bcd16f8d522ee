// Talk Archive, talk pages only (loaded after app.js): the player's fallback and start time, and the transcript that
// follows playback. Without this file the player, the sources and every cue still work as plain links.
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
