// Slow motion for the first election of a page that opens playing (issue #15 item 5): the votes
// take a quarter of a virtual second, over before a newcomer has looked at 0.25×. The run starts
// at INTRO_SPEED, a caption says so, and once a leader has been elected for INTRO_AFTER virtual ms
// it goes on at the usual speed. Anything the reader does (play, pause, step, seek, a speed, a
// fault) ends the intro there (the page calls end()).
import type { Frame } from '../../conductor/run-control.ts';

export const INTRO_SPEED = 0.05;
export const INTRO_AFTER = 150;

export class Intro {
  /** Whether the slow motion is on (the caption shows). */
  on = $state(false);
  #leaderAt: number | null = null;
  #played = false;
  #offered = false;

  /**
   * A new run starts: the page's first run, opening to play from 0, gets the intro. True when it
   * starts (the page sets INTRO_SPEED); false when the page should end any intro and go on.
   */
  offer(opensPlaying: boolean): boolean {
    const first = !this.#offered;
    this.#offered = true;
    if (!first || !opensPlaying) return false;
    this.on = true;
    this.#leaderAt = null;
    this.#played = false;
    return true;
  }

  /** Ends the intro; true when it was on (the page restores its speed). */
  end(): boolean {
    if (!this.on) return false;
    this.on = false;
    return true;
  }

  /**
   * What a frame means for the intro. Only frames played at the intro's speed move it on; once it
   * has played, any other frame (paused, another speed, by a key, a button or a test driving the
   * RunControl) ends it where it is ('interrupted'). 'done': a leader (or a standalone server) has
   * served INTRO_AFTER ms, go on at the usual speed.
   */
  onFrame(frame: Frame): 'done' | 'interrupted' | null {
    if (!this.on) return null;
    if (frame.status !== 'playing' || frame.speed !== INTRO_SPEED) {
      return this.#played && frame.status !== 'preparing' ? 'interrupted' : null;
    }
    this.#played = true;
    const elected = frame.view.servers.some((x) => x.role === 'LEADING' || x.role === 'STANDALONE');
    if (elected && this.#leaderAt === null) this.#leaderAt = frame.t;
    return this.#leaderAt !== null && frame.t >= this.#leaderAt + INTRO_AFTER ? 'done' : null;
  }
}
