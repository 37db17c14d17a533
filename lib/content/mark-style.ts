/**
 * The marks' stylesheet (lib/content/marks.css), put into the page only once we mark something
 * and taken out when we stop. A stylesheet injected by the manifest on every page would show the
 * page that we are installed: any page could make a `<mark class="fact-context-mark">` and read
 * its computed style. Adopted as a constructed sheet: no element in the page's DOM, and not
 * subject to the page's Content-Security-Policy (a `<style>` element is, under `style-src 'self'`).
 * Where a document cannot adopt sheets, a `<style>` element does the same.
 */
import css from './marks.css?inline';

export class MarkStyle {
  private sheet: CSSStyleSheet | null = null;
  private element: HTMLStyleElement | null = null;

  constructor(private readonly doc: Document) {}

  /** Puts the stylesheet in (again, when the page dropped it). Cheap when it is there. */
  attach(): void {
    const { doc } = this;
    if (canAdopt(doc)) {
      if (!this.sheet) {
        this.sheet = new (doc.defaultView ?? globalThis).CSSStyleSheet();
        this.sheet.replaceSync(css);
      }
      if (!doc.adoptedStyleSheets.includes(this.sheet))
        doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, this.sheet];
      return;
    }
    if (!this.element) {
      this.element = doc.createElement('style');
      this.element.textContent = css;
    }
    if (!this.element.isConnected) (doc.head ?? doc.documentElement).append(this.element);
  }

  /** Takes the stylesheet out. */
  detach(): void {
    const { doc, sheet } = this;
    if (sheet && canAdopt(doc) && doc.adoptedStyleSheets.includes(sheet))
      doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
    this.element?.remove();
  }
}

function canAdopt(doc: Document): boolean {
  const view = doc.defaultView;
  return (
    Array.isArray(doc.adoptedStyleSheets) && !!view && typeof view.CSSStyleSheet.prototype.replaceSync === 'function'
  );
}
