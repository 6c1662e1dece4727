#!/usr/bin/env node
import { processIo, run } from './index';

process.exitCode = await run(process.argv.slice(2), processIo());
