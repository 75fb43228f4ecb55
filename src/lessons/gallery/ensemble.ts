// Lessons about the ensemble itself: election, failover, quorums, recovery, durability, reads.
// Times are those of the scenarios in examples/lessons/ (seed 1); test/unit/lessons.test.ts checks
// that what each step says is there is there.
import type { Lesson } from '../types.ts';

export const leaderElection: Lesson = {
  id: 'leader-election',
  scenario: 'lessons/leader-election',
  title: { en: 'Leader election from scratch', zh: '从零开始的领导者选举' },
  summary: {
    en: 'Three empty servers vote; the highest id wins and leads epoch 1.',
    zh: '三台空服务器投票选举；id 最大者胜出，成为 epoch 1 的领导者。',
  },
  steps: [
    {
      claims: [
        { server: 'zk1', role: 'LOOKING', lastZxid: '0x0' },
        { server: 'zk2', role: 'LOOKING', lastZxid: '0x0' },
        { server: 'zk3', role: 'LOOKING', lastZxid: '0x0' },
        { leaders: 0 },
      ],
      at: 0,
      view: 'cluster',
      highlight: [{ server: 'zk1' }, { server: 'zk2' }, { server: 'zk3' }],
      text: {
        en: 'Three servers boot with empty logs. Each one starts LOOKING and votes for itself.',
        zh: '三台服务器以空日志启动。每台都进入 LOOKING 状态，并先投票给自己。',
      },
    },
    {
      claims: [
        { server: 'zk1', vote: 3 },
        { server: 'zk2', vote: 3 },
        { server: 'zk3', vote: 3 },
      ],
      at: 8,
      view: 'spacetime',
      text: {
        en: 'Votes go to every other server. A vote is compared by epoch, then last zxid, then server id: all logs are empty, so everyone switches to zk3.',
        zh: '选票发往其他每台服务器。比较选票时依次看 epoch、最后的 zxid（事务 ID）、服务器 id：日志都是空的，所以大家都改投 zk3。',
      },
    },
    {
      claims: [{ server: 'zk1', role: 'FOLLOWING', leader: 3 }],
      stepTo: 'election',
      view: 'cluster',
      text: {
        en: 'zk1 has seen a quorum — 2 of 3 — vote for zk3, waited 200 ms for a better vote, and stops looking: it follows zk3.',
        zh: 'zk1 看到过半数（3 台中的 2 台）都投给了 zk3，又等了 200 毫秒没有更好的选票，于是结束选举，成为 zk3 的跟随者。',
      },
    },
    {
      claims: [
        { server: 'zk3', role: 'LEADING', zabState: 'BROADCAST', currentEpoch: 1 },
        { server: 'zk1', role: 'FOLLOWING', leader: 3, currentEpoch: 1 },
        { server: 'zk2', role: 'FOLLOWING', leader: 3, currentEpoch: 1 },
      ],
      at: 240,
      view: 'cluster',
      text: {
        en: 'zk3 leads. Discovery agreed on epoch 1, synchronization sent an empty DIFF, and broadcast has begun: the ensemble takes writes.',
        zh: 'zk3 成为领导者。发现阶段商定了 epoch 1，同步阶段发送了一个空的 DIFF，广播阶段开始：集群可以接受写入了。',
      },
    },
    {
      claims: [
        { znode: '/hello', czxid: '0x100000002' },
        { log: 'c', last: '/hello' },
      ],
      at: 700,
      view: 'tree',
      text: {
        en: 'A client creates /hello. Its zxid is 0x100000002: epoch 1 in the high bits, counter 2 (1 was the client’s session).',
        zh: '一个客户端创建了 /hello。它的 zxid 是 0x100000002：高位是 epoch 1，低位计数器是 2（1 用于创建该客户端的会话）。',
      },
    },
  ],
};

export const leaderFailover: Lesson = {
  id: 'leader-failover',
  scenario: 'lessons/leader-failover',
  title: { en: 'The leader crashes: re-election and a new epoch', zh: '领导者崩溃：重新选举与新的 epoch' },
  summary: {
    en: 'Crash the leader: the followers elect zk2, writes resume in epoch 2.',
    zh: '让领导者崩溃：跟随者选出 zk2，写入在 epoch 2 中继续。',
  },
  steps: [
    {
      claims: [
        { server: 'zk3', role: 'LEADING', currentEpoch: 1 },
        { log: 'writer', last: 'tick 4: zxid 0x100000006' },
      ],
      at: 1500,
      view: 'log',
      text: {
        en: 'zk3 leads epoch 1. The writer sets /tick every 250 ms and prints each zxid: 0x1000000xx, epoch 1 in the high 32 bits.',
        zh: 'zk3 是 epoch 1 的领导者。写入者每 250 毫秒更新一次 /tick 并打印 zxid：0x1000000xx，高 32 位是 epoch 1。',
      },
    },
    {
      claims: [{ server: 'zk3', up: false }],
      at: 2000,
      inject: { action: 'crash', target: 'zk3' },
      view: 'cluster',
      text: { en: 'Now we crash the leader.', zh: '现在让领导者崩溃。' },
    },
    {
      claims: [
        { server: 'zk2', role: 'LEADING', lastZxid: '0x100000008' },
        { server: 'zk1', role: 'FOLLOWING', leader: 2, lastZxid: '0x100000008' },
      ],
      stepTo: 'election',
      times: 2,
      view: 'cluster',
      highlight: [{ server: 'zk1' }, { server: 'zk2' }],
      predict: {
        en: 'The leader is gone. zk1 and zk2 have the same log. Which one will lead, and why?',
        zh: '领导者没了。zk1 和 zk2 的日志相同。谁会成为领导者？为什么？',
      },
      text: {
        en: 'zk1 and zk2 lose their leader and go LOOKING. Their logs end at the same zxid, so the higher id wins: zk2 leads.',
        zh: 'zk1 和 zk2 失去领导者，进入 LOOKING。两者日志的最后 zxid 相同，于是 id 更大的 zk2 当选领导者。',
      },
    },
    {
      claims: [
        { client: 'writer', state: 'CONNECTED' },
        { server: 'zk2', role: 'LEADING', currentEpoch: 2 },
        { log: 'writer', last: 'tick 7: zxid 0x200000001' },
      ],
      at: 2700,
      view: 'log',
      text: {
        en: 'The client reconnected with the same session. Its writes now get zxids 0x2000000xx: epoch 2, the counter back at 1.',
        zh: '客户端用同一个会话重新连上。它的写入现在得到 0x2000000xx 的 zxid：epoch 2，计数器从 1 重新开始。',
      },
    },
    {
      claims: [{ server: 'zk3', up: true, role: 'LOOKING', currentEpoch: 1 }],
      at: 5000,
      inject: { action: 'restart', target: 'zk3' },
      view: 'cluster',
      text: {
        en: 'Restart zk3. It comes back LOOKING, its log still ending in epoch 1.',
        zh: '重启 zk3。它以 LOOKING 状态回来，日志仍停在 epoch 1。',
      },
    },
    {
      claims: [
        { server: 'zk3', role: 'FOLLOWING', leader: 2, currentEpoch: 2 },
        { server: 'zk2', role: 'LEADING' },
        { leaders: 1 },
      ],
      at: 5100,
      view: 'cluster',
      highlight: [{ server: 'zk3' }, { server: 'zk2' }],
      text: {
        en: 'zk3 learned that zk2 leads and follows it; zk2 sent it the writes it missed as a DIFF. Leadership does not move back to zk3: a leader changes only when it has to.',
        zh: 'zk3 得知 zk2 是领导者，成了它的跟随者；zk2 用 DIFF 把它错过的写入发给了它。领导权不会回到 zk3：只有在不得不换时，领导者才会更换。',
      },
    },
  ],
};

export const minorityPartition: Lesson = {
  id: 'minority-partition',
  scenario: 'lessons/minority-partition',
  title: { en: 'A minority cannot write, a majority can', zh: '少数派不能写，多数派可以' },
  summary: {
    en: 'Cut the leader off: it stops leading, the other two elect a new leader and go on.',
    zh: '把领导者隔离：它不再领导，另外两台选出新领导者继续工作。',
  },
  steps: [
    {
      claims: [
        { server: 'zk3', role: 'LEADING' },
        { client: 'a', state: 'CONNECTED', connectedTo: 'zk3' },
        { client: 'b', state: 'CONNECTED', connectedTo: 'zk1' },
      ],
      at: 1900,
      view: 'cluster',
      text: {
        en: 'zk3 leads. Client a is connected to zk3, client b to zk1; both write every 200 ms.',
        zh: 'zk3 是领导者。客户端 a 连在 zk3 上，客户端 b 连在 zk1 上；两者每 200 毫秒写一次。',
      },
    },
    {
      at: 2000,
      inject: { action: 'partition', groups: [['zk3', 'a']] },
      view: 'cluster',
      text: {
        en: 'We cut zk3 and client a off from zk1 and zk2.',
        zh: '我们把 zk3 和客户端 a 与 zk1、zk2 隔开（网络分区）。',
      },
    },
    {
      claims: [
        { server: 'zk2', role: 'LEADING' },
        { server: 'zk1', role: 'FOLLOWING', leader: 2 },
        { server: 'zk3', role: 'LEADING' },
        { leaders: 2 },
      ],
      stepTo: 'election',
      times: 2,
      view: 'cluster',
      text: {
        en: 'zk1 and zk2 are 2 of 3: they elect zk2. For a few milliseconds there are two leaders — zk3 has not noticed yet that it lost its quorum — but zk3 alone cannot commit anything.',
        zh: 'zk1 和 zk2 是 3 台中的 2 台：它们选出了 zk2。有几毫秒的时间同时存在两个领导者——zk3 还没发现自己失去了过半数——但单独的 zk3 什么也提交不了。',
      },
    },
    {
      claims: [
        { server: 'zk3', up: true, role: 'LOOKING' },
        { leaders: 1 },
        { log: 'a', last: 'a write 8: ConnectionLoss' },
      ],
      at: 2716,
      view: 'cluster',
      text: {
        en: 'zk3 alone is 1 of 3, not a quorum: it stops leading, and a’s write, logged only on zk3, ends in ConnectionLoss.',
        zh: 'zk3 单独只有 3 台中的 1 台，不过半：它放弃领导，a 那次只记在 zk3 日志里的写入以 ConnectionLoss 告终。',
      },
    },
    {
      claims: [
        { client: 'b', state: 'CONNECTED', connectedTo: 'zk2' },
        { server: 'zk2', role: 'LEADING', currentEpoch: 2 },
        { log: 'b', last: 'b write 11: ok, zxid 0x200000003' },
        { client: 'a', state: 'CONNECTING' },
        { server: 'zk3', up: true },
      ],
      at: 4000,
      view: 'log',
      text: {
        en: 'b reconnected to zk2 and writes in epoch 2. a cannot reach a quorum, so it cannot write at all — even though its server is alive.',
        zh: 'b 重新连到 zk2，在 epoch 2 中继续写入。a 连不到过半数的服务器，所以完全不能写——尽管它的服务器还活着。',
      },
    },
    {
      at: 6000,
      inject: { action: 'heal' },
      view: 'cluster',
      text: { en: 'Heal the network.', zh: '恢复网络。' },
    },
    {
      claims: [
        { server: 'zk3', role: 'FOLLOWING', leader: 2 },
        { znode: '/a', data: '7' },
      ],
      at: 9000,
      view: 'cluster',
      text: {
        en: 'zk3 rejoins as a follower of zk2. The write it alone had logged was never committed: the snapshot it received does not have it.',
        zh: 'zk3 作为 zk2 的跟随者重新加入。那条只有它记录过的写入从未被提交：它收到的快照里没有这条写入。',
      },
    },
  ],
};

export const followerRejoin: Lesson = {
  id: 'follower-rejoin',
  scenario: 'lessons/follower-rejoin',
  title: { en: 'A follower rejoins: SNAP, then DIFF', zh: '跟随者重新加入：先 SNAP，再 DIFF' },
  summary: {
    en: 'A follower far behind gets a snapshot; one slightly behind gets only what it missed.',
    zh: '落后很多的跟随者收到快照；稍微落后的只收到它错过的事务。',
  },
  steps: [
    {
      claims: [
        { server: 'zk3', role: 'LEADING' },
        { server: 'zk1', role: 'FOLLOWING', leader: 3 },
        { server: 'zk2', role: 'FOLLOWING', leader: 3 },
      ],
      at: 300,
      view: 'cluster',
      text: {
        en: 'zk3 leads, zk1 and zk2 follow. A writer will set /data every 200 ms.',
        zh: 'zk3 是领导者，zk1 和 zk2 是跟随者。一个写入者将每 200 毫秒更新一次 /data。',
      },
    },
    {
      claims: [
        { server: 'zk1', up: false },
        { server: 'zk3', role: 'LEADING' },
        { server: 'zk2', role: 'FOLLOWING', leader: 3 },
      ],
      at: 1000,
      view: 'cluster',
      text: {
        en: 'zk1 crashed at 0.4 s, before the first write. zk2 and zk3 are still a quorum, so the writes go on without it.',
        zh: 'zk1 在 0.4 秒、第一次写入之前崩溃了。zk2 和 zk3 仍然过半，所以写入在没有它的情况下继续。',
      },
    },
    {
      claims: [
        { server: 'zk1', role: 'FOLLOWING', leader: 3, lastZxid: '0x100000008' },
        { server: 'zk3', lastZxid: '0x100000008' },
      ],
      at: 1840,
      view: 'spacetime',
      text: {
        en: 'zk1 restarts with zxid 0x0. The leader keeps its last 500 committed txns in memory, but zk1 is older than all of them: it gets the whole tree, a SNAP.',
        zh: 'zk1 以 zxid 0x0 重启。领导者在内存中保留最近 500 个已提交事务，但 zk1 比它们都旧：于是它收到整棵树，即 SNAP。',
      },
    },
    {
      claims: [{ server: 'zk1', up: false }],
      at: 3000,
      view: 'cluster',
      text: {
        en: 'zk1 crashed again at 2.8 s. This time its disk holds everything up to 0x10000000d.',
        zh: 'zk1 在 2.8 秒再次崩溃。这次它的磁盘保存了直到 0x10000000d 的全部事务。',
      },
    },
    {
      claims: [
        { server: 'zk1', role: 'FOLLOWING', leader: 3, lastZxid: '0x100000011' },
        { server: 'zk3', lastZxid: '0x100000011' },
      ],
      at: 3650,
      view: 'spacetime',
      text: {
        en: 'It restarts at 3.6 s. Its last zxid is in the leader’s log, so the leader sends only the txns it missed: a DIFF.',
        zh: '它在 3.6 秒重启。它的最后 zxid 在领导者的日志中，所以领导者只发送它错过的事务：即 DIFF。',
      },
    },
    {
      claims: [
        { server: 'zk1', lastZxid: '0x100000016' },
        { server: 'zk2', lastZxid: '0x100000016' },
        { server: 'zk3', lastZxid: '0x100000016' },
        { znode: '/data', data: '20' },
      ],
      at: 5000,
      view: 'tree',
      text: {
        en: 'All three servers end with the same tree and the same last zxid.',
        zh: '最终三台服务器的数据树和最后 zxid 完全一致。',
      },
    },
  ],
};

export const rejoinTrunc: Lesson = {
  id: 'rejoin-trunc',
  scenario: 'lessons/rejoin-trunc',
  twin: 'diff-instead-of-trunc',
  title: { en: 'The old leader rejoins: TRUNC', zh: '旧领导者重新加入：TRUNC' },
  summary: {
    en: 'A write logged only on a cut-off leader is truncated when it comes back.',
    zh: '只记录在被隔离的领导者上的写入，在它回来时被截断。',
  },
  steps: [
    {
      claims: [
        { server: 'zk3', role: 'LEADING' },
        { znode: '/x', data: 'first' },
        { client: 'a', connectedTo: 'zk3' },
        { client: 'b', connectedTo: 'zk1' },
      ],
      at: 1000,
      view: 'tree',
      text: {
        en: 'zk3 leads. Client a, on zk3, has created /x = first; client b is on zk1.',
        zh: 'zk3 是领导者。连在 zk3 上的客户端 a 创建了 /x = first；客户端 b 连在 zk1 上。',
      },
    },
    {
      at: 2000,
      view: 'cluster',
      text: {
        en: 'At 2 s zk3 and a are cut off from zk1 and zk2.',
        zh: '在 2 秒时，zk3 和 a 与 zk1、zk2 之间发生网络分区。',
      },
    },
    {
      claims: [
        { server: 'zk3', role: 'LEADING', lastZxid: '0x100000004' },
        { server: 'zk1', lastZxid: '0x100000003' },
        { znode: '/x', data: 'first' },
      ],
      at: 2200,
      view: 'cluster',
      text: {
        en: 'a sets /x = second. zk3 logs the proposal, but no follower can ACK it: it is not committed.',
        zh: 'a 把 /x 设为 second。zk3 把这个提议写入日志，但没有跟随者能 ACK 它：它没有被提交。',
      },
    },
    {
      claims: [
        { server: 'zk2', role: 'LEADING' },
        { server: 'zk1', role: 'FOLLOWING', leader: 2 },
        { server: 'zk3', role: 'LEADING' },
        { leaders: 2 },
        { client: 'a', state: 'CONNECTED', connectedTo: 'zk3' },
      ],
      stepTo: 'election',
      times: 2,
      view: 'cluster',
      text: {
        en: 'zk1 and zk2 elect zk2, for epoch 2. For a moment there are two leaders: zk3 has not noticed yet that it lost its quorum, and a still waits for its write.',
        zh: 'zk1 和 zk2 选出 zk2，准备进入 epoch 2。有那么一小会儿同时存在两个领导者：zk3 还没发现自己失去了过半数，a 也还在等它那次写入的结果。',
      },
    },
    {
      claims: [
        { server: 'zk3', role: 'LOOKING' },
        { leaders: 1 },
        { server: 'zk2', currentEpoch: 2 },
        { log: 'a', last: 'set /x second: ConnectionLoss' },
      ],
      at: 2715,
      view: 'cluster',
      text: {
        en: 'zk3 gives up leading and a gets ConnectionLoss: it cannot know whether its write happened.',
        zh: 'zk3 放弃领导，a 收到 ConnectionLoss：它无法知道这次写入是否生效。',
      },
    },
    {
      claims: [
        { server: 'zk3', role: 'FOLLOWING', leader: 2, lastZxid: '0x100000003' },
        { znode: '/x', on: 'zk3', data: 'first' },
      ],
      at: 4150,
      view: 'spacetime',
      highlight: [{ server: 'zk3' }, { znode: '/x' }],
      predict: {
        en: 'The network heals. zk3 holds txn 0x100000004, which no other server has. What will the new leader tell it?',
        zh: '网络恢复了。zk3 持有事务 0x100000004，其他服务器都没有。新领导者会让它怎么做？',
      },
      text: {
        en: 'The network heals. zk3 comes back with txn 0x100000004, beyond the new leader’s last one: the leader sends TRUNC and zk3 cuts its log back to 0x100000003.',
        zh: '网络恢复。zk3 带着事务 0x100000004 回来，它超出了新领导者的最后一个事务：领导者发送 TRUNC，zk3 把日志截断回 0x100000003。',
      },
    },
    {
      claims: [
        { log: 'a', last: 'a reads /x: first' },
        { log: 'b', last: 'b reads /x: first' },
        { znode: '/x', data: 'first' },
      ],
      at: 5200,
      view: 'log',
      text: {
        en: 'a and b both read /x = first: the write no quorum accepted is gone everywhere.',
        zh: 'a 和 b 读到的 /x 都是 first：没有被过半数接受的写入在所有地方都消失了。',
      },
    },
  ],
};

export const diffInsteadOfTrunc: Lesson = {
  id: 'diff-instead-of-trunc',
  scenario: 'lessons/diff-instead-of-trunc',
  twin: 'rejoin-trunc',
  broken: true,
  title: { en: 'Break it: DIFF instead of TRUNC', zh: '动手破坏：用 DIFF 代替 TRUNC' },
  summary: {
    en: 'A server bug skips TRUNC: the replicas disagree about /x.',
    zh: '服务器缺陷跳过了 TRUNC：各副本对 /x 的值不一致。',
  },
  steps: [
    {
      at: 0,
      view: 'cluster',
      text: {
        en: 'The same run as the TRUNC lesson, with one server bug switched on: the leader never sends TRUNC (ZOOKEEPER-1154).',
        zh: '与 TRUNC 那课相同的运行，但打开了一个服务器缺陷：领导者从不发送 TRUNC（ZOOKEEPER-1154）。',
      },
    },
    {
      claims: [
        { server: 'zk3', lastZxid: '0x100000004' },
        { server: 'zk1', lastZxid: '0x100000003' },
        { znode: '/x', data: 'first' },
      ],
      at: 2200,
      view: 'cluster',
      text: {
        en: 'As before, a’s write /x = second is logged only on zk3 and never committed.',
        zh: '和之前一样，a 写入的 /x = second 只记录在 zk3 上，从未被提交。',
      },
    },
    {
      claims: [
        { server: 'zk3', role: 'FOLLOWING', leader: 2, lastZxid: '0x100000004' },
        { znode: '/x', on: 'zk3', data: 'second' },
      ],
      at: 4150,
      view: 'spacetime',
      text: {
        en: 'zk3 rejoins with that txn. The leader answers with a DIFF, and zk3 keeps a write nobody committed.',
        zh: 'zk3 带着那个事务重新加入。领导者回复 DIFF，zk3 保留了一条没有人提交过的写入。',
      },
    },
    {
      claims: [
        { log: 'a', last: 'a reads /x: second' },
        { log: 'b', last: 'b reads /x: first' },
        { client: 'a', connectedTo: 'zk3' },
        { client: 'b', connectedTo: 'zk1' },
        { znode: '/x', on: 'zk3', data: 'second' },
        { znode: '/x', on: 'zk1', data: 'first' },
      ],
      at: 5200,
      view: 'log',
      text: {
        en: 'a, on zk3, reads /x = second; b, on zk1, reads /x = first. The replicas have diverged.',
        zh: '连在 zk3 上的 a 读到 /x = second；连在 zk1 上的 b 读到 /x = first。副本之间已经不一致了。',
      },
    },
  ],
};

export const fsyncBeforeAck: Lesson = {
  id: 'fsync-before-ack',
  scenario: 'lessons/fsync-before-ack',
  twin: 'ack-before-fsync',
  title: { en: 'Why a follower fsyncs before it ACKs', zh: '为什么跟随者要先 fsync 再 ACK' },
  summary: {
    en: 'An acknowledged write survives a power failure because a quorum has it on disk.',
    zh: '已确认的写入能在断电后幸存，因为过半数服务器已把它写到磁盘上。',
  },
  steps: [
    {
      at: 1305,
      view: 'spacetime',
      claims: [
        { server: 'zk3', lastZxid: '0x100000002' },
        { znode: '/important', absent: true },
      ],
      highlight: [{ server: 'zk2' }, { message: 'ACK', from: 'zk2', to: 'zk3' }],
      text: {
        en: 'The writer creates /important. The leader logs and fsyncs the proposal; a follower logs it, fsyncs, and only then ACKs — zk2 just did, zk1 has not received it yet. Nothing is committed so far.',
        zh: '写入者创建 /important。领导者把提议写入日志并 fsync；跟随者写入日志、fsync，然后才发送 ACK——zk2 刚刚这样做了，zk1 还没收到提议。到此为止还没有任何提交。',
      },
    },
    {
      claims: [
        { znode: '/important', data: 'v1', czxid: '0x100000002' },
        { log: 'writer', last: 'create /important: /important' },
      ],
      at: 1320,
      view: 'log',
      text: {
        en: 'With the ACKs of a quorum — copies on disk — the leader commits, and the writer is told OK.',
        zh: '收到过半数的 ACK（也就是过半数的磁盘上已有副本）后，领导者提交，写入者得到 OK。',
      },
    },
    {
      claims: [
        { server: 'zk1', up: false },
        { server: 'zk2', up: false },
        { server: 'zk3', up: false },
      ],
      at: 1500,
      view: 'cluster',
      text: {
        en: 'Power failure: all three servers crash at once. A crash keeps only what was fsynced.',
        zh: '断电：三台服务器同时崩溃。崩溃后只有已 fsync 的数据会保留。',
      },
    },
    {
      claims: [
        { server: 'zk3', up: false },
        { server: 'zk2', role: 'LEADING' },
        { server: 'zk1', role: 'FOLLOWING', leader: 2 },
        { znode: '/important', data: 'v1' },
      ],
      at: 2300,
      view: 'tree',
      text: {
        en: 'zk1 and zk2 come back without zk3. Both logs hold /important, so the leader they elect has it.',
        zh: 'zk1 和 zk2 恢复了，zk3 没有回来。两者的日志里都有 /important，所以它们选出的领导者也有它。',
      },
    },
    {
      claims: [{ log: 'reader', last: 'reader reads /important: v1' }, { violations: [] }],
      at: 2800,
      view: 'log',
      text: {
        en: 'A new client reads /important = v1: the acknowledged write survived the power failure.',
        zh: '一个新客户端读到 /important = v1：已确认的写入在断电后依然存在。',
      },
    },
  ],
};

export const ackBeforeFsync: Lesson = {
  id: 'ack-before-fsync',
  scenario: 'lessons/ack-before-fsync',
  twin: 'fsync-before-ack',
  broken: true,
  title: { en: 'Break it: ACK before fsync', zh: '动手破坏：先 ACK 后 fsync' },
  summary: {
    en: 'Followers ACK before their disk has the write: a power failure loses an acknowledged write.',
    zh: '跟随者在写入落盘前就 ACK：一次断电就丢失了已确认的写入。',
  },
  steps: [
    {
      at: 1300,
      view: 'spacetime',
      text: {
        en: 'The same run, with the ack-before-fsync bug: a follower ACKs a proposal as soon as it has it in memory and fsyncs at the next ping.',
        zh: '同样的运行，但打开了 ack-before-fsync 缺陷：跟随者一收到提议、还在内存里就 ACK，等下一次 ping 时才 fsync。',
      },
    },
    {
      claims: [
        { log: 'writer', last: 'create /important: /important' },
        { znode: '/important', data: 'v1' },
      ],
      at: 1320,
      view: 'log',
      highlight: [{ server: 'zk1' }, { server: 'zk2' }, { znode: '/important' }],
      text: {
        en: 'The leader commits /important on the followers’ word, and the writer is told OK. On disk, only zk3 has it.',
        zh: '领导者凭跟随者的 ACK 提交了 /important，写入者得到 OK。但在磁盘上，只有 zk3 有它。',
      },
    },
    {
      claims: [
        { server: 'zk1', up: false },
        { server: 'zk2', up: false },
        { server: 'zk3', up: false },
      ],
      at: 1500,
      view: 'cluster',
      text: {
        en: 'Power failure before the next ping: the followers lose the records they had not fsynced.',
        zh: '在下一次 ping 之前断电：跟随者丢失了尚未 fsync 的记录。',
      },
    },
    {
      claims: [
        { server: 'zk2', role: 'LEADING' },
        { server: 'zk1', role: 'FOLLOWING', leader: 2 },
        { znode: '/important', absent: true },
        { violations: ['durability'] },
      ],
      stepTo: 'violation',
      view: 'cluster',
      text: {
        en: 'zk1 and zk2 elect zk2, whose log ends before /important. The checker flags it: an acknowledged write is lost (durability).',
        zh: 'zk1 和 zk2 选出 zk2，而它的日志在 /important 之前就结束了。检查器报告：一条已确认的写入丢失了（durability）。',
      },
    },
    {
      claims: [
        { log: 'reader', last: 'reader reads /important: NoNode' },
        { log: 'writer', last: 'writer reads /important: NoNode' },
        { znode: '/important', absent: true },
      ],
      at: 3900,
      view: 'log',
      text: {
        en: 'A new client gets NoNode. The writer, refused at first because it had seen a newer zxid than the servers, reads NoNode too: its own acknowledged write.',
        zh: '新客户端读到 NoNode。写入者起初被拒绝连接，因为它见过比服务器更新的 zxid；之后它也读到 NoNode——那正是它自己已确认的写入。',
      },
    },
  ],
};

export const staleRead: Lesson = {
  id: 'stale-read',
  scenario: 'lessons/stale-read',
  title: { en: 'A stale read on a follower, and sync()', zh: '跟随者上的过期读，以及 sync()' },
  summary: {
    en: 'A lagging follower serves an old value after the write was acknowledged; sync() fixes it.',
    zh: '落后的跟随者在写入已确认后仍返回旧值；sync() 可以解决。',
  },
  steps: [
    {
      claims: [
        { server: 'zk3', role: 'LEADING' },
        { client: 'writer', connectedTo: 'zk3' },
        { client: 'reader', connectedTo: 'zk1' },
        { znode: '/v', data: 'old' },
      ],
      at: 700,
      view: 'cluster',
      text: {
        en: 'zk3 leads. The writer is connected to zk3, the reader to zk1, and /v = old.',
        zh: 'zk3 是领导者。写入者连在 zk3 上，读取者连在 zk1 上，/v = old。',
      },
    },
    {
      at: 1500,
      view: 'cluster',
      text: {
        en: 'From now on, packets from zk3 to zk1 take 300 ms longer: zk1 lags behind.',
        zh: '从现在起，zk3 发往 zk1 的数据包要多花 300 毫秒：zk1 会落后。',
      },
    },
    {
      claims: [
        { log: 'writer', last: 'writer: /v = new acknowledged' },
        { znode: '/v', on: 'zk3', data: 'new' },
        { znode: '/v', on: 'zk2', data: 'new' },
        { znode: '/v', on: 'zk1', data: 'old' },
      ],
      at: 1640,
      view: 'log',
      text: {
        en: 'The writer sets /v = new. zk3 and zk2 are a quorum: the write commits and the writer is told OK.',
        zh: '写入者把 /v 设为 new。zk3 和 zk2 已过半：写入被提交，写入者得到 OK。',
      },
    },
    {
      claims: [
        { log: 'reader', last: 'reader before sync: old' },
        { znode: '/v', on: 'zk1', data: 'old' },
      ],
      at: 1770,
      view: 'log',
      text: {
        en: 'The reader, on zk1, reads /v and gets old — after the write was acknowledged. A follower answers reads from its own copy.',
        zh: '连在 zk1 上的读取者读 /v，得到 old——而此时写入已经确认。跟随者用自己的副本回答读请求。',
      },
    },
    {
      claims: [
        { log: 'reader', last: 'reader after sync: new' },
        { znode: '/v', on: 'zk1', data: 'new' },
      ],
      at: 2080,
      view: 'log',
      text: {
        en: 'sync() returns once zk1 has everything the leader had committed before it. The next read gets new.',
        zh: 'sync() 会等 zk1 拿到领导者在此之前提交的全部内容后才返回。接下来的读得到 new。',
      },
    },
  ],
};
