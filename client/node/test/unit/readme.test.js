'use strict';
// The README's JavaScript snippets are meant to be pasted into a CommonJS
// file: each must compile as one (no top-level await, no ES modules).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const README = path.join(__dirname, '..', '..', 'README.md');

test('every js snippet of the README compiles as CommonJS', () => {
  const readme = fs.readFileSync(README, 'utf8');
  // Fenced ```js blocks, also indented ones (in a list item).
  const snippets = [...readme.matchAll(/^( *)```js\n([\s\S]*?)^\1```$/gm)].map((m) => m[2]);
  assert.equal(snippets.length, (readme.match(/```js$/gm) ?? []).length, 'every ```js block found');
  assert.ok(snippets.length >= 5, `${snippets.length} snippets`);
  for (const code of snippets) {
    // The wrapper Node puts around a CommonJS module.
    const wrapped = `(function (exports, require, module, __filename, __dirname) {\n${code}\n})`;
    assert.doesNotThrow(() => new vm.Script(wrapped), `not CommonJS:\n${code}`);
  }
});
