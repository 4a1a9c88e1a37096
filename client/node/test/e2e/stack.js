'use strict';
// Drives hitl-e2e-stack (livechat-sim + hitl-gateway on loopback ports) as a
// child process: its first stdout line (the addresses) means ready, then one
// command per stdin line, one JSON answer line each (tests/e2e/CLIENT_SCENARIO.md).

const { spawn } = require('node:child_process');
const { withDeadline } = require('./deadline');
const { LineReader } = require('./lines');

const START_MS = 30_000;
const COMMAND_MS = 30_000;

/** An absolute path from the environment (run-e2e sets both). */
function requiredEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through client/node/run-e2e`);
  return value;
}

class Stack {
  #child;
  #lines;
  #stderr = '';
  #exited;
  #stopped = false;

  /** The addresses line: `{ grpc, sim, webhook_port, ca_file? }`. */
  addresses;

  /**
   * Starts a stack; `extraArgs` e.g. ['--tls'] or ['--env', 'HITL_API_TOKENS=x'].
   * @returns {Promise<Stack>}
   */
  static async start(extraArgs = []) {
    const stack = new Stack(extraArgs);
    try {
      stack.addresses = await withDeadline(stack.#nextLine(), START_MS, 'the stack to start');
    } catch (error) {
      stack.#child.kill('SIGKILL');
      throw new Error(`${error.message}\n${stack.#stderr}`);
    }
    return stack;
  }

  constructor(extraArgs) {
    const args = ['--gateway', requiredEnv('HITL_GATEWAY_BIN'), ...extraArgs];
    this.#child = spawn(requiredEnv('HITL_E2E_STACK'), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#child.stderr.on('data', (chunk) => (this.#stderr += chunk));
    // 'close': the process has exited and its output has been read.
    this.#exited = new Promise((resolve) => this.#child.once('close', resolve));
    this.#lines = new LineReader(this.#child.stdout);
  }

  /** Writes a command line now; the returned promise is its answer. */
  command(name) {
    this.#child.stdin.write(`${name}\n`);
    return withDeadline(this.#nextLine(), COMMAND_MS, `the answer to "${name}"`);
  }

  /** Stops everything; resolves to the gateway's exit status as the stack reports it. */
  async stop() {
    this.#stopped = true;
    const answer = await this.command('stop');
    await withDeadline(this.#exited, COMMAND_MS, 'the stack to exit');
    return answer.gateway_exit;
  }

  /** For test clean-up after a failure: stops the stack if the test did not. */
  async dispose() {
    if (this.#stopped) return;
    this.#child.stdin.end(); // end of input stops everything
    await withDeadline(this.#exited, COMMAND_MS, 'the stack to exit').catch(() =>
      this.#child.kill('SIGKILL'),
    );
  }

  /** The next answer line, parsed; past the last, the exit with the stack's stderr. */
  async #nextLine() {
    const line = await this.#lines.next();
    if (line !== null) return JSON.parse(line);
    await this.#exited;
    throw this.#exitError();
  }

  #exitError() {
    return new Error(`hitl-e2e-stack exited (${this.#child.exitCode}):\n${this.#stderr}`);
  }
}

module.exports = { Stack };
