// Model cards: CommonMark (with GFM tables) parsed by markdown-it into a small tree of plain data that
// components render as elements and text nodes. Raw HTML in a card stays text (html: false) and no
// HTML string is ever built, so a card can never inject markup, scripts or remote images; links are
// kept as their label with the address beside it, never followed.
import MarkdownIt, { type Token } from 'markdown-it';

/** The only elements a card can produce. */
export type MdTag =
  | 'h1'
  | 'h2'
  | 'h3'
  | 'h4'
  | 'h5'
  | 'h6'
  | 'p'
  | 'ul'
  | 'ol'
  | 'li'
  | 'blockquote'
  | 'pre'
  | 'code'
  | 'hr'
  | 'br'
  | 'strong'
  | 'em'
  | 's'
  | 'table'
  | 'thead'
  | 'tbody'
  | 'tr'
  | 'th'
  | 'td'
  | 'link';

export type MdNode =
  { kind: 'text'; text: string } | { kind: 'element'; tag: MdTag; children: MdNode[]; href?: string; start?: number; align?: 'left' | 'center' | 'right' };

const ALLOWED = new Set<string>([
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'code',
  'hr',
  'br',
  'strong',
  'em',
  's',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]);
/** Addresses worth showing; anything else (javascript:, data:, file:, relative) is dropped. */
const SHOWN_LINK = /^(https?:|mailto:)/i;

const parser = new MarkdownIt('commonmark', { html: false, linkify: false }).enable('table').enable('strikethrough');

function element(tag: MdTag, children: MdNode[] = []): Extract<MdNode, { kind: 'element' }> {
  return { kind: 'element', tag, children };
}

function alignOf(token: Token): 'left' | 'center' | 'right' | undefined {
  const match = /text-align:(left|center|right)/.exec(String(token.attrGet('style') ?? ''));
  return match?.[1] as 'left' | 'center' | 'right' | undefined;
}

/** Turns markdown-it's flat open/close token stream into nested nodes. */
function build(tokens: Token[]): MdNode[] {
  const root = element('p');
  const stack = [root];
  const top = () => stack.at(-1)!;
  for (const token of tokens) {
    // A tight list's paragraphs are hidden: their text belongs straight to the list item.
    if (token.hidden && (token.type === 'paragraph_open' || token.type === 'paragraph_close')) continue;
    switch (token.type) {
      case 'inline':
        top().children.push(...build(token.children ?? []));
        break;
      case 'text':
        top().children.push({ kind: 'text', text: token.content });
        break;
      case 'softbreak':
        top().children.push({ kind: 'text', text: ' ' });
        break;
      case 'hardbreak':
        top().children.push(element('br'));
        break;
      case 'code_inline':
        top().children.push(element('code', [{ kind: 'text', text: token.content }]));
        break;
      case 'code_block':
      case 'fence':
        top().children.push(element('pre', [{ kind: 'text', text: token.content.replace(/\n$/, '') }]));
        break;
      case 'hr':
        top().children.push(element('hr'));
        break;
      case 'image': // no remote or local images in a card: its description stands in
        top().children.push({ kind: 'text', text: token.content });
        break;
      case 'html_block':
      case 'html_inline': // not produced with html: false; kept as text should that ever change
        top().children.push({ kind: 'text', text: token.content });
        break;
      case 'link_open': {
        const href = String(token.attrGet('href') ?? '');
        const link = element('link');
        if (SHOWN_LINK.test(href)) link.href = href;
        top().children.push(link);
        stack.push(link);
        break;
      }
      default:
        if (token.nesting === 1 && ALLOWED.has(token.tag)) {
          const node = element(token.tag as MdTag);
          const start = token.attrGet('start');
          if (token.tag === 'ol' && start !== null) node.start = Number(start);
          if (token.tag === 'th' || token.tag === 'td') node.align = alignOf(token);
          top().children.push(node);
          stack.push(node);
        } else if (token.nesting === -1 && stack.length > 1 && top().tag === (token.tag === 'a' ? 'link' : token.tag)) {
          stack.pop();
        } else if (token.nesting === 0 && token.content) {
          top().children.push({ kind: 'text', text: token.content });
        }
    }
  }
  return root.children;
}

export function parseMarkdown(source: string): MdNode[] {
  return build(parser.parse(source, {}));
}

/** The text of a node tree, for tests and accessible names. */
export function textOf(nodes: MdNode[]): string {
  return nodes.map((n) => (n.kind === 'text' ? n.text : textOf(n.children))).join('');
}
