'use strict';
// examples/bot.js as a user runs it (the copy installed with the package),
// against the real gateway and livechat-sim: it relays its line, prints the
// agent's events, and ends when the agent closes the chat or on Ctrl-C, which
// stops the handoff (tests/e2e/CLIENT_SCENARIO.md, "The example bots").

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { Stack } = require('./stack');
const { Simulator } = require('./simulator');
const { withDeadline } = require('./deadline');
const { LineReader } = require('./lines');

const BOT = path.join(path.dirname(require.resolve('@hitl-gateway/client/package.json')), 'examples/bot.js');
const JANE = 'jane.doe@example.com';
const LINE_MS = 15_000;

/** The example bot as a child process, its stdout read line by line. */
class Bot {
  #output;

  constructor(address, ...lines) {
    this.child = spawn(process.execPath, [BOT, '--address', address, ...lines], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.exited = new Promise((resolve) => this.child.once('close', (code) => resolve(code)));
    this.#output = new LineReader(this.child.stdout);
  }

  /** The next printed line, which must start with `prefix`. */
  async expectLine(prefix) {
    const line = await withDeadline(this.#output.next(), LINE_MS, `the bot to print "${prefix}"`);
    assert.notEqual(line, null, `the bot exited before printing "${prefix}"`);
    assert.ok(line.startsWith(prefix), `expected "${prefix}...", got "${line}"`);
    return line;
  }

  exitCode() {
    return withDeadline(this.exited, LINE_MS, 'the bot to exit');
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
  await sim.textReachedChat(chatId, 'Where is order 4411?');
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
