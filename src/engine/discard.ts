// Giving the memory of typed arrays back before the garbage collector would.

/**
 * Detaches the buffers of `views` (moves them, by the standard structured-clone transfer, into a
 * copy that nothing holds), so their memory goes back at the next minor garbage collection rather
 * than at the next full one; every view on those buffers is empty afterwards. perf: a finished run's
 * big arrays (a million users' records, the event queue) otherwise stay resident while the report is
 * drawn, which would be the process's peak (bench/README.md, "Memory after the run").
 */
export function discardBuffers(views: readonly ArrayBufferView[]): void {
  const buffers = new Set<ArrayBuffer>();
  for (const v of views)
    if (v.buffer instanceof ArrayBuffer && v.buffer.byteLength > 0) buffers.add(v.buffer);
  if (buffers.size > 0) structuredClone(null, { transfer: [...buffers] });
}
