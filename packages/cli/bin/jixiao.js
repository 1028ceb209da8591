#!/usr/bin/env node
// The jixiao command. Built code lives in ../dist (npm ci runs the build via "prepare").
import { main, nodeIo } from "../dist/index.js";

process.exitCode = await main(process.argv.slice(2), nodeIo());
