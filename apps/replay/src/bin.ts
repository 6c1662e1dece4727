#!/usr/bin/env node
import { packageName } from './index';

process.stdout.write(`${packageName}: the replay arrives with its issue\n`);
