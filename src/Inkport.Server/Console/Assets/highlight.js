// A small syntax highlighter of the console's own: one scanner driven by per-language settings (comments, strings,
// keywords), plus markup and diff modes. It colours tokens; it does not parse. Output is DOM, never HTML strings.

/** spec/05 §4.4: the code block `language` enum. */
export const LANGUAGES = [null,
  'PlainText', 'ABAP', 'Ada', 'Apache', 'Apex', 'Assembly Language', 'Bash', 'CSharp', 'C++', 'C', 'COBOL', 'CSS',
  'CoffeeScript', 'D', 'Dart', 'Delphi', 'Django', 'Dockerfile', 'Erlang', 'Fortran', 'FoxPro', 'Go', 'Groovy', 'HTML',
  'HTMLBars', 'HTTP', 'Haskell', 'JSON', 'Java', 'JavaScript', 'Julia', 'Kotlin', 'LateX', 'Lisp', 'Logo', 'Lua',
  'MATLAB', 'Makefile', 'Markdown', 'Nginx', 'Objective-C', 'OpenEdgeABL', 'PHP', 'Perl', 'PostScript', 'Power Shell',
  'Prolog', 'ProtoBuf', 'Python', 'R', 'RPG', 'Ruby', 'Rust', 'SAS', 'SCSS', 'SQL', 'Scala', 'Scheme', 'Scratch',
  'Shell', 'Swift', 'Thrift', 'TypeScript', 'VBScript', 'Visual Basic', 'XML', 'YAML', 'CMake', 'Diff', 'Gherkin',
  'GraphQL', 'OpenGL Shading Language', 'Properties', 'Solidity', 'TOML'];

export function languageName(code) {
  return LANGUAGES[code] ?? (code ? `Language ${code}` : 'PlainText');
}

const words = (s) => new Set(s.split(/\s+/).filter(Boolean));
const C_FAMILY = 'if else for while do switch case default break continue return goto sizeof typedef struct union enum const static extern void char short int long float double signed unsigned volatile inline';
const KEYWORDS = {
  c: words(`${C_FAMILY} NULL true false include define`),
  cpp: words(`${C_FAMILY} class public private protected virtual override template typename namespace using new delete this auto bool true false nullptr try catch throw constexpr noexcept operator friend`),
  csharp: words('abstract as base bool break byte case catch char class const continue decimal default delegate do double else enum event explicit extern false finally fixed float for foreach goto if implicit in int interface internal is lock long namespace new null object operator out override params private protected public readonly ref return sbyte sealed short sizeof static string struct switch this throw true try typeof uint ulong unchecked unsafe ushort using var virtual void volatile while async await record init get set yield'),
  java: words('abstract assert boolean break byte case catch char class const continue default do double else enum extends final finally float for if implements import instanceof int interface long native new null package private protected public return short static super switch synchronized this throw throws true false try void volatile while var record'),
  js: words('async await break case catch class const continue debugger default delete do else export extends false finally for from function if import in instanceof let new null of return static super switch this throw true try typeof undefined var void while with yield interface type enum implements readonly private public protected declare as'),
  go: words('break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var nil true false'),
  rust: words('as async await break const continue crate dyn else enum extern false fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait true type unsafe use where while'),
  kotlin: words('as break class continue do else false for fun if in interface is null object package return super this throw true try typealias val var when while import'),
  swift: words('class deinit enum extension func import init let protocol struct subscript typealias var break case continue default do else fallthrough for if in return switch where while as false is nil self super throw throws true try guard'),
  python: words('and as assert async await break class continue def del elif else except False finally for from global if import in is lambda None nonlocal not or pass raise return True try while with yield self'),
  ruby: words('alias and begin break case class def defined do else elsif end ensure false for if in module next nil not or redo rescue retry return self super then true undef unless until when while yield require'),
  shell: words('if then else elif fi case esac for while until do done in function return local export echo exit set unset readonly shift'),
  sql: words('select from where and or not insert into values update set delete create table drop alter add primary key foreign references join inner left right outer on group by order having limit offset as distinct union all null is in like between exists case when then else end index view'),
  php: words('abstract and array as break case catch class const continue declare default do echo else elseif empty endif extends false final for foreach function global if implements include interface isset list namespace new null or print private protected public require return static switch this throw true try unset use var while'),
  lua: words('and break do else elseif end false for function goto if in local nil not or repeat return then true until while'),
  yaml: words('true false null yes no'),
  json: words('true false null'),
};

const SLASH = { line: ['//'], block: [['/*', '*/']] };
const HASH = { line: ['#'], block: [] };
const MODES = {
  C: ['c', SLASH], 'C++': ['cpp', SLASH], CSharp: ['csharp', SLASH], Java: ['java', SLASH], JavaScript: ['js', SLASH],
  TypeScript: ['js', SLASH], Go: ['go', SLASH], Rust: ['rust', SLASH], Kotlin: ['kotlin', SLASH], Swift: ['swift', SLASH],
  Dart: ['java', SLASH], Scala: ['java', SLASH], Groovy: ['java', SLASH], 'Objective-C': ['c', SLASH], Solidity: ['js', SLASH],
  'OpenGL Shading Language': ['c', SLASH], Apex: ['java', SLASH], ProtoBuf: ['java', SLASH], Thrift: ['java', SLASH],
  GraphQL: ['js', HASH], PHP: ['php', { line: ['//', '#'], block: [['/*', '*/']] }], CSS: [null, { line: [], block: [['/*', '*/']] }],
  SCSS: [null, SLASH], Python: ['python', HASH], Ruby: ['ruby', HASH], Bash: ['shell', HASH], Shell: ['shell', HASH],
  'Power Shell': ['shell', HASH], Perl: ['shell', HASH], R: ['python', HASH], Julia: ['python', HASH], YAML: ['yaml', HASH],
  TOML: ['yaml', HASH], Properties: [null, HASH], Makefile: ['shell', HASH], Dockerfile: ['shell', HASH], CMake: ['shell', HASH],
  Nginx: [null, HASH], Apache: [null, HASH], SQL: ['sql', { line: ['--'], block: [['/*', '*/']] }], Lua: ['lua', { line: ['--'], block: [] }],
  Haskell: [null, { line: ['--'], block: [['{-', '-}']] }], JSON: ['json', { line: [], block: [] }],
  LateX: [null, { line: ['%'], block: [] }], MATLAB: [null, { line: ['%'], block: [] }], Erlang: [null, { line: ['%'], block: [] }],
  Lisp: [null, { line: [';'], block: [] }], Scheme: [null, { line: [';'], block: [] }],
  'Visual Basic': [null, { line: ["'"], block: [] }], VBScript: [null, { line: ["'"], block: [] }],
};
const MARKUP = new Set(['HTML', 'XML', 'HTMLBars', 'Django']);

function scan(text, keywordSet, comments, caseless) {
  const out = [];
  let plain = '';
  const flush = () => { if (plain) { out.push([null, plain]); plain = ''; } };
  const push = (cls, s) => { flush(); out.push([cls, s]); };
  let i = 0;
  outer: while (i < text.length) {
    for (const marker of comments.line) {
      if (text.startsWith(marker, i)) {
        const end = text.indexOf('\n', i);
        const stop = end < 0 ? text.length : end;
        push('tok-comment', text.slice(i, stop));
        i = stop;
        continue outer;
      }
    }
    for (const [open, close] of comments.block) {
      if (text.startsWith(open, i)) {
        const end = text.indexOf(close, i + open.length);
        const stop = end < 0 ? text.length : end + close.length;
        push('tok-comment', text.slice(i, stop));
        i = stop;
        continue outer;
      }
    }
    const ch = text[i];
    if (ch === '"' || ch === '\'' || ch === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== ch && (ch === '`' || text[j] !== '\n')) j += text[j] === '\\' ? 2 : 1;
      push('tok-string', text.slice(i, Math.min(j + 1, text.length)));
      i = j + 1;
      continue;
    }
    const number = /^(0x[0-9a-f]+|\d[\d_]*(\.\d+)?(e[+-]?\d+)?)/i.exec(text.slice(i, i + 40));
    if (number && !/[\w$]/.test(text[i - 1] ?? '')) {
      push('tok-number', number[0]);
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(i, i + 200));
    if (word) {
      const w = word[0];
      if (keywordSet?.has(caseless ? w.toLowerCase() : w)) push('tok-keyword', w);
      else if (text[i + w.length] === '(') push('tok-function', w);
      else plain += w;
      i += w.length;
      continue;
    }
    plain += ch;
    i++;
  }
  flush();
  return out;
}

function markup(text) {
  const out = [];
  const re = /(<!--[\s\S]*?(?:-->|$))|(<\/?[\w:-]+)|("[^"]*"|'[^']*')|([\w:-]+)(?==)|(\/?>)/g;
  let last = 0;
  let inTag = false;
  for (let m; (m = re.exec(text));) {
    if (m.index > last) out.push([null, text.slice(last, m.index)]);
    if (m[1]) out.push(['tok-comment', m[1]]);
    else if (m[2]) { out.push(['tok-keyword', m[2]]); inTag = true; }
    else if (m[3]) out.push([inTag ? 'tok-string' : null, m[3]]);
    else if (m[4]) out.push([inTag ? 'tok-attr' : null, m[4]]);
    else if (m[5]) { out.push(['tok-keyword', m[5]]); inTag = false; }
    last = re.lastIndex;
  }
  if (last < text.length) out.push([null, text.slice(last)]);
  return out;
}

function diff(text) {
  return text.split(/(?<=\n)/).map((line) => [
    line.startsWith('+') ? 'tok-inserted' : line.startsWith('-') ? 'tok-deleted' : line.startsWith('@@') ? 'tok-keyword' : null, line]);
}

/** Tokens for the text in the named language: [className | null, text][]. */
export function tokenize(text, language) {
  if (MARKUP.has(language)) return markup(text);
  if (language === 'Diff') return diff(text);
  const mode = MODES[language];
  if (!mode) return [[null, text]];
  return scan(text, KEYWORDS[mode[0]], mode[1], language === 'SQL');
}

/** A DocumentFragment of highlighted text. */
export function highlight(text, language) {
  const fragment = document.createDocumentFragment();
  for (const [cls, part] of tokenize(text, language)) {
    if (!cls) { fragment.append(part); continue; }
    const span = document.createElement('span');
    span.className = cls;
    span.textContent = part;
    fragment.append(span);
  }
  return fragment;
}
