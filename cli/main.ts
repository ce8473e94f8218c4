import { runCli } from './program.js'
import { processTerminal } from './terminal.js'

// `elm-infra … | head` closes the pipe early: that is the reader's choice, not a failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
}

process.exitCode = await runCli(process.argv.slice(2), {
  terminal: processTerminal,
  env: process.env,
  cwd: process.cwd(),
  exitCode: 0
})
