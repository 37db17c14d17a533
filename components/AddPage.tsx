/**
 * The "Add this article" confirmation as a page of its own (`add.html?tab=<id>`), opened by the
 * card's "Add this page as a source" and by the keyboard command (lib/actions/add-article.ts).
 * The same preview and confirmation as the popup's (./popup/AddArticle.tsx): the article of tab
 * `id` is read at once, and stored only when the reader clicks "Add to your articles" here, in an
 * extension page no web page can reach. Cancel, or "Back to the article", closes it.
 */
import { browser } from '#imports';
import { addPageTab } from '@/lib/actions/add-article';
import { AddArticle } from './popup/AddArticle';
import { openOptions } from './popup/extension';

/** Shows the article's tab again and closes this page (a closed tab is nothing to lose). */
async function backToArticle(tabId: number | null): Promise<void> {
  if (tabId !== null) await browser.tabs.update(tabId, { active: true }).catch(() => {});
  const own = await browser.tabs.getCurrent().catch(() => undefined);
  if (own?.id !== undefined) await browser.tabs.remove(own.id);
  else window.close();
}

export function AddPage({ search = location.search }: { search?: string } = {}) {
  const tabId = addPageTab(search);
  return (
    <main class="add-page">
      <h1>Add this article to your sources</h1>
      {tabId === null ? (
        <p class="error" role="alert">
          This page was opened without a tab to read: use “Add this page as a source” on a card, or the popup.
        </p>
      ) : (
        <AddArticle
          tabId={tabId}
          autoStart
          onCancel={() => void backToArticle(tabId)}
          onOpenList={() => void openOptions()}
        />
      )}
      <p>
        <button type="button" class="link" onClick={() => void backToArticle(tabId)}>
          Back to the article
        </button>
      </p>
    </main>
  );
}
