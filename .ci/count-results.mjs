// Prints "<passed> <failed>" for one test run, read from its JSON report.
// Usage: node .ci/count-results.mjs <vitest|playwright> <report.json> <exit status of the run>
// A run that exited non-zero without any failing test in its report (crash, failed global setup,
// web server that never started) counts one extra failure, so it can never look green.
import { readFileSync } from 'node:fs'
import process from 'node:process'

const [kind, file, exitStatus] = process.argv.slice(2)

function read() {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

function count(report) {
  if (!report) return { passed: 0, failed: 0 }
  if (kind === 'vitest') {
    // numFailedTests misses files that failed to load; count those as failures too.
    const failedFiles = (report.testResults ?? []).filter(
      (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
    ).length
    return {
      passed: report.numPassedTests ?? 0,
      failed: (report.numFailedTests ?? 0) + failedFiles,
    }
  }
  if (kind === 'playwright') {
    const stats = report.stats ?? {}
    const errors = (report.errors ?? []).length
    return {
      passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
      failed: (stats.unexpected ?? 0) + errors,
    }
  }
  throw new Error(`unknown report kind ${kind}`)
}

const { passed, failed } = count(read())
const extra = Number(exitStatus) !== 0 && failed === 0 ? 1 : 0
process.stdout.write(`${passed} ${failed + extra}\n`)
