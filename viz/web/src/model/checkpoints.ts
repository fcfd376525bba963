/**
 * stateAt(index) exactly and fast in both directions: the state is rebuilt by replaying
 * records from the nearest checkpoint at or before the index.
 *
 * The head state follows the model's build (record by record). Checkpoints are lazy: the
 * build makes none (a clone per interval of a million-record trace cost seconds of copying
 * and garbage collection before the first draw). The first query past the last checkpoint
 * replays forward from it and keeps a checkpoint (a clone of the replayed state) once at
 * least max(minEvery, SIZE_FACTOR x state size) records have passed since the previous one,
 * so the checkpoints cover the trace up to the furthest index asked for, in order. Replaying
 * from a checkpoint then costs a few times what cloning it does, and all checkpoints together
 * hold at most a quarter as many entries as the trace has records.
 *
 * A separate cursor state serves queries: a step forward replays from where the cursor is; a
 * step back clones the checkpoint before it and replays at most one interval.
 */
import { KernelState, type StateContext } from "./state";

/** Fewest records between checkpoints (a replay of this many takes well under a millisecond). */
export const MIN_CHECKPOINT_EVERY = 1024;
/** Records between checkpoints per entry of the state: replay costs at most this many times a clone. */
export const SIZE_FACTOR = 4;

export class StateTimeline {
  /** Checkpoints by increasing index; the first is the empty state before record 0. */
  readonly checkpoints: KernelState[] = [];
  readonly head: KernelState;
  private cursor: KernelState | undefined;

  constructor(context: StateContext, private readonly minEvery = MIN_CHECKPOINT_EVERY) {
    this.head = new KernelState(context);
    this.checkpoints.push(new KernelState(context));
  }

  /** The build has reached record `row`: apply it to the head (checkpoints come later, lazily). */
  advance(row: number): void {
    this.head.apply(row);
  }

  /**
   * The state just after record `index` (-1 <= index <= head.index). Internal and reused:
   * the next call may change it; callers make snapshots of it.
   */
  at(index: number): KernelState {
    if (index >= this.head.index) return this.head;
    const checkpoint = this.checkpointBefore(index);
    let state = this.cursor;
    if (!state || state.index > index || state.index < checkpoint.index) state = checkpoint.clone();
    const last = this.checkpoints[this.checkpoints.length - 1];
    if (checkpoint === last) this.replayKeeping(state, index);
    else while (state.index < index) state.apply(state.index + 1);
    this.cursor = state;
    return state;
  }

  /** Replay `state` (at or after the last checkpoint) to `index`, keeping checkpoints on the way. */
  private replayKeeping(state: KernelState, index: number): void {
    let since = state.index - this.checkpoints[this.checkpoints.length - 1].index;
    let nextCheck = this.minEvery;
    while (state.index < index) {
      state.apply(state.index + 1);
      if (++since < nextCheck) continue;
      // Measure the state only now and then: it changes by at most one entry or so a record.
      const due = Math.max(this.minEvery, SIZE_FACTOR * state.size());
      if (since >= due) {
        this.checkpoints.push(state.clone());
        since = 0;
        nextCheck = this.minEvery;
      } else {
        nextCheck = since + Math.max(1, Math.floor((due - since) / 2));
      }
    }
  }

  private checkpointBefore(index: number): KernelState {
    const list = this.checkpoints;
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (list[mid].index <= index) lo = mid;
      else hi = mid - 1;
    }
    return list[lo];
  }
}
