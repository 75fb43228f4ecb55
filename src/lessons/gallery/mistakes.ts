// The readers' own mistakes (issue #15 item 14), written the way tutorials write Lua against
// ZooKeeper (`require "zookeeper"`, src/lua/modules/zookeeper.lua), each next to its correct twin —
// and one belief about crashes that the run corrects.
import type { Lesson } from '../types.ts';

export const naiveLock: Lesson = {
  id: 'naive-lock',
  scenario: 'lessons/naive-lock',
  twin: 'tutorial-lock',
  broken: true,
  title: { en: 'Break it: a naive lock on a plain /lock', zh: '动手破坏：用一个普通的 /lock 做锁' },
  summary: {
    en: 'Create /lock to lock, delete it at version −1 to unlock: any client’s unlock releases whoever holds it.',
    zh: '创建 /lock 即加锁，以版本 −1 删除即解锁：任何客户端的解锁都会释放别人持有的锁。',
  },
  steps: [
    {
      claims: [
        { znode: '/lock', data: 'c1', owner: 'c1' },
        { mark: 'lock.acquired', by: ['c1'] },
      ],
      at: 700,
      view: 'editor',
      text: {
        en: 'The lock as many tutorials write it: lock() creates a plain ephemeral /lock, once; unlock() deletes /lock at version −1, always. c1 created it and works.',
        zh: '很多教程里的锁：lock() 只尝试一次，创建一个普通的临时节点 /lock；unlock() 总是以版本 −1 删除 /lock。c1 创建了它，开始工作。',
      },
    },
    {
      claims: [
        { znode: '/lock', absent: true },
        { log: 'c2', last: 'c2: lock busy, skipping the work' },
      ],
      at: 1000,
      view: 'tree',
      text: {
        en: 'c2 finds /lock taken (NodeExists) and skips its work — but its unlock runs anyway, like a finally block. Version −1 matches any node: c2 has deleted c1’s lock, and c1 does not know.',
        zh: 'c2 发现 /lock 已被占用（NodeExists），跳过了工作——但它的 unlock 照样执行，就像 finally 块。版本 −1 匹配任何节点：c2 删掉了 c1 的锁，而 c1 毫不知情。',
      },
    },
    {
      claims: [
        { znode: '/lock', data: 'c3', owner: 'c3' },
        { mark: 'lock.acquired', by: ['c1', 'c3'] },
        { violations: ['lock-exclusive'] },
      ],
      at: 1100,
      stepTo: 'violation',
      view: 'log',
      text: {
        en: 'c3 creates /lock and works while c1 is still working: two holders. The checker reports lock-exclusive.',
        zh: 'c3 创建了 /lock，并在 c1 仍在工作时开始工作：两个持有者。检查器报告 lock-exclusive。',
      },
    },
    {
      claims: [
        { znode: '/lock', absent: true },
        { mark: 'lock.released', by: ['c1'] },
      ],
      at: 2200,
      view: 'tree',
      text: {
        en: 'When c1 finishes, its unlock deletes c3’s /lock in turn. The fix: one node per client, and delete only your own.',
        zh: 'c1 完成后，它的 unlock 又删掉了 c3 的 /lock。修正方法：每个客户端一个自己的节点，只删除自己的节点。',
      },
    },
  ],
};

export const tutorialLock: Lesson = {
  id: 'tutorial-lock',
  scenario: 'lessons/tutorial-lock',
  twin: 'naive-lock',
  title: { en: 'The tutorials’ lock, done right', zh: '教程风格的锁，正确写法' },
  summary: {
    en: 'The same Lua style (require "zookeeper"), but each client has its own ephemeral sequential node and deletes only that.',
    zh: '同样的 Lua 写法（require "zookeeper"），但每个客户端有自己的临时顺序节点，并且只删除它。',
  },
  steps: [
    {
      claims: [
        { lock: '/lock', holder: 'c1', waiters: ['c2', 'c3'], watching: 'predecessor' },
        { znode: '/lock', children: ['n-0000000000', 'n-0000000001', 'n-0000000002'] },
      ],
      at: 1300,
      view: 'lock',
      text: {
        en: 'The tutorials’ handle style — z:connect, z:create, z:get_children — but each client creates its own ephemeral sequential node under /lock. The lowest holds; the others wait for the node just before their own.',
        zh: '同样是教程里的句柄写法——z:connect、z:create、z:get_children——但每个客户端在 /lock 下创建自己的临时顺序节点。序号最小的持有锁；其他客户端各自等待排在自己前面的那个节点。',
      },
    },
    {
      claims: [
        { lock: '/lock', holder: 'c2', waiters: ['c3'], watching: 'predecessor' },
        { mark: 'lock.acquired', by: ['c1', 'c2'] },
      ],
      at: 1700,
      view: 'lock',
      text: {
        en: 'c1’s unlock deletes its own node, n-0000000000, and nothing else. c2, which waited for exactly that node, holds the lock.',
        zh: 'c1 的 unlock 只删除自己的节点 n-0000000000。一直等待这个节点的 c2 拿到了锁。',
      },
    },
    {
      claims: [{ mark: 'lock.acquired', by: ['c1', 'c2', 'c3'] }, { violations: [] }],
      at: 2700,
      view: 'log',
      text: {
        en: 'c3 follows. One holder at a time, and no client can release another’s lock.',
        zh: 'c3 接着拿到锁。任何时刻只有一个持有者，也没有客户端能释放别人的锁。',
      },
    },
  ],
};

export const lockConnectionLoss: Lesson = {
  id: 'lock-connectionloss',
  scenario: 'lessons/lock-connectionloss',
  twin: 'lock-protected-create',
  broken: true,
  title: {
    en: 'Break it: “ConnectionLoss means the create failed”',
    zh: '动手破坏：“ConnectionLoss 就是创建失败了”',
  },
  summary: {
    en: 'The create happened but its reply was lost; the retry gets NodeExists and waits behind its own node forever.',
    zh: '创建其实成功了，只是回复丢了；重试得到 NodeExists，于是永远等在自己的节点后面。',
  },
  steps: [
    {
      claims: [{ znode: '/lock', data: 'c1', owner: 'c1' }],
      at: 1100,
      view: 'tree',
      text: {
        en: 'c1 sends create /lock through zk2. The ensemble applies it — then zk2’s replies stop reaching c1 (a one-way cut).',
        zh: 'c1 通过 zk2 发送 create /lock。集群执行了它——随后 zk2 发往 c1 的回复被切断（单向断开）。',
      },
    },
    {
      claims: [
        { log: 'c1', last: 'c1: create /lock: ConnectionLoss' },
        { client: 'c1', state: 'CONNECTING' },
      ],
      at: 1600,
      view: 'log',
      text: {
        en: 'c1 hears ConnectionLoss: the outcome of its create is unknown. Its code reads it as “failed” and will try again once reconnected.',
        zh: 'c1 收到 ConnectionLoss：创建的结果未知。但它的代码把它当成“失败”，重新连上后再试一次。',
      },
    },
    {
      claims: [
        { log: 'c1', last: 'c1: someone holds /lock, waiting' },
        { znode: '/lock', owner: 'c1' },
        { client: 'c1', state: 'CONNECTED', connectedTo: 'zk3' },
      ],
      at: 2200,
      view: 'tree',
      text: {
        en: 'Reconnected to zk3 with the same session, c1 retries: NodeExists. It concludes someone holds the lock and waits for /lock to go — its own node, owned by its own live session.',
        zh: 'c1 用同一个会话重连到 zk3 后重试：NodeExists。它断定有别人持有锁，于是等待 /lock 消失——而那正是它自己的节点，属于它自己仍然有效的会话。',
      },
    },
    {
      claims: [
        { log: 'c2', last: 'c2: someone holds /lock, waiting' },
        { mark: 'lock.acquired', by: [] },
        { znode: '/lock', owner: 'c1' },
      ],
      at: 7900,
      view: 'log',
      text: {
        en: 'Nobody ever deletes /lock: c1 waits behind itself and c2 waits behind c1. The lock is dead until c1’s session ends.',
        zh: '没有人会删除 /lock：c1 在等自己，c2 在等 c1。在 c1 的会话结束之前，这把锁就是死的。',
      },
    },
  ],
};

export const lockProtectedCreate: Lesson = {
  id: 'lock-protected-create',
  scenario: 'lessons/lock-protected-create',
  twin: 'lock-connectionloss',
  title: {
    en: 'ConnectionLoss: the protected create',
    zh: 'ConnectionLoss：受保护的创建（protected create）',
  },
  summary: {
    en: 'The lock node’s name starts with the client’s own id: after ConnectionLoss the client finds the node it created.',
    zh: '锁节点的名字以客户端自己的 id 开头：ConnectionLoss 之后，客户端能找到自己创建的节点。',
  },
  steps: [
    {
      claims: [{ znode: '/lock', children: ['2e42b9f839768be3__lock__0000000000'] }],
      at: 1100,
      view: 'tree',
      text: {
        en: 'The same cut. c1 uses the lock recipe: its node is named after a unique id of its own, 2e42b9f839768be3, and the create is applied.',
        zh: '同样的断开。c1 使用锁的配方：它的节点以自己独有的 id 2e42b9f839768be3 开头命名，创建已经执行。',
      },
    },
    {
      claims: [
        { client: 'c1', state: 'CONNECTING' },
        { mark: 'lock.acquired', by: [] },
      ],
      at: 1600,
      view: 'log',
      text: {
        en: 'c1 hears ConnectionLoss and does not know whether its create happened. It does not simply create again.',
        zh: 'c1 收到 ConnectionLoss，不知道创建是否发生。它不会简单地再创建一次。',
      },
    },
    {
      claims: [
        { lock: '/lock', holder: 'c1', waiters: ['c2'] },
        { mark: 'lock.acquired', by: ['c1'] },
      ],
      at: 2200,
      view: 'lock',
      text: {
        en: 'Reconnected, c1 lists /lock and finds a child with its id: its create did happen. It adopts that node and holds the lock (Curator’s “protected mode”).',
        zh: '重连之后，c1 列出 /lock，找到了带有自己 id 的子节点：创建确实发生了。它接管这个节点并持有锁（Curator 的“protected mode”）。',
      },
    },
    {
      claims: [{ mark: 'lock.acquired', by: ['c1', 'c2'] }, { violations: [] }],
      at: 3100,
      stepTo: 'handover',
      view: 'lock',
      text: {
        en: 'c1 releases and c2 gets the lock: nobody waits behind itself.',
        zh: 'c1 释放后 c2 拿到锁：没有人在等自己。',
      },
    },
  ],
};

export const serverCrashKeepsLock: Lesson = {
  id: 'server-crash-keeps-lock',
  scenario: 'lessons/server-crash-keeps-lock',
  title: { en: 'A server crash does not release the lock', zh: '服务器崩溃不会释放锁' },
  summary: {
    en: 'The session lives on the ensemble, not on one server: the holder reconnects, SUSPENDED then RESUMED, and keeps its lock.',
    zh: '会话属于整个集群，而不是某一台服务器：持有者重连，先 SUSPENDED 再 RESUMED，锁仍在它手里。',
  },
  steps: [
    {
      claims: [
        { lock: '/lock', holder: 'c1', waiters: ['c2'] },
        { client: 'c1', connectedTo: 'zk2' },
      ],
      at: 1400,
      view: 'lock',
      text: {
        en: 'c1 holds /lock and is connected to zk2; c2 waits. Many believe that if zk2 crashes, c1’s lock is gone.',
        zh: 'c1 持有 /lock，连接在 zk2 上；c2 在等待。很多人以为 zk2 一崩溃，c1 的锁就没了。',
      },
    },
    {
      claims: [
        { server: 'zk2', up: false },
        { mark: 'lock.suspended', by: ['c1'] },
        { lock: '/lock', holder: 'c1', waiters: ['c2'] },
      ],
      at: 1600,
      view: 'cluster',
      text: {
        en: 'zk2 crashes. c1 is disconnected and cannot know whether it still holds the lock, so it suspends its work (Curator’s SUSPENDED). Its node is still on zk1 and zk3.',
        zh: 'zk2 崩溃。c1 断开连接，无法确定自己是否仍持有锁，所以暂停工作（Curator 的 SUSPENDED）。它的节点仍在 zk1 和 zk3 上。',
      },
    },
    {
      claims: [
        { client: 'c1', state: 'CONNECTED', connectedTo: 'zk3' },
        { mark: 'lock.resumed', by: ['c1'] },
        { lock: '/lock', holder: 'c1', waiters: ['c2'] },
      ],
      at: 2200,
      view: 'lock',
      text: {
        en: 'c1 reconnects to zk3 with the same session, well within its 4 s timeout. Its ephemeral node is still there: it resumes (RECONNECTED) and still holds the lock.',
        zh: 'c1 在 4 秒会话超时之内用同一个会话重连到 zk3。它的临时节点还在：它恢复工作（RECONNECTED），锁仍在它手里。',
      },
    },
    {
      claims: [
        { mark: 'lock.acquired', by: ['c1', 'c2'] },
        { log: 'c1', last: 'c1: still held after the work: true' },
      ],
      at: 3100,
      stepTo: 'handover',
      view: 'log',
      text: {
        en: 'c1 finishes and releases; only then does c2 get the lock. Only the end of a session — expiry or close — releases a lock, never a server crash.',
        zh: 'c1 完成工作并释放，c2 这时才拿到锁。只有会话结束（过期或关闭）才会释放锁，服务器崩溃不会。',
      },
    },
  ],
};

export const versionTimestamp: Lesson = {
  id: 'version-timestamp',
  scenario: 'lessons/version-timestamp',
  twin: 'version-cas',
  broken: true,
  title: { en: 'Break it: a version is not a timestamp', zh: '动手破坏：版本号不是时间戳' },
  summary: {
    en: 'Setting /lock with its expiry time as the version fails with BadVersion; unchecked, both clients think they hold the lock.',
    zh: '把过期时间当作版本号去 set /lock，会以 BadVersion 失败；不检查错误，两个客户端都以为自己持有锁。',
  },
  steps: [
    {
      claims: [
        { log: 'c1', last: 'c1: set /lock with version 6: BadVersion' },
        { znode: '/lock', data: 'free', version: 0 },
      ],
      at: 1100,
      view: 'log',
      text: {
        en: 'c1 takes the lock by setting /lock to its name with version = the expiry time, 6. The server keeps versions itself — /lock was never changed, its version is 0 — so the set fails with BadVersion.',
        zh: 'c1 想通过 set /lock 加锁：数据是自己的名字，版本号填过期时间 6。版本号由服务器自己维护——/lock 从未被修改，版本是 0——所以 set 以 BadVersion 失败。',
      },
    },
    {
      claims: [
        { log: 'c2', last: 'c2: set /lock with version 6: BadVersion' },
        { mark: 'lock.acquired', by: ['c1', 'c2'] },
        { violations: ['lock-exclusive'] },
      ],
      at: 1200,
      stepTo: 'violation',
      view: 'log',
      text: {
        en: 'Neither client checks the error: c2 fails the same way and also believes it holds the lock. Two holders: lock-exclusive.',
        zh: '两个客户端都不检查错误：c2 以同样的方式失败，也以为自己持有锁。两个持有者：lock-exclusive。',
      },
    },
    {
      claims: [{ znode: '/lock', data: 'free', version: 0 }],
      at: 3000,
      view: 'tree',
      text: {
        en: 'And /lock still says “free”, version 0. A version is a counter of changes, for compare-and-set; a time belongs in the data.',
        zh: '而 /lock 仍然是 “free”，版本 0。版本号是修改次数的计数器，用于比较并设置（compare-and-set）；时间应该写在数据里。',
      },
    },
  ],
};

export const versionCas: Lesson = {
  id: 'version-cas',
  scenario: 'lessons/version-cas',
  twin: 'version-timestamp',
  title: { en: 'A version is the server’s: compare-and-set', zh: '版本号属于服务器：比较并设置' },
  summary: {
    en: 'Read /lock with its Stat, set it at the version read: the server lets exactly one client win.',
    zh: '读取 /lock 及其 Stat，再以读到的版本号 set：服务器只让一个客户端成功。',
  },
  steps: [
    {
      claims: [
        { log: 'c2', last: 'c2: set /lock at version 0: ok' },
        { log: 'c1', last: 'c1: set /lock at version 0: BadVersion' },
        { znode: '/lock', data: 'c2 until 6', version: 1 },
      ],
      at: 1100,
      view: 'log',
      text: {
        en: 'Both read /lock = “free” at version 0 and set it at version 0. c2’s set comes first and makes it version 1; c1’s, at the stale version 0, fails with BadVersion.',
        zh: '两个客户端都读到 /lock = “free”，版本 0，并以版本 0 去 set。c2 的 set 先到，版本变成 1；c1 的 set 用的是过期的版本 0，以 BadVersion 失败。',
      },
    },
    {
      claims: [{ mark: 'lock.acquired', by: ['c2'] }, { violations: [] }],
      at: 1900,
      view: 'tree',
      text: {
        en: 'c2 holds the lock; its expiry time is in the data. c1 checked the error and reads again until the lock is free.',
        zh: 'c2 持有锁；过期时间写在数据里。c1 检查了错误，不断重读，直到锁空闲。',
      },
    },
    {
      claims: [
        { mark: 'lock.acquired', by: ['c2', 'c1'] },
        { znode: '/lock', data: 'c1 until 7', version: 3 },
        { violations: [] },
      ],
      at: 2200,
      view: 'tree',
      text: {
        en: 'c2 sets /lock back to “free”, and c1 takes it at version 2. One holder at a time: the version, counted by the server, decides.',
        zh: 'c2 把 /lock 改回 “free”，c1 以版本 2 拿到锁。任何时刻只有一个持有者：由服务器计数的版本号说了算。',
      },
    },
  ],
};

export const queueUnsorted: Lesson = {
  id: 'queue-unsorted',
  scenario: 'lessons/queue-unsorted',
  twin: 'queue',
  broken: true,
  title: { en: 'Break it: a queue consumer that does not sort', zh: '动手破坏：不排序的队列消费者' },
  summary: {
    en: 'children[1] of an unsorted listing is not the oldest job: the server lists children in hash order.',
    zh: '未排序列表里的 children[1] 并不是最早的任务：服务器按哈希顺序列出子节点。',
  },
  steps: [
    {
      claims: [
        {
          mark: 'queue.put',
          by: [
            'producer',
            'producer',
            'producer',
            'producer',
            'producer',
            'producer',
            'producer',
            'producer',
          ],
        },
      ],
      at: 1000,
      view: 'tree',
      text: {
        en: 'The producer put job-1 … job-8 into /queue as sequential nodes qn-0000000000 … qn-0000000007: the numbers give the order.',
        zh: '生产者把 job-1 … job-8 作为顺序节点 qn-0000000000 … qn-0000000007 放入 /queue：序号就是顺序。',
      },
    },
    {
      claims: [{ log: 'k1', last: 'took job-8 (qn-0000000007)' }],
      at: 1255,
      view: 'log',
      text: {
        en: 'The consumer takes children[1] of the listing, without sorting. The server lists children in its hash order, not by number: the first job it takes is job-8, the newest.',
        zh: '消费者不排序，直接取列表里的 children[1]。服务器按哈希顺序列出子节点，而不是按序号：它取到的第一个任务是最新的 job-8。',
      },
    },
    {
      claims: [
        { log: 'k1', last: 'took job-1 (qn-0000000000)' },
        { znode: '/queue', children: [] },
      ],
      at: 1500,
      view: 'log',
      text: {
        en: 'Every job is taken once, but in the wrong order: the oldest comes last. Sort the names by sequence number before taking the first.',
        zh: '每个任务都只被取了一次，但顺序错了：最早的最后才被取走。取第一个之前，先按序号给名字排序。',
      },
    },
  ],
};
