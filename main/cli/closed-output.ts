/**
 * The command's output read by a program that stops reading (`onefile-import import ... |
 * head`, a log viewer closed, a cron job's mail pipe gone): the next write fails with EPIPE,
 * which Node raises as an unhandled error, and the process died with a stack half-way
 * through an import, exit 1. An import must not stop because no one reads its output: from
 * then on what would have gone there is dropped, the run goes on to its end, and the exit
 * code is the run's. Any other failure of the output is still raised.
 */
let installed = false;

export function carryOnWhenOutputCloses(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  if (installed) return;
  installed = true;
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // EIO: a terminal closed under the command (SIGHUP), its writes refused.
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED' || (error.code === 'EIO' && stream.isTTY)) return;
      throw error;
    });
  }
}
