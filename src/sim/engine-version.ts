// The engine version: which behaviour of the simulator a run was made with. A scenario fully
// determines its run only for one engine version; a deliberate behaviour change (a fidelity fix,
// a recipe that sends fewer requests) bumps ENGINE_VERSION, says here what changed, and records
// new golden links (docs/links.md, "Engine versions"). Links carry the version they were made
// with, so a page replaying an older link can say that the replay may differ and why.

export interface EngineChange {
  version: number;
  /** What a replay of an older link may show differently, one line per change, in both languages. */
  changes: { en: string; zh: string }[];
}

/** Every engine version after the first, oldest first. */
export const ENGINE_CHANGES: readonly EngineChange[] = [
  {
    version: 2,
    changes: [
      {
        en: 'The lock recipes (lock, rwlock, election, semaphore) send fewer requests, as Curator and kazoo do: no create of the lock’s parent on every acquire, and the fencing token comes from the create’s Stat instead of an extra exists. A queue put is one create. Lock runs are a few milliseconds faster, so their timing differs.',
        zh: '锁类配方（lock、rwlock、election、semaphore）像 Curator 和 kazoo 一样少发请求：不再每次获取锁都创建父节点，fencing 令牌取自 create 返回的 Stat，不再多一次 exists。队列的 put 只是一次 create。锁的运行快了几毫秒，时序因此不同。',
      },
    ],
  },
  {
    version: 3,
    changes: [
      {
        en: 'Fidelity (issue #12): a plain create inside a multi answers with its path only, as ZooKeeper does (a container or TTL create still has its Stat), so multi replies and the trace are shorter.',
        zh: '保真度（issue #12）：multi 中的普通 create 像 ZooKeeper 一样只返回路径（container 和 TTL 的 create 仍带 Stat），因此 multi 的应答和 trace 更短。',
      },
      {
        en: 'A lock or semaphore holder no longer suspends for a disconnection that was over before its hold began (it reconnected with the same session): no suspended/resumed marks and no extra exists then.',
        zh: '锁或信号量的持有者不再因为持有开始前就已结束的断连（已用同一会话重连）而暂停：此时不再有 suspended/resumed 标记，也不再多一次 exists。',
      },
    ],
  },
];

/** The version this build runs. Links without a version were made with engine 1. */
export const ENGINE_VERSION = 1 + ENGINE_CHANGES.length;

/** What changed between engine `from` and this build (empty when nothing did or `from` is newer). */
export function changesSince(from: number): EngineChange[] {
  return ENGINE_CHANGES.filter((c) => c.version > from);
}
