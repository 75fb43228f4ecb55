// How the kernel names what it hosts: nodes by a string the run chooses (servers are `zk<sid>`,
// src/sim/node-id.ts), connections by a number it assigns itself.

export type NodeId = string;
/** A connection id, assigned by the kernel; unique for the whole run. */
export type ConnId = number;
