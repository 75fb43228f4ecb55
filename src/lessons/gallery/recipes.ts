// Lessons about the other coordination recipes (docs/recipes.md): barriers, queues, counters,
// configuration, group membership, two-phase commit — with broken twins where there is one.
import type { Lesson } from '../types.ts';

export const barrier: Lesson = {
  id: 'barrier',
  scenario: 'lessons/barrier',
  title: { en: 'A barrier', zh: '屏障（barrier）' },
  summary: {
    en: 'Workers block on a node; deleting it releases them all at once.',
    zh: '工作者阻塞在一个节点上；删除它就同时放行所有人。',
  },
  steps: [
    {
      claims: [{ znode: '/barrier' }],
      at: 700,
      view: 'tree',
      text: {
        en: 'The coordinator raises the barrier: it creates /barrier.',
        zh: '协调者设置屏障：创建 /barrier。',
      },
    },
    {
      claims: [{ mark: 'barrier.waiting', by: ['w1', 'w2', 'w3'] }, { znode: '/barrier' }],
      at: 1400,
      view: 'tree',
      text: {
        en: 'w1, w2 and w3 call exists on /barrier with a watch. It exists, so they block.',
        zh: 'w1、w2、w3 对 /barrier 调用带 Watch 的 exists。节点存在，所以它们阻塞等待。',
      },
    },
    {
      claims: [
        { znode: '/barrier', absent: true },
        { notified: '/barrier', type: 'NodeDeleted', clients: ['w3', 'w1', 'w2'] },
      ],
      at: 3100,
      stepTo: 'watch',
      times: 3,
      view: 'spacetime',
      text: {
        en: 'The coordinator deletes /barrier. Every watcher gets one NodeDeleted event…',
        zh: '协调者删除 /barrier。每个监视者都收到一个 NodeDeleted 事件……',
      },
    },
    {
      claims: [{ mark: 'barrier.passed', by: ['w1', 'w3', 'w2'] }],
      at: 3200,
      view: 'log',
      text: { en: '…and all three pass at once.', zh: '……三个工作者同时通过。' },
    },
  ],
};

export const doubleBarrier: Lesson = {
  id: 'double-barrier',
  scenario: 'lessons/double-barrier',
  twin: 'double-barrier-unsafe',
  title: { en: 'A double barrier', zh: '双重屏障（double barrier）' },
  summary: {
    en: 'Participants enter together once all have arrived, and leave together once all are done.',
    zh: '所有参与者到齐后一起进入，全部完成后一起离开。',
  },
  steps: [
    {
      claims: [
        { mark: 'barrier.arrived', by: ['p1', 'p2'] },
        { znode: '/db/ready', absent: true },
      ],
      at: 1300,
      view: 'tree',
      text: {
        en: 'p1 and p2 have arrived at /db: each created an ephemeral node and watches for /db/ready.',
        zh: 'p1 和 p2 已到达 /db：各自创建了一个临时节点，并监视 /db/ready。',
      },
    },
    {
      claims: [{ mark: 'barrier.entered', by: ['p3', 'p1', 'p2'] }, { znode: '/db/ready' }],
      at: 1880,
      view: 'tree',
      text: {
        en: 'p3 arrives, counts three participants and creates /db/ready. Everyone gets NodeCreated and enters together.',
        zh: 'p3 到达，数到三个参与者，于是创建 /db/ready。大家都收到 NodeCreated，一起进入。',
      },
    },
    {
      claims: [
        { mark: 'barrier.leaving', by: ['p1'] },
        { mark: 'barrier.left', by: [] },
      ],
      at: 2400,
      view: 'log',
      text: {
        en: 'p1 is done after 0.5 s, but it must wait for the others before it leaves.',
        zh: 'p1 在 0.5 秒后完成工作，但它必须等其他人，然后才能离开。',
      },
    },
    {
      claims: [{ mark: 'barrier.left', by: ['p3', 'p2', 'p1'] }],
      at: 4420,
      view: 'log',
      text: {
        en: 'p3 finishes last; only then do all three leave.',
        zh: 'p3 最后完成；直到这时三者才一起离开。',
      },
    },
  ],
};

export const doubleBarrierUnsafe: Lesson = {
  id: 'double-barrier-unsafe',
  scenario: 'lessons/double-barrier-unsafe',
  twin: 'double-barrier',
  broken: true,
  title: { en: 'Break it: a double barrier that lets you out early', zh: '动手破坏：提前放人的双重屏障' },
  summary: {
    en: 'leave() only deletes its own node: participants walk out while others still work.',
    zh: 'leave() 只删除自己的节点：有人还在工作，其他人就走了。',
  },
  steps: [
    {
      at: 1880,
      view: 'tree',
      text: {
        en: 'The same run, with a leave() that only deletes the participant’s own node.',
        zh: '同样的运行，但 leave() 只删除参与者自己的节点。',
      },
    },
    {
      claims: [{ mark: 'barrier.left', by: ['p1'] }, { violations: ['barrier-early'] }],
      stepTo: 'violation',
      view: 'log',
      text: {
        en: 'p1 is done and walks out while p2 and p3 are still working: the checker reports barrier-early.',
        zh: 'p1 做完就走了，而 p2 和 p3 还在工作：检查器报告 barrier-early。',
      },
    },
    {
      claims: [{ mark: 'barrier.left', by: ['p1', 'p2'] }, { violations: ['barrier-early'] }],
      stepTo: 'violation',
      view: 'log',
      text: {
        en: 'p2 does the same. The barrier promised that they would leave together.',
        zh: 'p2 也一样。屏障本应保证大家一起离开。',
      },
    },
  ],
};

export const queue: Lesson = {
  id: 'queue',
  scenario: 'lessons/queue',
  twin: 'queue-unsorted',
  title: { en: 'A distributed queue', zh: '分布式队列' },
  summary: {
    en: 'Sequential nodes give FIFO order; two consumers never take the same job.',
    zh: '顺序节点提供先进先出顺序；两个消费者不会取到同一个任务。',
  },
  steps: [
    {
      claims: [
        {
          znode: '/queue',
          children: [
            'qn-0000000000',
            'qn-0000000001',
            'qn-0000000002',
            'qn-0000000003',
            'qn-0000000004',
            'qn-0000000005',
          ],
        },
      ],
      at: 720,
      view: 'tree',
      text: {
        en: 'The producer put job-1 … job-6 into /queue as persistent sequential nodes: qn-0000000000, qn-0000000001, …',
        zh: '生产者把 job-1 … job-6 作为持久顺序节点放入 /queue：qn-0000000000、qn-0000000001……',
      },
    },
    {
      at: 1640,
      view: 'log',
      text: {
        en: 'Two consumers start at once. Each lists /queue and deletes the lowest; if the other was faster, the delete fails with NoNode and it tries the next.',
        zh: '两个消费者同时开始。各自列出 /queue 并删除序号最小的；如果对方更快，删除会以 NoNode 失败，它就去取下一个。',
      },
    },
    {
      claims: [{ znode: '/queue', children: [] }],
      at: 1920,
      view: 'log',
      text: {
        en: 'Every job was taken exactly once, in FIFO order.',
        zh: '每个任务恰好被取走一次，按先进先出顺序。',
      },
    },
  ],
};

export const priorityQueue: Lesson = {
  id: 'priority-queue',
  scenario: 'lessons/priority-queue',
  title: { en: 'A priority queue', zh: '优先级队列' },
  summary: {
    en: 'The priority is part of the node name, so sorting by name sorts by priority.',
    zh: '优先级是节点名的一部分，所以按名字排序就是按优先级排序。',
  },
  steps: [
    {
      claims: [
        {
          znode: '/pq',
          children: [
            'entry-001-0000000003',
            'entry-100-0000000000',
            'entry-100-0000000001',
            'entry-100-0000000002',
            'entry-200-0000000004',
          ],
        },
      ],
      at: 700,
      view: 'tree',
      text: {
        en: 'The producer put a, b and c with priority 100, urgent with 1 and late with 200. Each node is named entry-PPP-sequence.',
        zh: '生产者放入了优先级 100 的 a、b、c，优先级 1 的 urgent 和优先级 200 的 late。每个节点名为 entry-优先级-序号。',
      },
    },
    {
      claims: [{ znode: '/pq', children: [] }],
      at: 2260,
      view: 'log',
      text: {
        en: 'The consumer takes the lowest name first: urgent, then a, b, c in order of arrival, then late.',
        zh: '消费者先取名字最小的：urgent，然后按到达顺序取 a、b、c，最后是 late。',
      },
    },
  ],
};

export const counter: Lesson = {
  id: 'counter',
  scenario: 'lessons/counter',
  twin: 'counter-unsafe',
  title: { en: 'A counter with compare-and-set', zh: '基于比较并设置（CAS）的计数器' },
  summary: {
    en: 'Set at the version you read, retry on BadVersion: no increment is lost.',
    zh: '按读到的版本号写入，遇到 BadVersion 就重试：不会丢失任何一次递增。',
  },
  steps: [
    {
      at: 900,
      view: 'cluster',
      text: {
        en: 'Three clients add 1 to /counter five times each, all at the same moment.',
        zh: '三个客户端在同一时刻开始，各自给 /counter 加 1，各加五次。',
      },
    },
    {
      at: 1000,
      view: 'log',
      text: {
        en: 'Each increment reads the value and its version, then sets value + 1 only at that version. If another client got in first, the set fails with BadVersion and the client reads again.',
        zh: '每次递增先读取值和版本号，然后只在该版本上写入“值 + 1”。如果别的客户端抢先了，写入以 BadVersion 失败，客户端重新读取。',
      },
    },
    {
      claims: [{ znode: '/counter', data: '15' }, { violations: [] }],
      at: 2200,
      view: 'tree',
      text: { en: '/counter = 15: no increment was lost.', zh: '/counter = 15：没有丢失任何一次递增。' },
    },
  ],
};

export const counterUnsafe: Lesson = {
  id: 'counter-unsafe',
  scenario: 'lessons/counter-unsafe',
  twin: 'counter',
  broken: true,
  title: { en: 'Break it: lost updates', zh: '动手破坏：丢失更新' },
  summary: {
    en: 'Set with version −1: concurrent increments overwrite each other.',
    zh: '用版本号 −1 写入：并发的递增互相覆盖。',
  },
  steps: [
    {
      at: 900,
      view: 'cluster',
      text: {
        en: 'The same three clients, but each set uses version −1: “whatever the version”.',
        zh: '同样三个客户端，但每次写入都用版本号 −1：即“不管什么版本”。',
      },
    },
    {
      claims: [{ violations: ['counter-lost-update'] }],
      stepTo: 'violation',
      view: 'log',
      text: {
        en: 'Two clients read 0 and both write 1: one increment is lost, and the checker says so.',
        zh: '两个客户端都读到 0，又都写入 1：一次递增丢失了，检查器报告了它。',
      },
    },
    {
      claims: [{ znode: '/counter', data: '5' }],
      at: 2100,
      view: 'tree',
      text: {
        en: 'Fifteen increments were acknowledged, and /counter = 5.',
        zh: '十五次递增都得到了确认，而 /counter = 5。',
      },
    },
  ],
};

export const configWatch: Lesson = {
  id: 'config-watch',
  scenario: 'lessons/config-watch',
  title: {
    en: 'Watching a configuration: one-shot vs persistent watches',
    zh: '监视配置：一次性 Watch 与持久 Watch',
  },
  summary: {
    en: 'A one-shot watch says “something changed”; a persistent watch reports every change.',
    zh: '一次性 Watch 只告诉你“有变化”；持久 Watch 报告每一次变化。',
  },
  steps: [
    {
      claims: [{ znode: '/config', data: 'v0' }],
      at: 1200,
      view: 'tree',
      text: {
        en: 'The writer published /config = v0. oneshot reads it with a one-shot watch; persistent called addWatch(PERSISTENT) once.',
        zh: '写入者发布了 /config = v0。oneshot 读取时设置一次性 Watch；persistent 只调用了一次 addWatch(PERSISTENT)。',
      },
    },
    {
      claims: [{ notified: '/config', type: 'NodeDataChanged', clients: ['oneshot', 'persistent'] }],
      at: 1630,
      stepTo: 'watch',
      times: 2,
      view: 'spacetime',
      text: {
        en: 'The writer publishes v1 … v8 back to back. The first change fires both watches.',
        zh: '写入者连续发布 v1 … v8。第一次变化同时触发了两个 Watch。',
      },
    },
    {
      claims: [
        { znode: '/config', data: 'v8' },
        { mark: 'config.done', by: ['oneshot', 'persistent'] },
      ],
      at: 1740,
      view: 'log',
      text: {
        en: 'oneshot’s watch was gone until it read again, so changes in between fired nothing: 4 events, versions skipped. persistent got all 8. Both end on v8.',
        zh: 'oneshot 的 Watch 在它重新读取之前已经失效，期间的变化不会触发事件：它只收到 4 个事件，跳过了一些版本。persistent 收到全部 8 个。两者最后都是 v8。',
      },
    },
  ],
};

export const groupMembership: Lesson = {
  id: 'group-membership',
  scenario: 'lessons/group-membership',
  title: { en: 'Group membership and session expiry', zh: '组成员管理与会话过期' },
  summary: {
    en: 'Members are ephemeral nodes: a crashed member leaves when its session expires.',
    zh: '成员是临时节点：崩溃的成员在其会话过期时离开。',
  },
  steps: [
    {
      claims: [{ znode: '/group', children: ['m1', 'm2', 'm3'] }],
      at: 1800,
      view: 'tree',
      text: {
        en: 'm1, m2 and m3 joined /group with ephemeral nodes. The watcher lists the children with a watch and re-arms it after each change.',
        zh: 'm1、m2、m3 用临时节点加入了 /group。监视者（watcher）带 Watch 列出子节点，并在每次变化后重新设置 Watch。',
      },
    },
    {
      at: 3000,
      view: 'cluster',
      text: { en: 'm2’s process crashes.', zh: 'm2 的进程崩溃了。' },
    },
    {
      claims: [{ znode: '/group', children: ['m1', 'm3'] }],
      stepTo: 'watch',
      view: 'tree',
      text: {
        en: 'Its node stays until its 4 s session expires. Then it goes, leaving [m1, m3], and the watcher’s watch fires: it will list the group again.',
        zh: '它的节点一直保留到 4 秒的会话过期。随后节点消失，只剩 [m1, m3]，监视者的 Watch 被触发：它会重新列出组成员。',
      },
    },
    {
      claims: [{ znode: '/group', children: ['m1'] }],
      at: 8300,
      view: 'tree',
      text: {
        en: 'm3 leaves cleanly: it deletes its own node, and the watcher sees [m1] at once — no timeout to wait for.',
        zh: 'm3 正常离开：它自己删除节点，监视者立刻看到 [m1]——不用等任何超时。',
      },
    },
  ],
};

export const twoPhaseCommit: Lesson = {
  id: 'two-phase-commit',
  scenario: 'lessons/two-phase-commit',
  title: { en: 'Two-phase commit', zh: '两阶段提交' },
  summary: {
    en: 'Sites vote in znodes; one abort vote aborts the transaction everywhere.',
    zh: '各站点在 znode 中投票；只要有一票中止，事务在所有地方都中止。',
  },
  steps: [
    {
      claims: [{ znode: '/2pc/tx1', children: ['s1', 's2', 's3'] }],
      at: 700,
      view: 'tree',
      text: {
        en: 'The coordinator creates /2pc/tx1 and one node per site, and watches them.',
        zh: '协调者创建 /2pc/tx1 以及每个站点各一个节点，并监视它们。',
      },
    },
    {
      claims: [
        { znode: '/2pc/tx1', data: 'commit' },
        { mark: '2pc.applied', by: ['s3', 's2', 's1'] },
      ],
      at: 990,
      view: 'log',
      text: {
        en: 's1, s2 and s3 vote commit in their nodes. The coordinator sees every vote, writes commit into /2pc/tx1, and every site applies it.',
        zh: 's1、s2、s3 在各自节点中投票 commit。协调者看到所有选票后，把 commit 写入 /2pc/tx1，每个站点都执行提交。',
      },
    },
    {
      claims: [{ znode: '/2pc/tx2', data: 'abort' }],
      at: 1100,
      view: 'tree',
      text: {
        en: 'In tx2, s3 votes abort. One abort is enough: the outcome is abort, everywhere.',
        zh: '在 tx2 中，s3 投票 abort。一票中止就足够：结果是所有地方都中止。',
      },
    },
  ],
};
