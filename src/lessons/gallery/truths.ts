// Ensemble truths (issue #15 item 15): what decides an election, what a quorum of five survives,
// multi, a semaphore as a pool, ACLs, and the size limit — each a short run that shows it.
import type { Lesson } from '../types.ts';

export const freshestLogWins: Lesson = {
  id: 'freshest-log-wins',
  scenario: 'lessons/freshest-log-wins',
  title: { en: 'The freshest log wins the election', zh: '日志最新者赢得选举' },
  summary: {
    en: 'zk3 has the highest id but missed writes; zk1 has them all: zk1 leads, and zk3 follows it.',
    zh: 'zk3 的 id 最大，但错过了一些写入；zk1 拥有全部写入：由 zk1 领导，zk3 跟随它。',
  },
  steps: [
    {
      claims: [
        { server: 'zk3', up: false },
        { server: 'zk2', role: 'LEADING', currentEpoch: 2 },
        { server: 'zk1', role: 'FOLLOWING', leader: 2 },
      ],
      at: 2000,
      view: 'cluster',
      text: {
        en: 'zk3, the highest id, led epoch 1 and crashed at 1 s. zk1 and zk2 — still a quorum of three — elected zk2 for epoch 2.',
        zh: 'id 最大的 zk3 领导了第 1 个 epoch，并在 1 秒时崩溃。zk1 和 zk2——三台中的多数——选出 zk2 领导第 2 个 epoch。',
      },
    },
    {
      claims: [
        { znode: '/orders-0000000002', data: 'order 3' },
        { server: 'zk1', lastZxid: '0x200000004' },
      ],
      at: 3000,
      view: 'tree',
      text: {
        en: 'A client writes three orders. zk1 and zk2 have them, up to zxid 0x200000004; zk3, down, has none of them.',
        zh: '一个客户端写入了三个订单。zk1 和 zk2 都有，最新到 zxid 0x200000004；宕机的 zk3 一个也没有。',
      },
    },
    {
      claims: [
        { server: 'zk1', role: 'LOOKING', lastZxid: '0x200000004' },
        { server: 'zk3', role: 'LOOKING', lastZxid: '0x0' },
      ],
      at: 3600,
      view: 'cluster',
      text: {
        en: 'At 3.5 s zk2 crashes and zk3 comes back. The election is between zk1 — lowest id, freshest log — and zk3 — highest id, a log that ends at 0x0.',
        zh: '3.5 秒时 zk2 崩溃，zk3 恢复。选举在 zk1（id 最小、日志最新）和 zk3（id 最大、日志停在 0x0）之间进行。',
      },
    },
    {
      claims: [
        { server: 'zk1', role: 'LEADING', currentEpoch: 3 },
        { server: 'zk3', role: 'FOLLOWING', leader: 1 },
      ],
      at: 3600,
      stepTo: 'election',
      times: 6,
      view: 'cluster',
      text: {
        en: 'A vote compares the epoch first, then the last zxid, and the id only to break a tie. zk1 leads epoch 3; a leader with zk3’s log would have lost the acknowledged orders.',
        zh: '投票先比较 epoch，再比较最后的 zxid，id 只用来打破平局。zk1 领导第 3 个 epoch；如果让日志陈旧的 zk3 当领导者，已确认的订单就丢了。',
      },
    },
    {
      claims: [{ znode: '/orders-0000000002', on: 'zk3', data: 'order 3' }],
      at: 4000,
      view: 'tree',
      text: {
        en: 'zk3 synchronises from zk1 and now has the three orders too.',
        zh: 'zk3 从 zk1 同步数据，现在也有这三个订单了。',
      },
    },
  ],
};

export const fiveServerSplit: Lesson = {
  id: 'five-server-split',
  scenario: 'lessons/five-server-split',
  title: { en: 'Five servers split 2–3, then 2–2–1', zh: '五台服务器分成 2–3，再分成 2–2–1' },
  summary: {
    en: 'A quorum of five is three: the side of three elects a leader and goes on; split three ways, nobody can.',
    zh: '五台的多数是三台：有三台的一边选出领导者继续工作；分成三块时，谁都不行。',
  },
  steps: [
    {
      claims: [{ server: 'zk5', role: 'LEADING' }, { leaders: 1 }],
      at: 1400,
      view: 'cluster',
      text: {
        en: 'Five servers, zk5 leads. A quorum is any three: a write needs three servers to log it.',
        zh: '五台服务器，zk5 是领导者。任意三台构成多数（quorum）：一次写入需要三台服务器记录日志。',
      },
    },
    {
      claims: [
        { server: 'zk3', role: 'LEADING', currentEpoch: 2 },
        { server: 'zk5', role: 'LOOKING' },
        { server: 'zk4', role: 'LOOKING' },
        { log: 'writer', last: '5: ok' },
      ],
      at: 2400,
      view: 'cluster',
      text: {
        en: 'At 1.5 s the network splits {zk4, zk5} from {zk1, zk2, zk3}. zk5 cannot reach three servers and stops leading; the three elect zk3, and the writer on their side goes on.',
        zh: '1.5 秒时网络把 {zk4, zk5} 和 {zk1, zk2, zk3} 分开。zk5 联系不到三台服务器，不再领导；那三台选出 zk3，它们这边的写入者继续写入。',
      },
    },
    {
      claims: [{ log: 'writer', last: '13: ok' }, { leaders: 1 }],
      at: 4900,
      view: 'log',
      text: {
        en: 'Every write still commits on three of the five. The two on the other side hold old data, but nobody can write there.',
        zh: '每次写入仍然在五台中的三台上提交。另一边的两台数据是旧的，但那边谁也写不进去。',
      },
    },
    {
      claims: [
        { leaders: 0 },
        { server: 'zk1', role: 'LOOKING' },
        { server: 'zk3', role: 'LOOKING' },
        { server: 'zk5', role: 'LOOKING' },
        { log: 'writer', last: '14: ConnectionLoss' },
      ],
      at: 6000,
      view: 'cluster',
      text: {
        en: 'At 5 s the split becomes {zk1, zk2}, {zk3, zk4}, {zk5}. No side has three servers: nobody leads, and no write can commit anywhere until the network heals.',
        zh: '5 秒时分区变成 {zk1, zk2}、{zk3, zk4}、{zk5}。没有哪一边有三台服务器：没有领导者，网络恢复之前任何地方都无法提交写入。',
      },
    },
  ],
};

export const multiAllOrNothing: Lesson = {
  id: 'multi-all-or-nothing',
  scenario: 'lessons/multi-all-or-nothing',
  title: { en: 'multi: all or nothing', zh: 'multi：要么全做，要么全不做' },
  summary: {
    en: 'Several writes in one multi commit as one transaction, or fail together with an outcome per op.',
    zh: '一个 multi 里的多个写操作作为一个事务一起提交，或者一起失败，并给出每个操作的结果。',
  },
  steps: [
    {
      claims: [{ znode: '/stock', data: '3', version: 0 }],
      at: 900,
      view: 'tree',
      text: {
        en: '/stock holds 3 items. Two shops each order 2: one multi creates an order node, sets /stock at the version read, and creates a shipment node.',
        zh: '/stock 有 3 件库存。两个商店各订 2 件：一个 multi 创建订单节点、以读到的版本 set /stock、再创建发货节点。',
      },
    },
    {
      claims: [
        { log: 's2', last: 's2: ordered 2, stock now 1' },
        { znode: '/stock', data: '1', version: 1 },
        { znode: '/orders', children: ['o-0000000000'] },
        { znode: '/shipments', children: ['s-0000000000'] },
      ],
      at: 1020,
      view: 'tree',
      text: {
        en: 'Both read 3 at version 0. s2’s multi comes first: its three writes commit as one transaction, one zxid.',
        zh: '两个商店都读到 3，版本 0。s2 的 multi 先到：三个写操作作为一个事务提交，只占一个 zxid。',
      },
    },
    {
      claims: [
        { log: 's1', last: 's1: order failed: BadVersion (RolledBack, BadVersion, RuntimeInconsistency)' },
        { znode: '/orders', children: ['o-0000000000'] },
      ],
      at: 1020,
      view: 'log',
      text: {
        en: 's1’s set is at the stale version 0: BadVersion. Its order node is RolledBack, the ops after the failure are RuntimeInconsistency — none of its writes happened, and nothing is oversold.',
        zh: 's1 的 set 用的是过期的版本 0：BadVersion。它的订单节点被回滚（RolledBack），失败之后的操作是 RuntimeInconsistency——它的写操作一个也没有发生，没有超卖。',
      },
    },
  ],
};

export const semaphorePool: Lesson = {
  id: 'semaphore-pool',
  scenario: 'lessons/semaphore-pool',
  title: { en: 'A semaphore as a connection pool', zh: '用信号量实现连接池' },
  summary: {
    en: 'Two database connections, four workers: a semaphore with two leases lets at most two in at once.',
    zh: '两个数据库连接、四个工作者：有两个许可的信号量保证同时最多两个在用。',
  },
  steps: [
    {
      claims: [{ mark: 'semaphore.acquired', by: ['w1', 'w2'] }],
      at: 1200,
      view: 'tree',
      text: {
        en: 'A pool of two database connections is a semaphore with two leases under /db-pool. w1 and w2 each hold one, as an ephemeral node.',
        zh: '两个数据库连接的连接池就是 /db-pool 下有两个许可的信号量。w1 和 w2 各持有一个许可，是一个临时节点。',
      },
    },
    {
      claims: [
        { mark: 'semaphore.acquired', by: ['w1', 'w2'] },
        { client: 'w3', script: 'running' },
      ],
      at: 1500,
      view: 'lock',
      text: {
        en: 'w3 and w4 wait: the pool is full. The first of them holds the lock /db-pool-__lock__ and watches /db-pool’s children.',
        zh: 'w3 和 w4 在等待：连接池满了。排在前面的那个持有锁 /db-pool-__lock__，并监视 /db-pool 的子节点。',
      },
    },
    {
      claims: [
        { mark: 'semaphore.acquired', by: ['w1', 'w2', 'w3'] },
        { mark: 'semaphore.released', by: ['w1'] },
      ],
      at: 1800,
      view: 'log',
      text: {
        en: 'w1 gives its connection back: its lease is deleted, the watch fires, and w3 takes the free lease.',
        zh: 'w1 归还连接：它的许可节点被删除，Watch 触发，w3 拿到空出来的许可。',
      },
    },
    {
      claims: [{ mark: 'semaphore.acquired', by: ['w1', 'w2', 'w3', 'w4'] }, { violations: [] }],
      at: 2200,
      view: 'log',
      text: {
        en: 'w2 gives its back and w4 gets it. Never more than two at once — and a worker that crashes gives its lease back when its session expires.',
        zh: 'w2 归还后 w4 拿到。任何时候最多两个——而崩溃的工作者会在会话过期时交还许可。',
      },
    },
  ],
};

export const aclDigest: Lesson = {
  id: 'acl-digest',
  scenario: 'lessons/acl-digest',
  title: { en: 'ACLs with digest: who may read what', zh: 'digest ACL：谁可以读什么' },
  summary: {
    en: 'alice’s /payroll is hers alone; /menu anyone may read but only alice write. bob learns which is which.',
    zh: 'alice 的 /payroll 只属于她；/menu 谁都能读，但只有 alice 能写。bob 逐一试过。',
  },
  steps: [
    {
      claims: [
        { log: 'alice', last: 'alice reads /payroll: salaries' },
        { znode: '/menu', data: 'soup' },
      ],
      at: 800,
      view: 'tree',
      text: {
        en: 'alice authenticates with digest alice:secret and creates /payroll (all rights for her only) and /menu (read for anyone, all rights for alice).',
        zh: 'alice 用 digest 方式认证为 alice:secret，创建 /payroll（只有她拥有全部权限）和 /menu（任何人可读，alice 拥有全部权限）。',
      },
    },
    {
      claims: [{ log: 'bob', last: 'bob sets /menu: NoAuth' }],
      at: 1040,
      view: 'log',
      text: {
        en: 'bob, without credentials: reading /payroll gives NoAuth, reading /menu works, writing /menu gives NoAuth. Every node carries its own ACL.',
        zh: '没有凭据的 bob：读 /payroll 得到 NoAuth，读 /menu 成功，写 /menu 得到 NoAuth。每个节点都有自己的 ACL。',
      },
    },
    {
      claims: [{ log: 'bob', last: 'bob with a wrong password reads /payroll: NoAuth' }],
      at: 1050,
      view: 'log',
      text: {
        en: 'bob adds alice:guess. A wrong password is not an error: add_auth succeeds, the id it yields just matches no ACL.',
        zh: 'bob 添加 alice:guess。密码错误并不报错：add_auth 成功，只是得到的身份不匹配任何 ACL。',
      },
    },
    {
      claims: [
        { log: 'bob', last: "bob with alice's password reads /payroll: salaries" },
        { znode: '/menu', data: 'salad' },
      ],
      at: 2200,
      view: 'log',
      text: {
        en: 'With alice’s password bob reads /payroll: a digest ACL trusts whoever knows the password. alice, meanwhile, changed the menu.',
        zh: '用了 alice 的密码，bob 就能读 /payroll：digest ACL 信任任何知道密码的人。与此同时，alice 修改了菜单。',
      },
    },
  ],
};

export const oneMegabyteLimit: Lesson = {
  id: 'one-megabyte-limit',
  scenario: 'lessons/one-megabyte-limit',
  title: { en: 'The 1 MB limit', zh: '1 MB 的限制' },
  summary: {
    en: 'A request over jute.maxbuffer closes the connection: ConnectionLoss, and nothing is written.',
    zh: '超过 jute.maxbuffer 的请求会导致连接被关闭：ConnectionLoss，什么也没写入。',
  },
  steps: [
    {
      claims: [
        { log: 'app', last: 'create /big (1.2 MB): ConnectionLoss' },
        { client: 'app', state: 'CONNECTING' },
      ],
      at: 700,
      view: 'log',
      text: {
        en: 'app creates /big with 1.2 MB of data. The request is larger than jute.maxbuffer (1 MB − 1 byte): zk2 refuses to read it and closes the connection, and app hears ConnectionLoss.',
        zh: 'app 创建带 1.2 MB 数据的 /big。请求超过了 jute.maxbuffer（1 MB − 1 字节）：zk2 拒绝读取并关闭连接，app 收到 ConnectionLoss。',
      },
    },
    {
      claims: [
        { znode: '/big', absent: true },
        { client: 'app', state: 'CONNECTED', connectedTo: 'zk3' },
      ],
      at: 1300,
      view: 'tree',
      text: {
        en: 'Nothing was written, and the session survives: app reconnects to zk3 with the same session.',
        zh: '什么也没有写入，会话也还在：app 用同一个会话重连到 zk3。',
      },
    },
    {
      claims: [{ log: 'app', last: 'create /small (10 KB): /small' }, { znode: '/small' }],
      at: 2200,
      view: 'log',
      text: {
        en: 'A 10 KB node is fine. ZooKeeper keeps coordination data — small, in memory on every server — not files.',
        zh: '10 KB 的节点没有问题。ZooKeeper 存放的是协调数据——很小、放在每台服务器的内存里——而不是文件。',
      },
    },
  ],
};
