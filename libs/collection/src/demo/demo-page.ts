/** The /demo page: the real snippet on a small site with links, SPA navigation and event buttons. */
export function demoPage(site: string, section: string): string {
  const title = section === '/' ? 'Home' : section.slice(1).replace(/^\w/, (c) => c.toUpperCase());
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Cairn demo</title>
<link rel="stylesheet" href="/demo/demo.css">
<script defer src="/demo/demo.js"></script>
<script defer src="/tracker.js" data-site="${site}" data-api="/api/event" data-allow-local data-outbound data-downloads></script>
</head>
<body>
<header><strong>Cairn demo</strong> · this page reports to the site <code>${site}</code></header>
<nav>
  <a href="/demo">Home</a>
  <a href="/demo/pricing">Pricing (page load)</a>
  <a href="/demo/docs" data-spa>Docs (SPA pushState)</a>
  <a href="/demo/blog" data-spa>Blog (SPA pushState)</a>
  <a href="/demo/article">A long article (scroll depth)</a>
</nav>
<main>
  <h1 id="heading">${title}</h1>
  <p>Every navigation above records a pageview; the buttons and links below record custom events.</p>
  <p>
    <button type="button" data-cairn-event="Signup" data-cairn-event-plan="pro">Sign up (custom event)</button>
    <button type="button" id="track-download">trackEvent('Download', {format: 'pdf'})</button>
  </p>
  <p>
    <a href="https://example.org/" id="outbound">An outbound link</a> ·
    <a href="/demo/files/report.pdf" id="download" download>A file download</a>
  </p>
  <h2>Sent from this page</h2>
  <ol id="sent" aria-live="polite"></ol>
  <p>Open the <a href="/">dashboard</a> to see them counted.</p>
${section === '/article' ? LONG_ARTICLE : ''}
</main>
</body>
</html>
`;
}

/** A page several screens long: scroll it and leave, and its row in Top pages shows how far readers got. */
const LONG_ARTICLE = `<article id="article">
<h2>A long article</h2>
${Array.from({ length: 40 }, (_, i) => `<p>Paragraph ${i + 1}. Scroll on: the engagement report sent when you leave carries the deepest percent of this page you saw.</p>`).join('\n')}
<p id="article-end">The end.</p>
</article>`;

/** Shows each beacon the snippet sends, and drives the SPA links. Loaded before the snippet. */
export const DEMO_SCRIPT = `(() => {
  const list = () => document.getElementById('sent');
  const show = (body) => {
    try {
      const event = JSON.parse(body);
      const item = document.createElement('li');
      item.textContent = event.type + (event.name ? ' ' + event.name : '') + ' ' + new URL(event.url).pathname +
        (event.engagedMs !== undefined ? ' (' + event.engagedMs + ' ms visible' + (event.scrollDepth !== undefined ? ', scrolled to ' + event.scrollDepth + '%' : '') + ')' : '') + (event.props ? ' ' + JSON.stringify(event.props) : '');
      list() && list().prepend(item);
    } catch {}
  };
  const beacon = navigator.sendBeacon && navigator.sendBeacon.bind(navigator);
  if (beacon) navigator.sendBeacon = (url, data) => {
    if (data instanceof Blob) data.text().then(show); else show(String(data));
    return beacon(url, data);
  };
  document.addEventListener('click', (e) => {
    const link = e.target.closest && e.target.closest('a[data-spa]');
    if (link) {
      e.preventDefault();
      history.pushState({}, '', link.href);
      const name = link.pathname.split('/').pop();
      document.getElementById('heading').textContent = name.charAt(0).toUpperCase() + name.slice(1);
      document.title = document.getElementById('heading').textContent + ' — Cairn demo';
    }
    if (e.target.id === 'track-download') window.trackEvent('Download', { format: 'pdf' });
    if (e.target.id === 'outbound' || e.target.id === 'download') e.preventDefault();
  });
})();
`;

export const DEMO_STYLES = `body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:1rem;color:#1d2430;background:#fff}
header{padding:.5rem 0;border-bottom:1px solid #ddd}nav{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}
button{font:inherit;padding:.4rem .8rem;margin:.2rem 0}code{background:#f1f3f5;padding:0 .3rem}
@media (prefers-color-scheme:dark){body{color:#e6e9ef;background:#14171c}code{background:#262b33}header{border-color:#333}a{color:#8ab4ff}}
`;
