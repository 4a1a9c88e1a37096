'use strict';

const readline = require('node:readline');

/** A readable stream (a child's stdout) read a line at a time. */
class LineReader {
  #lines = [];
  #waiters = [];
  #ended = false;

  constructor(input) {
    const reader = readline.createInterface({ input });
    reader.on('line', (line) => {
      const waiter = this.#waiters.shift();
      if (waiter) waiter(line);
      else this.#lines.push(line);
    });
    reader.on('close', () => {
      this.#ended = true;
      for (const waiter of this.#waiters.splice(0)) waiter(null);
    });
  }

  /** The next line, or null once the stream has ended. */
  next() {
    if (this.#lines.length > 0 || this.#ended) return Promise.resolve(this.#lines.shift() ?? null);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}

module.exports = { LineReader };
