'use strict';
// examples/bot.js as a user runs it (the copy installed with the package),
// against the real gateway and livechat-sim: it relays its line, prints the
// agent's events, and ends when the agent closes the chat or on Ctrl-C, which
// stops the handoff (tests/e2e/CLIENT_SCENARIO.md, "The example bots").

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const readline = require('node:readline');
const { spawn } = require('node:child_process');
const { Stack } = require('./stack');
const { Simulator } = require('./simulator');
const { withDeadline } = require('./deadline');

const BOT = path.join(path.dirname(require.resolve('@hitl-gateway/client/package.json')), 'examples/bot.js');
const JANE = 'jane.doe@example.com';
const LINE_MS = 15_000;

/** The example bot as a child process, its stdout read line by line. */
class Bot {
  #lines = [];
  #waiters = [];
  #ended = false;

  constructor(address, ...lines) {
    this.child = spawn(process.execPath, [BOT, '--address', address, ...lines], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.exited = new Promise((resolve) => this.child.once('close', (code) => resolve(code)));
    const output = readline.createInterface({ input: this.child.stdout });
    output.on('line', (line) => {
      const waiter = this.#waiters.shift();
      if (waiter) waiter(line);
      else this.#lines.push(line);
    });
    output.on('close', () => {
      this.#ended = true;
      for (const waiter of this.#waiters.splice(0)) waiter(null);
    });
  }

  /** The next printed line, which must start with `prefix`. */
  async expectLine(prefix) {
    const next =
      this.#lines.length > 0 || this.#ended
        ? Promise.resolve(this.#lines.shift() ?? null)
        : new Promise((resolve) => this.#waiters.push(resolve));
    const line = await withDeadline(next, LINE_MS, `the bot to print "${prefix}"`);
    assert.notEqual(line, null, `the bot exited before printing "${prefix}"`);
    assert.ok(line.startsWith(prefix), `expected "${prefix}...", got "${line}"`);
    return line;
  }

  exitCode() {
    return withDeadline(this.exited, LINE_MS, 'the bot to exit');
  }
}

/** Waits until the chat's current thread has `text`. */
async function waitForLine(sim, chatId, text) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const chat = await sim.chat(chatId);
    if (chat.threads.at(-1).events.some((event) => event.text === text)) return;
    assert.ok(Date.now() < deadline, `"${text}" never reached the chat`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A stack and the bot, started with one line, which the agent has by now. */
async function startBot(t) {
  const stack = await Stack.start();
  t.after(() => stack.dispose());
  const sim = new Simulator(stack.addresses.sim);
  const bot = new Bot(stack.addresses.grpc, 'Where is order 4411?');
  t.after(() => bot.child.kill('SIGKILL'));
  const started = await bot.expectLine('handoff started: session ');
  const chatId = started.split(' ').at(-1);
  await bot.expectLine(`(now with ${JANE})`);
  await waitForLine(sim, chatId, 'Where is order 4411?');
  return { bot, sim, chatId };
}

test('the example bot prints the agent\'s events and ends with the chat', async (t) => {
  const { bot, sim, chatId } = await startBot(t);
  await sim.agentMessage(chatId, 'It ships tomorrow.');
  await bot.expectLine(`${JANE}: It ships tomorrow.`);
  await sim.close(chatId, JANE);
  await bot.expectLine('(ended by the agent)');
  assert.equal(await bot.exitCode(), 0);
});

test('Ctrl-C stops the example bot\'s handoff', async (t) => {
  const { bot, sim, chatId } = await startBot(t);
  bot.child.kill('SIGINT');
  await bot.expectLine('stopping the handoff');
  await bot.expectLine('(ended by the bot)');
  assert.equal(await bot.exitCode(), 0);
  assert.equal((await sim.chat(chatId)).active, false);
});
