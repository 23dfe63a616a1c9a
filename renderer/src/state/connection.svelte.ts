// Whether the web host's socket is open. Electron's IPC never drops, so there it stays connected.
class ConnectionState {
  connected = $state(true);
  /** Bumped on every reconnect after a drop, so state mirrors know to fetch again. */
  reconnects = $state(0);
  #everOpen = false;

  opened(): void {
    if (this.#everOpen && !this.connected) this.reconnects++;
    this.#everOpen = true;
    this.connected = true;
  }

  closed(): void {
    if (this.#everOpen) this.connected = false;
  }
}

export const connection = new ConnectionState();
