/**
 * `markdown.toHtml(text)`: Markdown to HTML, the common subset of CommonMark that chat and mail
 * steps send: ATX headings, paragraphs, hard line breaks, block quotes, lists, fenced and
 * indented code, thematic breaks, emphasis, code spans, links, images and autolinks. HTML in the
 * text is escaped, not passed through.
 */
import { requireString } from './java-checks';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Inline Markdown of one block's text. */
function inline(text: string): string {
  const codes: string[] = [];
  // Code spans first: nothing inside them is Markdown.
  let out = text.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_, _ticks: string, code: string) => {
    codes.push(`<code>${escapeHtml(code.replace(/^ (.*) $/, '$1'))}</code>`);
    return `\u0000${codes.length - 1}\u0000`;
  });
  out = escapeHtml(out.replace(/\\([\\`*_{}[\]()#+\-.!>~|])/g, (_, ch: string) => `\u0001${ch.charCodeAt(0)}\u0001`));
  out = out
    .replace(/!\[([^\]]*)\]\(([^)\s]+)(?:\s+&quot;(.*?)&quot;)?\)/g, (_, alt: string, src: string, title?: string) => `<img src="${src}" alt="${alt}"${title ? ` title="${title}"` : ''} />`)
    .replace(/\[([^\]]+)\]\(([^)\s]+)(?:\s+&quot;(.*?)&quot;)?\)/g, (_, label: string, href: string, title?: string) => `<a href="${href}"${title ? ` title="${title}"` : ''}>${label}</a>`)
    .replace(/&lt;((?:https?|ftp|mailto):[^\s&]+)&gt;/g, '<a href="$1">$1</a>')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '<strong>$2</strong>')
    .replace(/(\*|_)(?=\S)([\s\S]*?\S)\1/g, '<em>$2</em>')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '<del>$1</del>')
    .replace(/(?: {2,}|\\)\n/g, '<br />\n');
  return out
    .replace(/\u0001(\d+)\u0001/g, (_, code: string) => escapeHtml(String.fromCharCode(Number(code))))
    .replace(/\u0000(\d+)\u0000/g, (_, index: string) => codes[Number(index)] ?? '');
}

interface ListItem {
  lines: string[];
}

function renderBlocks(lines: string[]): string {
  const html: string[] = [];
  let i = 0;
  const paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) {
      html.push(`<p>${inline(paragraph.join('\n').trim())}</p>`);
      paragraph.length = 0;
    }
  };
  while (i < lines.length) {
    const line = lines[i] as string;
    const fence = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/.exec(line);
    if (fence) {
      flush();
      const closing = new RegExp(`^ {0,3}${(fence[1] as string).charAt(0)}{${(fence[1] as string).length},}\\s*$`);
      const code: string[] = [];
      i += 1;
      while (i < lines.length && !closing.test(lines[i] as string)) code.push(lines[i++] as string);
      i += 1;
      const language = fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : '';
      html.push(`<pre><code${language}>${escapeHtml(code.join('\n'))}${code.length > 0 ? '\n' : ''}</code></pre>`);
      continue;
    }
    if (/^\s*$/.test(line)) {
      flush();
      i += 1;
      continue;
    }
    const heading = /^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(line);
    if (heading) {
      flush();
      const level = (heading[1] as string).length;
      html.push(`<h${level}>${inline(heading[2] ?? '')}</h${level}>`);
      i += 1;
      continue;
    }
    if (/^ {0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush();
      html.push('<hr />');
      i += 1;
      continue;
    }
    if (/^ {0,3}>/.test(line)) {
      flush();
      const quoted: string[] = [];
      while (i < lines.length && /^ {0,3}>/.test(lines[i] as string)) quoted.push((lines[i++] as string).replace(/^ {0,3}> ?/, ''));
      html.push(`<blockquote>\n${renderBlocks(quoted)}\n</blockquote>`);
      continue;
    }
    const bullet = /^( {0,3})([-*+]|\d{1,9}[.)])\s+/.exec(line);
    if (bullet) {
      flush();
      const ordered = /\d/.test(bullet[2] as string);
      const start = ordered ? parseInt(bullet[2] as string, 10) : 1;
      const marker = ordered ? /^ {0,3}\d{1,9}[.)]\s+/ : /^ {0,3}[-*+]\s+/;
      const items: ListItem[] = [];
      while (i < lines.length) {
        const current = lines[i] as string;
        if (marker.test(current)) {
          items.push({ lines: [current.replace(marker, '')] });
        } else if (/^\s+\S/.test(current) && items.length > 0) {
          (items[items.length - 1] as ListItem).lines.push(current.replace(/^ {1,4}/, ''));
        } else if (!/^\s*$/.test(current) && items.length > 0 && !/^ {0,3}([-*+]|\d{1,9}[.)])\s+|^ {0,3}(#|>|```)/.test(current) && !/^\s*$/.test(lines[i - 1] ?? '')) {
          (items[items.length - 1] as ListItem).lines.push(current);
        } else break;
        i += 1;
      }
      const tag = ordered ? 'ol' : 'ul';
      const startAttribute = ordered && start !== 1 ? ` start="${start}"` : '';
      const body = items.map((item) => {
        const inner = renderBlocks(item.lines);
        const tight = inner.replace(/^<p>([\s\S]*)<\/p>$/, '$1');
        return `<li>${tight.includes('\n<') ? `${tight}\n` : tight}</li>`;
      });
      html.push(`<${tag}${startAttribute}>\n${body.join('\n')}\n</${tag}>`);
      continue;
    }
    if (/^( {4}|\t)/.test(line) && paragraph.length === 0) {
      const code: string[] = [];
      while (i < lines.length && (/^( {4}|\t)/.test(lines[i] as string) || /^\s*$/.test(lines[i] as string))) code.push((lines[i++] as string).replace(/^( {4}|\t)/, ''));
      while (code.length > 0 && /^\s*$/.test(code[code.length - 1] as string)) code.pop();
      html.push(`<pre><code>${escapeHtml(code.join('\n'))}\n</code></pre>`);
      continue;
    }
    paragraph.push(line);
    i += 1;
  }
  flush();
  return html.join('\n');
}

export const markdown: QuestetraMarkdown = {
  toHtml(text: string): string {
    const source = requireString(text, 'markdown.toHtml', 'text');
    const html = renderBlocks(source.replace(/\r\n?/g, '\n').split('\n'));
    return html === '' ? '' : `${html}\n`;
  },
};
