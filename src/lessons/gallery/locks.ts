// Lessons about locks and elections built on ZooKeeper (the recipes of docs/recipes.md), each with
// the broken twin that shows what its key idea protects against.
import type { Lesson } from '../types.ts';

export const lock: Lesson = {
  id: 'lock',
  scenario: 'lessons/lock',
  twin: 'lock-herd',
  title: { en: 'A lock without the herd effect', zh: '没有羊群效应的锁' },
  summary: {
    en: 'Each waiter watches only the node before its own: one release wakes one client.',
    zh: '每个等待者只监视排在自己前面的那个节点：一次释放只唤醒一个客户端。',
  },
  steps: [
    {
      at: 600,
      view: 'lock',
      text: {
        en: 'Four clients take /lock in turn with the lock recipe.',
        zh: '四个客户端用锁的配方（recipe）依次获取 /lock。',
      },
    },
    {
      claims: [{ lock: '/lock', holder: 'c1', waiters: ['c2', 'c3', 'c4'], watching: 'predecessor' }],
      at: 1300,
      view: 'tree',
      text: {
        en: 'Each created an ephemeral sequential node under /lock. The lowest number holds the lock; every other client watches only the node just before its own.',
        zh: '每个客户端都在 /lock 下创建了一个临时顺序节点。序号最小的持有锁；其他客户端只监视排在自己前面的那个节点。',
      },
    },
    {
      claims: [{ lock: '/lock', holder: 'c2', waiters: ['c3', 'c4'], watching: 'predecessor', woke: 1 }],
      at: 1600,
      stepTo: 'handover',
      view: 'lock',
      highlight: [{ client: 'c1' }, { client: 'c2' }],
      text: {
        en: 'c1 releases: its node is deleted, and exactly one client — c2, which watched it — wakes up and takes the lock.',
        zh: 'c1 释放锁：它的节点被删除，恰好只有一个客户端——监视它的 c2——被唤醒并拿到锁。',
      },
    },
    {
      claims: [{ lock: '/lock', holder: 'c3', waiters: ['c4'], woke: 1 }],
      stepTo: 'handover',
      view: 'lock',
      text: {
        en: 'Same again: one release, one wake-up, however many clients wait.',
        zh: '又一次：一次释放、一次唤醒，不管有多少客户端在等。',
      },
    },
    {
      claims: [
        { lock: '/lock', holder: 'c4', waiters: [], woke: 1 },
        { mark: 'lock.acquired', by: ['c1', 'c2', 'c3', 'c4'] },
      ],
      stepTo: 'handover',
      view: 'lock',
      text: {
        en: 'c4, last in line, gets the lock. The order is the order of the sequence numbers.',
        zh: '排在最后的 c4 拿到锁。获取顺序就是顺序节点的序号顺序。',
      },
    },
  ],
};

export const lockHerd: Lesson = {
  id: 'lock-herd',
  scenario: 'lessons/lock-herd',
  twin: 'lock',
  broken: true,
  title: { en: 'Break it: the herd effect', zh: '动手破坏：羊群效应' },
  summary: {
    en: 'Every waiter watches the whole /lock: each change wakes all of them.',
    zh: '每个等待者都监视整个 /lock：每次变化都唤醒所有人。',
  },
  steps: [
    {
      claims: [{ lock: '/lock', holder: 'c1', waiters: ['c2', 'c3', 'c4'], watching: 'parent' }],
      at: 1300,
      view: 'lock',
      text: {
        en: 'The same four clients, but every waiter watches the children of /lock instead of its predecessor.',
        zh: '同样四个客户端，但每个等待者监视的是 /lock 的子节点列表，而不是排在前面的节点。',
      },
    },
    {
      claims: [{ lock: '/lock', holder: 'c2', waiters: ['c3', 'c4'], watching: 'parent', woke: 3 }],
      at: 1600,
      stepTo: 'handover',
      view: 'lock',
      text: {
        en: 'c1 releases. Every waiter gets NodeChildrenChanged, lists /lock again and re-arms its watch; only c2 gets the lock.',
        zh: 'c1 释放锁。每个等待者都收到 NodeChildrenChanged，重新列出 /lock 并重新设置 Watch；只有 c2 拿到锁。',
      },
    },
    {
      claims: [{ lock: '/lock', woke: 2 }, { violations: ['lock-herd'] }],
      stepTo: 'violation',
      view: 'lock',
      text: {
        en: 'Each release wakes every waiter: the checker calls it the herd effect. With a thousand waiters, one release means a thousand reads.',
        zh: '每次释放都唤醒所有等待者：检查器称之为羊群效应。有一千个等待者时，一次释放就带来一千次读取。',
      },
    },
  ],
};

export const lockHolderCrash: Lesson = {
  id: 'lock-holder-crash',
  scenario: 'lessons/lock-holder-crash',
  twin: 'lock-persistent',
  title: { en: 'The lock holder crashes: ephemeral nodes release it', zh: '锁持有者崩溃：临时节点释放了锁' },
  summary: {
    en: 'The holder’s node dies with its session: the next waiter gets the lock.',
    zh: '持有者的节点随会话一起消失：下一个等待者拿到锁。',
  },
  steps: [
    {
      claims: [{ lock: '/lock', holder: 'c1', waiters: ['c2', 'c3'], watching: 'predecessor' }],
      at: 1200,
      view: 'lock',
      text: {
        en: 'c1 holds /lock; c2 and c3 wait, each watching the node before its own.',
        zh: 'c1 持有 /lock；c2 和 c3 在等待，各自监视排在自己前面的节点。',
      },
    },
    {
      claims: [{ lock: '/lock', holder: 'c1', waiters: ['c2', 'c3'] }],
      at: 2000,
      view: 'cluster',
      text: {
        en: 'c1’s process crashes while it holds the lock. Its lock node is ephemeral: it lives as long as c1’s session.',
        zh: 'c1 的进程在持有锁时崩溃。它的锁节点是临时节点：只要 c1 的会话还在，它就在。',
      },
    },
    {
      claims: [{ lock: '/lock', holder: 'c1', waiters: ['c2', 'c3'] }],
      at: 4000,
      view: 'lock',
      text: {
        en: 'Nothing happens yet: the ensemble cannot tell a crash from a slow network until the 4 s session timeout has passed.',
        zh: '暂时什么也没发生：在 4 秒的会话超时到期之前，集群无法区分崩溃和网络慢。',
      },
    },
    {
      claims: [{ lock: '/lock', holder: 'c2', waiters: ['c3'], woke: 1 }],
      stepTo: 'handover',
      view: 'lock',
      text: {
        en: 'The session expires, the leader deletes c1’s ephemeral node, and c2, which watched it, takes the lock.',
        zh: '会话过期，领导者删除 c1 的临时节点，监视它的 c2 拿到了锁。',
      },
    },
    {
      claims: [
        { lock: '/lock', holder: 'c3', waiters: [] },
        { mark: 'lock.acquired', by: ['c1', 'c2', 'c3'] },
      ],
      stepTo: 'handover',
      view: 'lock',
      text: { en: 'c2 releases normally and c3 follows.', zh: 'c2 正常释放，c3 接着拿到锁。' },
    },
  ],
};

export const lockPersistent: Lesson = {
  id: 'lock-persistent',
  scenario: 'lessons/lock-persistent',
  twin: 'lock-holder-crash',
  broken: true,
  title: { en: 'Break it: a lock of persistent nodes deadlocks', zh: '动手破坏：用持久节点做锁会死锁' },
  summary: {
    en: 'The crashed holder’s persistent node never goes away: everyone else waits forever.',
    zh: '崩溃的持有者留下的持久节点永远不会消失：其他人永远等下去。',
  },
  steps: [
    {
      claims: [{ mark: 'lock.acquired', by: ['c1'] }],
      at: 1200,
      view: 'lock',
      text: {
        en: 'The same run, but the lock nodes are persistent sequential instead of ephemeral.',
        zh: '同样的运行，但锁节点是持久顺序节点，而不是临时节点。',
      },
    },
    {
      at: 2000,
      view: 'cluster',
      text: { en: 'c1 crashes while it holds the lock.', zh: 'c1 在持有锁时崩溃。' },
    },
    {
      claims: [{ znode: '/lock/2e42b9f839768be3__lock__0000000000', data: 'c1' }],
      at: 6100,
      view: 'tree',
      text: {
        en: 'Its session expires at 6 s, but a persistent node does not go with a session: c1’s node stays.',
        zh: '它的会话在 6 秒过期，但持久节点不会随会话消失：c1 的节点还在。',
      },
    },
    {
      claims: [
        { znode: '/lock/2e42b9f839768be3__lock__0000000000', data: 'c1' },
        { mark: 'lock.acquired', by: ['c1'] },
        { client: 'c2', script: 'running' },
        { client: 'c3', script: 'running' },
      ],
      at: 10000,
      view: 'lock',
      text: {
        en: 'c2 and c3 wait to the end for a node nobody will ever delete: a deadlock that only an operator can clear.',
        zh: 'c2 和 c3 一直等到最后，等的是一个永远不会有人删除的节点：只有运维人员才能解开的死锁。',
      },
    },
  ],
};

export const lockFencing: Lesson = {
  id: 'lock-fencing',
  scenario: 'lessons/lock-fencing',
  twin: 'lock-unfenced',
  title: { en: 'A lock across a session expiry: fencing tokens', zh: '会话过期时的锁：fencing 令牌' },
  summary: {
    en: 'A paused holder loses its lock without knowing; its token makes the resource refuse its late write.',
    zh: '暂停的持有者在不知情时失去了锁；它的令牌让资源拒绝了它迟到的写入。',
  },
  steps: [
    {
      claims: [{ lock: '/lock', holder: 'c1', waiters: ['c2'] }],
      at: 1700,
      view: 'lock',
      text: {
        en: 'c1 holds /lock and writes to a resource every 500 ms. Each write carries its fencing token: the czxid of its lock node.',
        zh: 'c1 持有 /lock，每 500 毫秒写一次资源。每次写入都带着它的 fencing 令牌：它的锁节点的 czxid。',
      },
    },
    {
      at: 2000,
      view: 'cluster',
      text: {
        en: 'c1’s process pauses — a long GC, a swapped-out VM — for 6 s, longer than its 4 s session.',
        zh: 'c1 的进程暂停了 6 秒（例如长时间 GC 或虚拟机被换出），比它 4 秒的会话超时还长。',
      },
    },
    {
      claims: [{ lock: '/lock', holder: 'c2', waiters: [] }],
      stepTo: 'handover',
      view: 'lock',
      text: {
        en: 'The ensemble expires c1’s session and deletes its node. c2 takes the lock; its node is newer, so its token is higher.',
        zh: '集群让 c1 的会话过期并删除它的节点。c2 拿到锁；它的节点更新，所以令牌更大。',
      },
    },
    {
      claims: [{ violations: [] }],
      at: 8000,
      view: 'log',
      text: {
        en: 'c1 runs again. Its first write goes out at once — it has not heard yet — but the resource has seen c2’s higher token and refuses it.',
        zh: 'c1 恢复运行。它的第一次写入立刻发出——它还没得到通知——但资源已经见过 c2 更大的令牌，于是拒绝了它。',
      },
    },
    {
      claims: [{ client: 'c1', state: 'EXPIRED' }, { mark: 'lock.lost', by: ['c1'] }, { violations: [] }],
      at: 8700,
      view: 'log',
      text: {
        en: 'Then c1 learns that its session expired and gives the lock up. No check inside c1 could close that window; the token does.',
        zh: '随后 c1 得知会话已过期，放弃了锁。c1 内部的任何检查都无法消除这个时间窗口；令牌可以。',
      },
    },
  ],
};

export const lockUnfenced: Lesson = {
  id: 'lock-unfenced',
  scenario: 'lessons/lock-unfenced',
  twin: 'lock-fencing',
  broken: true,
  title: { en: 'Break it: a lock without fencing', zh: '动手破坏：没有 fencing 的锁' },
  summary: {
    en: 'The paused holder wakes up still believing it holds the lock and overwrites the new holder.',
    zh: '暂停的持有者醒来后仍以为自己持有锁，覆盖了新持有者的写入。',
  },
  steps: [
    {
      claims: [{ lock: '/lock', holder: 'c1', waiters: ['c2'] }],
      at: 1700,
      view: 'lock',
      text: {
        en: 'The same run, but c1 writes without a token and never looks at its session.',
        zh: '同样的运行，但 c1 写入时不带令牌，也从不关心自己的会话。',
      },
    },
    {
      at: 2000,
      view: 'cluster',
      text: { en: 'c1’s process pauses for 6 s.', zh: 'c1 的进程暂停 6 秒。' },
    },
    {
      claims: [
        { lock: '/lock', holder: 'c2', waiters: [] },
        { client: 'c1', state: 'CONNECTED' },
      ],
      stepTo: 'handover',
      view: 'lock',
      text: {
        en: 'c1’s session expires and c2 takes the lock. c1, frozen, still believes it holds it.',
        zh: 'c1 的会话过期，c2 拿到锁。被冻结的 c1 仍然以为自己持有锁。',
      },
    },
    {
      claims: [{ violations: ['resource-exclusive'] }],
      at: 6100,
      stepTo: 'violation',
      view: 'log',
      text: {
        en: 'c1 wakes up and writes on top of c2’s writes. The checker: a stale holder’s write was taken.',
        zh: 'c1 醒来，把写入覆盖在 c2 的写入之上。检查器报告：资源接受了一个过期持有者的写入。',
      },
    },
    {
      claims: [
        { violations: ['lock-exclusive', 'resource-exclusive'] },
        { client: 'c1', state: 'EXPIRED', script: 'done' },
      ],
      at: 11600,
      view: 'log',
      text: {
        en: 'It goes on until it is done. Its ZooKeeper calls fail, but the resource lives outside ZooKeeper and takes every write.',
        zh: '它一直写到结束。它对 ZooKeeper 的调用都失败了，但资源在 ZooKeeper 之外，照单全收。',
      },
    },
  ],
};

export const electionRecipe: Lesson = {
  id: 'election-recipe',
  scenario: 'lessons/election-recipe',
  title: { en: 'The leader election recipe', zh: '客户端选主配方' },
  summary: {
    en: 'Clients elect a leader with ephemeral sequential nodes; expire the leader and the next takes over.',
    zh: '客户端用临时顺序节点选主；让主的会话过期，下一个接替。',
  },
  steps: [
    {
      claims: [{ lock: '/election', holder: 'c1', waiters: ['c2', 'c3'], watching: 'predecessor' }],
      at: 1100,
      view: 'lock',
      text: {
        en: 'c1, c2 and c3 run for leader of /election: each creates an ephemeral sequential node, the lowest leads, and each other candidate watches the one just before it.',
        zh: 'c1、c2、c3 在 /election 上竞选主（leader）：每个客户端创建一个临时顺序节点，序号最小者当选，其他候选者监视排在自己前面的那个。',
      },
    },
    {
      at: 2500,
      inject: { action: 'expire', target: 'c1' },
      view: 'cluster',
      text: {
        en: 'Expire c1’s session, as if it had been cut off for too long.',
        zh: '让 c1 的会话过期，就像它失联太久一样。',
      },
    },
    {
      claims: [
        { lock: '/election', holder: 'c2', waiters: ['c3'], woke: 1 },
        { mark: 'election.leader', by: ['c1', 'c2'] },
      ],
      stepTo: 'handover',
      view: 'lock',
      text: {
        en: 'c1’s node is deleted. Only c2 was watching it: c2 now leads, and c3 notices nothing.',
        zh: 'c1 的节点被删除。只有 c2 在监视它：c2 现在成为主，c3 毫无察觉。',
      },
    },
    {
      claims: [
        { client: 'c1', state: 'EXPIRED' },
        { mark: 'election.lost', by: ['c1'] },
      ],
      at: 3200,
      view: 'log',
      text: {
        en: 'c1 learns that its session expired when it reconnects, and stops acting as leader.',
        zh: 'c1 在重新连接时得知会话已过期，于是不再以主的身份行事。',
      },
    },
    {
      claims: [
        { lock: '/election', holder: 'c3', waiters: [] },
        { mark: 'election.leader', by: ['c1', 'c2', 'c3'] },
      ],
      stepTo: 'handover',
      view: 'lock',
      text: { en: 'c2 resigns; c3 leads.', zh: 'c2 主动退位；c3 成为主。' },
    },
  ],
};

export const rwlock: Lesson = {
  id: 'rwlock',
  scenario: 'lessons/rwlock',
  title: { en: 'A read/write lock', zh: '读写锁' },
  summary: {
    en: 'Readers share the lock; a writer waits for them, and later readers wait for the writer.',
    zh: '读者共享锁；写者等待读者，之后来的读者等待写者。',
  },
  steps: [
    {
      claims: [{ mark: 'lock.acquired', by: ['r1', 'r2'] }],
      at: 800,
      view: 'lock',
      text: {
        en: 'r1 and r2 hold /rw for reading at the same time: readers share.',
        zh: 'r1 和 r2 同时以读模式持有 /rw：读者之间共享。',
      },
    },
    {
      claims: [
        { mark: 'lock.waiting', by: ['w1', 'r3'] },
        { mark: 'lock.acquired', by: ['r1', 'r2'] },
      ],
      at: 1200,
      view: 'tree',
      text: {
        en: 'w1 wants to write: it waits for both readers, watching r2’s node. r3 came after w1, so it waits for w1: writers are not starved.',
        zh: 'w1 想写：它等待两个读者，监视 r2 的节点。r3 在 w1 之后到来，所以它等待 w1：写者不会饿死。',
      },
    },
    {
      claims: [
        { lock: '/rw', holder: 'w1', waiters: ['r3'] },
        { mark: 'lock.acquired', by: ['r1', 'r2', 'w1'] },
      ],
      at: 1700,
      stepTo: 'handover',
      view: 'lock',
      text: {
        en: 'Both readers release; w1 takes the write lock alone.',
        zh: '两个读者都释放后，w1 独占写锁。',
      },
    },
    {
      claims: [
        { lock: '/rw', holder: 'r3', waiters: [] },
        { mark: 'lock.acquired', by: ['r1', 'r2', 'w1', 'r3'] },
      ],
      stepTo: 'handover',
      view: 'lock',
      text: { en: 'w1 releases; r3 reads.', zh: 'w1 释放；r3 开始读。' },
    },
  ],
};
