'use strict';

/**
 * Test hooks whose sleep returns at once and records each delay, with a clock
 * (`hooks.clock`, milliseconds) that moves only when a test moves it, or,
 * with `sleepMovesClock`, by each delay slept.
 */
function instantSleep({ sleepMovesClock = false } = {}) {
  const hooks = { delays: [], clock: 0 };
  hooks.now = () => hooks.clock;
  hooks.sleep = async (ms) => {
    hooks.delays.push(ms);
    if (sleepMovesClock) hooks.clock += ms;
  };
  return hooks;
}

module.exports = { instantSleep };
