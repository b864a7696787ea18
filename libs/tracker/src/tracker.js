/*!
 * Cairn tracker — privacy-first page analytics snippet (readable source; `node libs/tracker/build.mjs` minifies it).
 *
 *   <script defer src="https://cairn.example.org/tracker.js" data-site="example.com"></script>
 *
 * Options (attributes on the script tag):
 *   data-site         the site's domain as registered in Cairn (required)
 *   data-api          endpoint override (default: the script's own origin + /api/event)
 *   data-hash         count hash changes as pageviews (otherwise the hash is ignored)
 *   data-allow-local  also track localhost / 127.* / [::1] / file: pages and automated browsers
 *   data-respect-dnt  send nothing when Do-Not-Track or Global Privacy Control is on
 *   data-outbound     record `Outbound Link: Click` {url} for links to other hosts
 *   data-downloads    record `File Download` {url} for links to common file types
 *
 * Every event is POSTed as JSON { site, type, url, referrer, title, screen, name?, props?, revenue?,
 * engagedMs?, scrollDepth? }
 * (contract §2). `url` is location.href without its hash unless data-hash is set (the server keeps
 * `#/route` hashes as pages, so an ignored hash must not reach it); `referrer` rides on the first
 * pageview only.
 *
 * It never uses cookies, Web Storage, IndexedDB or fingerprinting APIs, and defines no global but
 * `window.trackEvent(name, props, { revenue: { amount, currency } }?)`. Comments here cost nothing:
 * the build strips them. Bytes do: the snippet has 1,024 of them gzipped (tracker-size.spec.ts).
 */
// Parameters after the four globals are this closure's state (kept in the parameter list for size):
//   page: the URL last counted, since: when the current visible stretch began, depth: the deepest
//   scroll offset (px) reached since it was counted, referrer: first pageview only.
((w, d, n, l, page, since, depth, referrer = d.referrer) => {
  const s = d.currentScript,
    // `'key' in D` is the test for a boolean attribute (present, whatever its value).
    D = s.dataset,
    endpoint = D.api || new URL('/api/event', s.src),
    // Skipped pages still get every listener and `trackEvent`; only `send` goes quiet.
    off =
      (!('allowLocal' in D) &&
        (/^(localhost|127\..*|\[::1]|)$/.test(l.hostname) || n.webdriver)) ||
      ('respectDnt' in D && (n.doNotTrack == 1 || n.globalPrivacyControl)),
    // One POST per event. A string body goes as text/plain;charset=UTF-8 (beacon and fetch alike),
    // which needs no CORS preflight; sendBeacon survives unload and returns false when it cannot
    // queue, then fetch with keepalive does the same job.
    send = (type, extra, body) =>
      off ||
      ((body = JSON.stringify({
        site: D.site,
        type,
        url: page,
        referrer,
        title: d.title,
        screen: screen.width + 'x' + screen.height,
        ...extra,
      })),
      n.sendBeacon?.(endpoint, body) ||
        fetch(endpoint, { method: 'POST', body, keepalive: true })),
    // Engagement: `since` is when the page last became visible (false while hidden or stopped).
    // flush() closes the running visible stretch and sends it as ONE engagement event for the current
    // page, then restarts the clock only if `resume` and the page is visible. Each stretch is sent once.
    // It carries the scroll depth: the deepest bottom of the viewport as a percent of the page's
    // height. That can pass 100 (an overscroll bounce, a body shorter than the window): the server
    // counts anything above as 100, which costs fewer bytes than clamping here.
    flush = (resume, ms) => {
      ms = since && Date.now() - since;
      since = resume && !d.hidden && Date.now();
      ms > 0 && send('engagement', { engagedMs: ms, scrollDepth: (((depth + innerHeight) * 100) / d.body.scrollHeight) | 0 });
    },
    // Pageview unless the URL (without its hash, unless data-hash) is the one already counted. (With
    // data-hash it splits at a space, which an href never holds: the whole URL.)
    // The previous page's engagement goes first; the referrer only rides on the first pageview.
    pageview = () => {
      const url = l.href.split('hash' in D ? ' ' : '#')[0];
      if (url != page) {
        flush(1);
        page = url;
        depth = 0;
        send('pageview');
        referrer = void 0;
      }
    },
    // SPA navigations: wait a tick so the app has set the new document.title.
    later = () => setTimeout(pageview),
    on = (type, fn) => addEventListener(type, fn, true),
    // Custom events; props keep only flat string / number / boolean values. The third argument may
    // carry `revenue: {amount, currency}` (the server checks it).
    track = (w.trackEvent = (name, props, o) => {
      const flat = {};
      for (const k in props) /^[snb][tuo]/.test(typeof props[k]) && (flat[k] = props[k]);
      send('event', { name, props: flat, ...o });
    });
  for (const k of ['pushState', 'replaceState']) {
    const original = history[k];
    history[k] = (...args) => (original.apply(history, args), later());
  }
  on('popstate', later);
  on('hashchange', later);
  on('visibilitychange', flush); // the event object is truthy: resume when visible again
  on('pagehide', () => flush());
  on('scroll', () => depth < scrollY && (depth = scrollY)); // capture: element scrolls come too, harmlessly

  // Clicks (capture phase on window, so nothing can swallow them; navigation is never blocked).
  // auxclick covers the middle button; other buttons (> 1) are not clicks on a link.
  const click = (e) => {
    if (e.button > 1) return;
    const el = e.target.closest?.('[data-cairn-event]'),
      a = e.target.closest?.('a[href]');
    if (el) {
      const props = {};
      for (const { name, value } of el.attributes) {
        const key = name.split('data-cairn-event-')[1];
        key && (props[key] = value);
      }
      track(el.dataset.cairnEvent, props);
    }
    if (a) {
      const url = { url: a.href };
      'downloads' in D &&
      /\.(pdf|zip|dmg|exe|msi|(doc|xls|ppt)x?|csv|txt|mp[34]|mov|avi|wav|7z|rar|gz|tar|iso|apk|epub)$/i.test(a.pathname)
        ? track('File Download', url)
        : 'outbound' in D && a.host && a.host != l.host && track('Outbound Link: Click', url);
    }
  };
  on('click', click);
  on('auxclick', click);

  pageview();
})(window, document, navigator, location);
