import { TestBed } from '@angular/core/testing';
import { SiteSnippetComponent, trackingSnippet } from './site-snippet.component';
import { loadTranslations, provideI18nTesting } from '../i18n/i18n.testing';

describe('SiteSnippetComponent', () => {
  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideI18nTesting()] });
    await loadTranslations('sites');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('builds the script and the no-JavaScript pixel for the site', () => {
    expect(trackingSnippet('https://stats.example.org', 'blog.example')).toBe(
      '<script defer src="https://stats.example.org/tracker.js" data-site="blog.example"></script>\n' +
        '<noscript><img src="https://stats.example.org/pixel.gif?site=blog.example&path=%2F" alt=""></noscript>',
    );
  });

  async function render() {
    const fixture = TestBed.createComponent(SiteSnippetComponent);
    fixture.componentRef.setInput('domain', 'blog.example');
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it("shows the snippet for this dashboard's own origin as text", async () => {
    const element = await render();
    const code = element.querySelector('textarea')!;
    expect(code.value).toContain(`src="${location.origin}/tracker.js"`);
    expect(element.querySelector('script, img')).toBeNull();
  });

  it('copies the snippet to the clipboard', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const element = await render();

    element.querySelector('button')!.click();
    await vi.waitFor(() => expect(element.querySelector('[role=status]')!.textContent).toContain('Copied'));
    expect(writeText).toHaveBeenCalledWith(trackingSnippet(location.origin, 'blog.example'));
  });

  it('selects the snippet for a manual copy when the clipboard is refused', async () => {
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: vi.fn().mockRejectedValue(new Error('denied')) } });
    const element = await render();

    element.querySelector('button')!.click();
    await vi.waitFor(() => expect(element.querySelector('[role=status]')!.textContent).toContain('press Ctrl+C'));
    const code = element.querySelector('textarea')!;
    expect(document.activeElement).toBe(code);
    expect(code.selectionEnd - code.selectionStart).toBe(code.value.length);
  });
});
