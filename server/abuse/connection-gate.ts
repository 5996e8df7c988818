// Owns counting the long-lived connections each network holds, against a cap.

/**
 * Per-network counts of open connections (sockets, event streams). A network at its cap is
 * refused more until one closes. Counts live in this process; a network's entry goes when its
 * last connection closes, so the table holds only networks with something open.
 */
export class ConnectionGate {
  private readonly open = new Map<string, number>();

  /** `cap` null: no cap (connections are still counted). */
  constructor(private readonly cap: number | null) {}

  /** Whether the network may open one more; a connection without a known network always may. */
  hasRoom(network: string | null): boolean {
    return network === null || this.cap === null || (this.open.get(network) ?? 0) < this.cap;
  }

  /** Counts one more open connection of the network. */
  opened(network: string | null): void {
    if (network !== null) this.open.set(network, (this.open.get(network) ?? 0) + 1);
  }

  /** Counts one connection of the network less. */
  closed(network: string | null): void {
    if (network === null) return;
    const count = (this.open.get(network) ?? 0) - 1;
    if (count > 0) this.open.set(network, count);
    else this.open.delete(network);
  }

  /** Connections the network holds now. */
  countOf(network: string): number {
    return this.open.get(network) ?? 0;
  }
}
