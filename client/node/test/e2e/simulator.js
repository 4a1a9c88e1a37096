'use strict';
// The livechat-sim control API (playing the agent), over fetch.

const REQUEST_MS = 5_000;

class Simulator {
  #base;

  /** @param {string} base e.g. "http://127.0.0.1:36951" */
  constructor(base) {
    this.#base = base;
  }

  /** The chat: users, agent_ids, threads with their events. */
  chat(chatId) {
    return this.#request('GET', `/sim/chats/${chatId}`);
  }

  /** The chat's assigned agent writes `text`. */
  agentMessage(chatId, text) {
    return this.#request('POST', `/sim/chats/${chatId}/agent_message`, { text });
  }

  transfer(chatId, agentIds) {
    return this.#request('POST', `/sim/chats/${chatId}/transfer`, { agent_ids: agentIds });
  }

  close(chatId, agentId) {
    return this.#request('POST', `/sim/chats/${chatId}/close`, { agent_id: agentId });
  }

  /**
   * Waits until the webhook of LiveChat event `eventId` has been answered 200
   * by the gateway (polling the simulator's delivery log).
   */
  async webhookDelivered(eventId, ms = 10_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const { deliveries } = await this.#request('GET', '/sim/webhooks');
      if (deliveries.some((d) => d.event_id === eventId && d.status === 200)) return;
      if (Date.now() > deadline) throw new Error(`no webhook of ${eventId} answered in ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Waits until the chat's current thread has an event with `text` (polling the chat). */
  async textReachedChat(chatId, text, ms = 10_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const chat = await this.chat(chatId);
      if (chat.threads.at(-1).events.some((event) => event.text === text)) return;
      if (Date.now() >= deadline) throw new Error(`"${text}" never reached the chat`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async #request(method, path, body) {
    const response = await fetch(this.#base + path, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(REQUEST_MS),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  }
}

module.exports = { Simulator };
