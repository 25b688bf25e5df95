/** Where a topic's frames go: uWebSockets.js `app.publish` in the server, a list in unit tests. */
export interface Publisher {
  /** Sends one frame to every subscriber of `topic` (none is fine). */
  publish(topic: string, frame: Uint8Array): void;
}
