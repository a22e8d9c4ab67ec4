/** Text a careless user or an attacker sends, shared by the text-rule tests of each adapter. */

/** The characters the rule refuses, each named as a person would see it in a message. */
export const HOSTILE: [string, string, RegExp][] = [
  ['NUL', 'before\u0000after', /NUL character \(U\+0000\)/],
  ['an ANSI colour escape', 'plain \u001b[31mred\u001b[0m text', /ESC character .*\(U\+001B\)/],
  ['a right-to-left override', 'invoice \u202Efdp.exe', /right-to-left override \(U\+202E\)/],
  ['a lone surrogate', 'half \uD83D of an emoji', /lone surrogate/],
  ['a replacement character (a file that was not UTF-8)', 'Caf\uFFFD', /replacement character.*save it as UTF-8/],
  ['DEL', 'x\u007fy', /DEL character \(U\+007F\)/],
  ['a C1 control', 'x\u0085y', /control character \(U\+0085\)/],
  ['a left-to-right isolate', 'x\u2066y', /left-to-right isolate \(U\+2066\)/],
  ['a right-to-left mark', 'x\u200Fy', /right-to-left mark \(RLM\)/],
];

/** "Róisín Ní Bhriain" typed with combining accents (NFD), and the same in NFC. */
export const NFD_NAME = 'Ro\u0301isi\u0301n Ni\u0301 Bhriain';
export const NFC_NAME = 'R\u00f3is\u00edn N\u00ed Bhriain';
