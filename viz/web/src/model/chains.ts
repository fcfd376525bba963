/**
 * Mapping chains: for a mapping a pager made, the records that made it, in order:
 *
 *     page_fault (the thread faults) -> fault_delivered (the kernel sends the fault message)
 *     -> ipc_recv (the pager receives it) -> page_map (the page appears in the faulting
 *     thread's task, at the faulting page) -> ipc_reply (the pager answers; the thread runs)
 *
 * A page_map belongs to a fault when its task is the faulting thread's and its page the
 * faulting page, while the pager handles that fault (received, not answered yet). The reply
 * is added when it comes, so a chain may still grow after its mapping appears.
 */
import { PAGE_SIZE } from "./state";

const PAGE_MASK = ~(PAGE_SIZE - 1);

interface Fault {
  thread: number;
  page: number;
  chain: number[];
  mapped: boolean;
}

export class ChainTracker {
  /** page_map row -> its chain. */
  readonly chains = new Map<number, number[]>();
  private readonly byThread = new Map<number, Fault>();
  private readonly byMsg = new Map<number, Fault>();
  /** Faults received by a pager and not answered yet. */
  private readonly handling = new Set<Fault>();

  constructor(private readonly taskOf: (thread: number) => number | undefined) {}

  pageFault(row: number, thread: number, address: number): void {
    this.byThread.set(thread, { thread, page: (address & PAGE_MASK) >>> 0, chain: [row], mapped: false });
  }

  faultDelivered(row: number, thread: number, msg: number, address: number): void {
    const page = (address & PAGE_MASK) >>> 0;
    let fault = this.byThread.get(thread);
    if (!fault || fault.page !== page || fault.chain.length !== 1) {
      fault = { thread, page, chain: [], mapped: false }; // a fault that was no page fault (or unseen)
      this.byThread.set(thread, fault);
    }
    fault.chain.push(row);
    this.byMsg.set(msg, fault);
  }

  received(row: number, msg: number): void {
    const fault = this.byMsg.get(msg);
    if (!fault) return;
    this.byMsg.delete(msg);
    fault.chain.push(row);
    this.handling.add(fault);
  }

  /** A page_map at `row`; returns its chain (empty when no pager's fault explains it). */
  mapped(row: number, task: number, vaddr: number): number[] {
    const page = (vaddr & PAGE_MASK) >>> 0;
    for (const fault of this.handling) {
      if (!fault.mapped && fault.page === page && this.taskOf(fault.thread) === task) {
        fault.mapped = true;
        fault.chain.push(row);
        this.chains.set(row, fault.chain);
        return fault.chain;
      }
    }
    return [];
  }

  /** An ipc_reply to `thread`: the end of its fault's chain. */
  replied(row: number, thread: number): void {
    const fault = this.byThread.get(thread);
    if (!fault || !this.handling.has(fault)) return;
    this.handling.delete(fault);
    this.byThread.delete(thread);
    if (fault.mapped) fault.chain.push(row);
  }

  chainOf(row: number): number[] {
    return this.chains.get(row) ?? [];
  }
}
